import { describe, expect, it } from "vitest";
import { renderAny, versionOf } from "../../test-support/translate-kit.js";
import { translateVersion } from "../../translate/translate-version.js";
import { heliconeDialect } from "../helicone/template-translate.js";
import { langfuseDialect } from "../langfuse/template-translate.js";
import { telaDialect } from "./template-translate.js";

describe("telaDialect", () => {
  it("reads only declared names as variables; other brace text stays literal", () => {
    const neutral = telaDialect.read(
      versionOf("tela", {
        messages: [{ role: "user", content: 'Hi {name} {{name}} {other} {"a": 1} { name }' }],
        variables: [{ name: "name", type: "string", required: true }],
      }),
    );
    expect(neutral.messages[0]).toEqual({
      role: "user",
      content: [
        { kind: "text", text: "Hi " },
        { kind: "variable", name: "name" },
        { kind: "text", text: " " },
        { kind: "variable", name: "name" },
        { kind: "text", text: ' {other} {"a": 1} { name }' },
      ],
    });
  });

  it("keeps file variables as file variables, and reports them into a text-only dialect", () => {
    const source = versionOf("tela", {
      messages: [{ role: "user", content: "Read {document} for {query}" }],
      variables: [
        { name: "document", type: "file", required: true },
        { name: "query", type: "string", required: true },
      ],
    });
    const self = telaDialect.write(telaDialect.read(source));
    expect(self.losses).toEqual([]);
    expect(self.version.variables).toEqual(source.variables);
    const lossy = translateVersion(source, { from: telaDialect, to: langfuseDialect, allowLossy: true });
    expect(lossy.losses.map((loss) => `${loss.kind}:${loss.name}`)).toEqual(["file-variable:document"]);
    expect(lossy.version.variables.find((variable) => variable.name === "document")?.type).toBe("string");
  });

  it("declares every name it writes, so a translated variable is never literal text", () => {
    const source = versionOf("helicone", { messages: [{ role: "user", content: "{{hc:topic:string}} and {{hc:n:number}}" }] });
    const { version } = translateVersion(source, { from: heliconeDialect, to: telaDialect });
    expect(version.messages[0]).toEqual({ role: "user", content: "{{topic}} and {{n}}" });
    expect(version.variables.map((variable) => variable.name)).toEqual(["topic", "n"]);
    expect(renderAny(version, { topic: "x", n: 2 }).messages).toEqual(renderAny(source, { topic: "x", n: 2 }).messages);
  });

  it("reports literal text that reads as a declared placeholder (Tela has no escape)", () => {
    const source = versionOf("langfuse", { messages: [{ role: "user", content: "{{name}} says {name}" }] });
    const { losses } = translateVersion(source, { from: langfuseDialect, to: telaDialect, allowLossy: true });
    expect(losses.map((loss) => loss.kind)).toEqual(["colliding-text"]);
    expect(losses[0]!.name).toContain("{name}");
  });

  it("reports includes: Tela has none", () => {
    const source = versionOf("helicone", { messages: [{ role: "user", content: "x {{hcp:abc123:0}}" }] });
    const { losses, version } = translateVersion(source, { from: heliconeDialect, to: telaDialect, allowLossy: true });
    expect(losses).toEqual([expect.objectContaining({ kind: "include", name: "abc123:0@production", where: "messages[0]" })]);
    expect(version.messages[0]).toEqual({ role: "user", content: "x " });
  });
});
