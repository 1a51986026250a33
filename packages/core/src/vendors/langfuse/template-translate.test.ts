import { describe, expect, it } from "vitest";
import { renderAny, versionOf } from "../../test-support/translate-kit.js";
import { translateVersion } from "../../translate/translate-version.js";
import { heliconeDialect } from "../helicone/template-translate.js";
import { telaDialect } from "./../tela/template-translate.js";
import { langfuseDialect } from "./template-translate.js";

describe("langfuseDialect", () => {
  it("reads variables, sections, placeholders and dependencies (also inside sections)", () => {
    const neutral = langfuseDialect.read(
      versionOf("langfuse", {
        messages: [
          { role: "system", content: "{{#vip}}@@@langfusePrompt:name=brand|version=2@@@{{/vip}}{{^vip}}{{ name }}{{/vip}}" },
          { role: "placeholder", name: "history" },
        ],
      }),
    );
    expect(neutral.messages).toEqual([
      {
        role: "system",
        content: [
          {
            kind: "section",
            name: "vip",
            inverted: false,
            body: [{ kind: "include", ref: { vendor: "langfuse", promptId: "brand", version: "2" }, messageIndex: 0 }],
          },
          { kind: "section", name: "vip", inverted: true, body: [{ kind: "variable", name: "name" }] },
        ],
      },
      { role: "placeholder", name: "history" },
    ]);
  });

  it("escapes literal {{ and dependency openers so they render as written and never become tags", () => {
    const source = versionOf("tela", {
      messages: [{ role: "user", content: 'JSON {{"a": {x}}} and @@@langfusePrompt:name=a|label=b@@@ {{{x}}}' }],
      variables: [{ name: "x", type: "string", required: true }],
    });
    const { version, losses } = translateVersion(source, { from: telaDialect, to: langfuseDialect });
    expect(losses).toEqual([]);
    expect(langfuseDialect.read(version).messages[0]).toEqual(telaDialect.read(source).messages[0]);
    expect(renderAny(version, { x: "X" }).messages).toEqual(renderAny(source, { x: "X" }).messages);
  });

  it("writes Helicone partials with an environment as label dependencies, and reports other messages than 0", () => {
    const source = versionOf("helicone", { messages: [{ role: "system", content: "A {{hcp:brand1:0:staging}} B {{hcp:brand1:1}}" }] });
    const { version, losses } = translateVersion(source, { from: heliconeDialect, to: langfuseDialect, allowLossy: true });
    expect(version.messages[0]).toEqual({ role: "system", content: "A @@@langfusePrompt:name=brand1|label=staging@@@ B " });
    expect(losses).toEqual([expect.objectContaining({ kind: "include", name: "brand1:1@production" })]);
  });

  it("keeps placeholders and sections; Helicone reads them back only with losses", () => {
    const source = versionOf("langfuse", {
      messages: [
        { role: "system", content: "Hi {{name}}{{#vip}}, VIP{{/vip}}" },
        { role: "placeholder", name: "history" },
      ],
      variables: [
        { name: "name", type: "string", required: true },
        { name: "vip", type: "string", required: false },
        { name: "history", type: "placeholder", required: true },
      ],
    });
    const self = langfuseDialect.write(langfuseDialect.read(source));
    expect(self.losses).toEqual([]);
    expect(self.version.messages).toEqual(source.messages);
  });

  it("refuses a dependency inside a Mustache tag rather than inventing a variable name", () => {
    const source = versionOf("langfuse", { messages: [{ role: "user", content: "{{x@@@langfusePrompt:name=a|label=b@@@}}" }] });
    expect(() => langfuseDialect.read(source)).toThrow(/inside the Mustache tag/);
  });
});
