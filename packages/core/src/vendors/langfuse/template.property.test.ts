import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RenderOptions } from "../../contract/template-engine.js";
import { PromptError } from "../../errors/prompt-error.js";
import type { VersionMessage } from "../../model/types.js";
import { chatVersion } from "./__fixtures__/template-version.js";
import { langfuseTemplate, langfuseVariables, parseIncludeTags } from "./template.js";

/** Template text built from fragments that often form (and almost form) tags. */
const fragment = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      "{{",
      "}}",
      "{",
      "}",
      "#",
      "^",
      "/",
      "&",
      "!",
      ">",
      "=",
      ".",
      " ",
      "\n",
      "\r\n",
      "\t",
      "a",
      "b",
      "list",
      "a.b",
      "<%",
      "%>",
      "@@@",
      "langfusePrompt:",
      "name=p",
      "|",
      "label=x",
      "version=1",
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "{{a}}",
      "{{#list}}",
      "{{/list}}",
      "{{^b}}",
      "{{/b}}",
      "{{{a}}}",
      "{{&b}}",
      "{{! c }}",
      "{{> p}}",
      "{{=<% %>=}}",
      "{{a.b.c}}",
      "{{.}}",
      "@@@langfusePrompt:name=p|version=1@@@",
      "@@@langfusePrompt:name=q|label=production@@@",
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 4 }) },
);
const templateText = fc.array(fragment, { maxLength: 20 }).map((xs) => xs.join(""));

const messagesArb: fc.Arbitrary<VersionMessage[]> = fc.array(
  fc.oneof(
    templateText.map((content): VersionMessage => ({ role: "user", content })),
    fc.constantFrom("history", "examples").map((name): VersionMessage => ({ role: "placeholder", name })),
  ),
  { maxLength: 4 },
);

/** Any value, including the hostile ones: functions, symbols, cycles, getters that throw, proxies. */
const hostileValue = fc.oneof(
  fc.anything(),
  fc.constant(() => "fn"),
  fc.constant(Symbol("s")),
  fc.constant("__hostile_getter__"),
  fc.constant("__hostile_proxy__"),
  fc.constant([{ role: "user", content: "{{a}}" }]),
);
/** Hostile objects are built inside the property: fast-check itself would trip over their traps. */
function withHostileObjects(variables: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(variables)) {
    let v = value;
    if (value === "__hostile_getter__") {
      v = Object.defineProperty({}, "b", {
        enumerable: true,
        get() {
          throw new Error("getter");
        },
      });
    } else if (value === "__hostile_proxy__") {
      const trap = (): never => {
        throw new Error("trap");
      };
      v = new Proxy({}, { has: trap, getOwnPropertyDescriptor: trap, get: trap, ownKeys: trap });
    }
    Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
const variablesArb = fc.dictionary(fc.constantFrom("a", "b", "list", "history", "examples", "__proto__", "constructor"), hostileValue);
const optionsArb: fc.Arbitrary<RenderOptions | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant({ missing: "keep" as const }),
  fc.record({ missing: fc.constantFrom("error" as const, "keep" as const), included: fc.constant(new Map<string, string>()) }),
);

describe("langfuseTemplate: only PromptError is ever thrown", () => {
  it("compile, render, includeText and langfuseVariables on any template, values and options", () => {
    fc.assert(
      fc.property(messagesArb, variablesArb, optionsArb, fc.string({ maxLength: 6 }), (messages, variables, options, includedText) => {
        expect(() => langfuseVariables(messages)).not.toThrow();
        try {
          const compiled = langfuseTemplate.compile(chatVersion(messages));
          const included = new Map(compiled.includes.map((i) => [i.key, includedText]));
          const withIncludes = options?.included ? { ...options, included } : options;
          compiled.render(withHostileObjects(variables), withIncludes);
          compiled.includeText(0, included);
        } catch (err) {
          expect(err).toBeInstanceOf(PromptError);
          const e = err as PromptError;
          expect(e.vendor).toBe("langfuse");
          expect(["invalid_variables", "invalid_prompt", "unsupported"]).toContain(e.code);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("a render in keep mode never reports a missing value", () => {
    fc.assert(
      fc.property(templateText, fc.dictionary(fc.constantFrom("a", "b", "list"), fc.jsonValue()), (text, variables) => {
        try {
          langfuseTemplate.compile(chatVersion([{ role: "user", content: text }])).render(variables, { missing: "keep" });
        } catch (err) {
          expect((err as PromptError).code).not.toBe("invalid_variables");
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("dependency-tag parsing keeps every character: literal pieces and raw tags join back into the text", () => {
    fc.assert(
      fc.property(templateText, (text) => {
        const parts = parseIncludeTags(text);
        if (parts === null) return;
        expect(parts.map((p) => (typeof p === "string" ? p : p.raw)).join("")).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });
});
