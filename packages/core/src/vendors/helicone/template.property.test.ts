import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PromptError } from "../../errors/prompt-error.js";
import type { RenderOptions } from "../../contract/template-engine.js";
import { versionOf } from "./__fixtures__/version.js";
import { heliconeTemplate } from "./template.js";

type Body = Record<string, unknown>;

/** Template text built from fragments that often form (and almost form) tags. */
const fragment = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      "{{",
      "}}",
      "{",
      "}",
      "hc",
      "hcp",
      "HC",
      ":",
      " ",
      "\n",
      "\t",
      "a",
      "name",
      "x-y",
      "_",
      "1",
      "abc123",
      "0",
      "2",
      "string",
      "number",
      "boolean",
      "any",
      "staging",
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "{{hc:a:string}}",
      "{{ hc : name : number }}",
      "{{hc:x-y:boolean}}",
      "{{hc:b:any}}",
      "{{hcp:abc123:0}}",
      "{{hcp:XYZ789:1:staging}}",
      "{{hc:a}}",
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 4 }) },
);
const templateText = fc.array(fragment, { maxLength: 20 }).map((xs) => xs.join(""));

/** A body with template text in every place the engine reads: messages, tools, response format. */
const bodyArb: fc.Arbitrary<Body> = fc
  .record({
    system: templateText,
    parts: fc.array(templateText, { maxLength: 3 }),
    toolName: templateText,
    description: fc.option(templateText, { nil: undefined }),
    key: templateText,
    value: templateText,
    items: fc.array(templateText, { maxLength: 3 }),
    formatName: fc.option(templateText, { nil: undefined }),
  })
  .map(
    (t): Body => ({
      model: "m",
      messages: [
        { role: "system", content: t.system },
        { role: "user", content: [...t.parts.map((text) => ({ type: "text", text })), { type: "image_url", image_url: { url: t.value } }] },
      ],
      tools: [
        {
          type: "function",
          function: {
            name: t.toolName,
            ...(t.description === undefined ? {} : { description: t.description }),
            parameters: { type: "object", properties: { [t.key]: { type: "string", enum: t.items, default: t.value } }, x: t.value },
          },
        },
      ],
      response_format: {
        type: "json_schema",
        json_schema: { ...(t.formatName === undefined ? {} : { name: t.formatName }), schema: { [t.value]: t.key, list: t.items } },
      },
    }),
  );

const hostileValue = fc.oneof(
  fc.anything({
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    withTypedArray: true,
    withUnicodeString: true,
  }),
  fc.constant(Symbol("s")),
  fc.constant(() => "f"),
  fc.constant(
    (() => {
      const o: Record<string, unknown> = {};
      o.self = o;
      return o;
    })(),
  ),
  fc.constant({ toJSON: () => undefined }),
  fc.constant({
    valueOf: () => {
      throw new Error("boom");
    },
  }),
);

const variablesArb = fc.dictionary(
  fc.oneof(fc.constantFrom("a", "name", "x-y", "b", "constructor", "__proto__"), fc.string({ maxLength: 3 })),
  hostileValue,
  { maxKeys: 6 },
);

const optionsArb: fc.Arbitrary<RenderOptions | undefined> = fc.option(
  fc.record(
    {
      missing: fc.constantFrom("error", "keep") as fc.Arbitrary<"error" | "keep">,
      included: fc
        .array(fc.tuple(fc.constantFrom("hcp:abc123:0", "hcp:XYZ789:1:staging", "hcp:other1:0"), templateText), { maxLength: 3 })
        .map((entries) => new Map(entries)),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

describe("property: render throws nothing but PromptError", () => {
  it("for arbitrary templates, values and options, in both modes", () => {
    fc.assert(
      fc.property(bodyArb, variablesArb, optionsArb, (body, variables, options) => {
        const compiled = heliconeTemplate.compile(versionOf(body));
        for (const opts of [options, { ...options, missing: "keep" as const }, { ...options, missing: "error" as const }]) {
          try {
            const out = compiled.render(variables, opts);
            expect(out.messages).toHaveLength(2);
          } catch (err) {
            if (!PromptError.is(err)) throw err;
            expect(["invalid_variables", "unsupported"]).toContain(err.code);
            if (err.code === "invalid_variables") expect(err.problems?.length ?? 0).toBeGreaterThan(0);
          }
        }
        for (const i of [-1, 0, 1, 2]) expect(typeof compiled.includeText(i, options?.included)).toBe("string");
      }),
      { numRuns: 500 },
    );
  });

  it("keep mode never throws when every include is supplied or none is needed", () => {
    fc.assert(
      fc.property(bodyArb, variablesArb, (body, variables) => {
        const compiled = heliconeTemplate.compile(versionOf(body));
        expect(() => compiled.render(variables, { missing: "keep" })).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});

describe("property: a value is never expanded twice", () => {
  /** A literal that cannot form a tag, even next to a tag. */
  const literal = fc.stringMatching(/^[a-z .,]{0,8}$/);
  /** Values full of tag text. */
  const value = fc
    .array(
      fc.oneof(
        fc.constantFrom("{{hc:a:string}}", "{{hc:b:any}}", "{{ hc : c : number }}", "{{hcp:abc123:0}}", "{{", "}}", "$&", "$1"),
        fc.string({ maxLength: 3 }),
      ),
      {
        minLength: 1,
        maxLength: 5,
      },
    )
    .map((xs) => xs.join(""));
  const names = ["a", "b", "c"] as const;

  it("values containing tag text appear verbatim, in text and in JSON", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            literal.map((text) => ({ text })),
            fc.constantFrom(...names).map((name) => ({ name })),
          ),
          { maxLength: 8 },
        ),
        fc.tuple(value, value, value),
        (segments, values) => {
          const vars: Record<string, string> = { a: values[0], b: values[1], c: values[2] };
          const template = segments.map((s) => ("name" in s ? `{{hc:${s.name}:any}}` : s.text)).join("");
          const expected = segments.map((s) => ("name" in s ? vars[s.name] : s.text)).join("");
          const body = {
            model: "m",
            messages: [{ role: "user", content: template }],
            tools: [{ type: "function", function: { name: "f", description: template, parameters: { d: template, e: "{{hc:a:any}}" } } }],
          };
          const out = heliconeTemplate.compile(versionOf(body)).render(vars);
          expect(out.messages[0]!.content).toBe(expected);
          expect(out.tools[0]!.description).toBe(expected);
          expect(out.tools[0]!.parameters).toEqual({ d: expected, e: vars.a });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("property: parsing is idempotent", () => {
  it("keep mode with no variables prints every template back unchanged", () => {
    fc.assert(
      fc.property(bodyArb, (body) => {
        const version = versionOf(body);
        const out = heliconeTemplate.compile(version).render({}, { missing: "keep" });
        expect(out.messages).toEqual(version.messages);
        expect(out.tools).toEqual(version.tools);
        expect(out.responseFormat).toEqual(version.responseFormat);
      }),
      { numRuns: 500 },
    );
  });

  it("text → parse → print = text, for any string", () => {
    fc.assert(
      fc.property(fc.oneof(templateText, fc.string()), (text) => {
        const version = versionOf({ model: "m", messages: [{ role: "user", content: text }] });
        expect(heliconeTemplate.compile(version).render({}, { missing: "keep" }).messages[0]!.content).toBe(text);
        expect(heliconeTemplate.compile(version).includeText(0)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it("compiling the same input twice gives equal results", () => {
    fc.assert(
      fc.property(bodyArb, variablesArb, optionsArb, (body, variables, options) => {
        const version = versionOf(body);
        const one = heliconeTemplate.compile(version);
        const two = heliconeTemplate.compile(version);
        expect(two.includes).toEqual(one.includes);
        expect(two).toEqual(one);
        const run = (c: typeof one): unknown => {
          try {
            return c.render(variables, options);
          } catch (err) {
            return PromptError.is(err) ? { code: err.code, message: err.message, problems: err.problems } : err;
          }
        };
        expect(run(two)).toEqual(run(one));
      }),
      { numRuns: 300 },
    );
  });
});
