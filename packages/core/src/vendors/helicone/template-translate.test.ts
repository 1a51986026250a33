import { describe, expect, it } from "vitest";
import { PromptError } from "../../errors/prompt-error.js";
import { renderAny, versionOf } from "../../test-support/translate-kit.js";
import { translateVersion } from "../../translate/translate-version.js";
import { langfuseDialect } from "../langfuse/template-translate.js";
import { telaDialect } from "../tela/template-translate.js";
import { heliconeDialect } from "./template-translate.js";

const caught = (fn: () => unknown): PromptError => {
  try {
    fn();
  } catch (err) {
    if (PromptError.is(err)) return err;
    throw err;
  }
  throw new Error("did not throw");
};

describe("heliconeDialect", () => {
  it("reads typed variables and partials (no environment = production) into the neutral form", () => {
    const neutral = heliconeDialect.read(
      versionOf("helicone", {
        messages: [{ role: "system", content: "Hi {{ hc:name:string }} {{hcp:brand1:02}} {{hcp:brand1:0:staging}}" }],
      }),
    );
    expect(neutral.messages[0]).toEqual({
      role: "system",
      content: [
        { kind: "text", text: "Hi " },
        { kind: "variable", name: "name", type: "string" },
        { kind: "text", text: " " },
        { kind: "include", ref: { vendor: "helicone", promptId: "brand1", environment: "production" }, messageIndex: 2 },
        { kind: "text", text: " " },
        { kind: "include", ref: { vendor: "helicone", promptId: "brand1", environment: "staging" }, messageIndex: 0 },
      ],
    });
  });

  it("writes typed tags from the version's variable types, and a partial with its environment", () => {
    const source = versionOf("tela", {
      messages: [{ role: "user", content: "Count {count} for {{who}}" }],
      variables: [
        { name: "count", type: "number", required: true },
        { name: "who", type: "string", required: true },
      ],
    });
    const { version } = translateVersion(source, { from: telaDialect, to: heliconeDialect });
    expect(version.messages[0]).toEqual({ role: "user", content: "Count {{hc:count:number}} for {{hc:who:string}}" });
    expect(renderAny(version, { count: 3, who: "Ann" }).messages).toEqual(renderAny(source, { count: 3, who: "Ann" }).messages);
  });

  it("refuses a section, a placeholder, an unreferenceable include and colliding text, naming each; allowLossy converts and lists them", () => {
    const source = versionOf("langfuse", {
      messages: [
        { role: "system", content: "A{{#vip}} VIP{{/vip}}{{^vip}} normal{{/vip}} @@@langfusePrompt:name=brand-voice|label=production@@@" },
        { role: "placeholder", name: "history" },
        { role: "user", content: "dotted {{a.b}}" },
      ],
      variables: [{ name: "history", type: "placeholder", required: true }],
    });
    const error = caught(() => translateVersion(source, { from: langfuseDialect, to: heliconeDialect }));
    expect(error.code).toBe("unsupported");
    expect(error.operation).toBe("translate");
    for (const text of ['section "vip"', 'placeholder "history"', 'include "brand-voice:0@production"', 'variable-name "a.b"']) {
      expect(error.message).toContain(text);
    }
    const { version, losses } = translateVersion(source, { from: langfuseDialect, to: heliconeDialect, allowLossy: true });
    expect(losses.map((loss) => `${loss.kind}:${loss.name}`).sort()).toEqual(
      ["include:brand-voice:0@production", "placeholder:history", "section:vip", "section:vip", "variable-name:a.b"].sort(),
    );
    expect(version.messages).toEqual([
      { role: "system", content: "A VIP " },
      { role: "user", content: "dotted " },
    ]);
    expect(version.variables).toEqual([]);
  });

  it("reports literal text that reads as a Helicone tag (Helicone has no escape)", () => {
    const source = versionOf("tela", { messages: [{ role: "user", content: "write {{hc:x:string}} or {{hcp:abc123:0}} literally" }] });
    const error = caught(() => translateVersion(source, { from: telaDialect, to: heliconeDialect }));
    expect(error.message).toContain('colliding-text "write {{hc:x:string}} or {{hcp:abc123:0}} literally" at messages[0]');
  });

  it("reports typed tags inside tool JSON when the target templates only messages", () => {
    const source = versionOf("helicone", {
      messages: [{ role: "user", content: "go" }],
      tools: [
        {
          name: "lookup",
          description: "Find {{hc:what:string}}",
          parameters: { type: "object", properties: { tier: { enum: "{{hc:tiers:array}}" } } },
        },
      ],
    });
    const error = caught(() => translateVersion(source, { from: heliconeDialect, to: langfuseDialect }));
    expect(error.message).toContain('tool-variable "what" at tools[0].description');
    expect(error.message).toContain('tool-variable "tiers" at tools[0].parameters.properties.tier.enum');
    const { version, losses } = translateVersion(source, { from: heliconeDialect, to: langfuseDialect, allowLossy: true });
    expect(losses).toHaveLength(2);
    expect(version.tools[0]).toEqual({
      name: "lookup",
      description: "Find ",
      parameters: { type: "object", properties: { tier: { enum: "" } } },
    });
  });

  it("keeps tool templates when translating to itself and reports literal tool text that collides", () => {
    const source = versionOf("langfuse", {
      messages: [{ role: "user", content: "go" }],
      tools: [{ name: "t", description: "uses {{hc:x:string}} literally" }],
    });
    const error = caught(() => translateVersion(source, { from: langfuseDialect, to: heliconeDialect }));
    expect(error.message).toContain("colliding-text");
    expect(error.message).toContain("tools[0].description");
  });
});
