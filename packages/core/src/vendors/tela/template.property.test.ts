import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PromptError } from "../../errors/prompt-error.js";
import type { ContentPart, PromptMessage, PromptVariable, PromptVersion } from "../../model/types.js";
import { telaTemplate } from "./template.js";

const NAMES = ["a", "b", "doc", "x_y", "a.b", "Ab", "(x)", "my var"] as const;

const nameArb = fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 4 }));

/** Template text rich in braces, declared-looking placeholders and arbitrary strings. */
const textArb = fc
  .array(
    fc.oneof(
      fc.constantFrom("{", "}", "{{", "}}", " ", '{"a": 1}', "{ a }", "{{ a }}"),
      nameArb.map((n) => `{${n}}`),
      nameArb.map((n) => `{{${n}}}`),
      fc.string({ maxLength: 6 }),
    ),
    { maxLength: 12 },
  )
  .map((pieces) => pieces.join(""));

const partArb: fc.Arbitrary<ContentPart> = fc.oneof(
  textArb.map((text) => ({ type: "text" as const, text })),
  fc.constant({ type: "image" as const, url: "https://img.test/{a}.png" }),
  fc.constant({ type: "file" as const, url: "https://f.test/{doc}.pdf", variable: "doc" }),
);

const messageArb: fc.Arbitrary<PromptMessage> = fc.record({
  role: fc.constantFrom("system", "developer", "user", "assistant", "tool"),
  content: fc.oneof(textArb, fc.array(partArb, { maxLength: 4 })),
});

const variableArb = (types: readonly string[]): fc.Arbitrary<PromptVariable> =>
  fc.record({ name: nameArb, type: fc.constantFrom(...types), required: fc.boolean() });

const fileValueArb = fc.oneof(
  fc.webUrl(),
  fc.record({ url: fc.webUrl(), mimeType: fc.constantFrom("application/pdf", "image/png") }),
  fc.record({ file_url: fc.webUrl() }),
  fc.array(fc.webUrl(), { maxLength: 3 }),
);

const valuesArb = fc
  .array(fc.tuple(nameArb, fc.oneof(fc.anything(), fileValueArb)), { maxLength: 8 })
  .map((entries) => Object.fromEntries(entries));

function version(messages: PromptMessage[], variables: PromptVariable[]): PromptVersion {
  return {
    vendor: "tela",
    promptId: "p",
    versionId: "v",
    version: "1",
    environments: [],
    draft: false,
    createdAt: "2024-01-01T00:00:00.000Z",
    raw: [],
    source: "network",
    fetchedAt: "2024-01-01T00:00:00.000Z",
    template: "tela",
    params: {},
    tools: [],
    messages,
    variables,
  };
}

describe("telaTemplate properties", () => {
  it("throws nothing but invalid_variables PromptErrors, and never throws with missing: 'keep'", () => {
    fc.assert(
      fc.property(
        fc.array(messageArb, { maxLength: 4 }),
        fc.array(variableArb(["text", "file", "string"]), { maxLength: 6 }),
        valuesArb,
        (messages, variables, values) => {
          const compiled = telaTemplate.compile(version(messages, variables));
          expect(() => compiled.render(values, { missing: "keep" })).not.toThrow();
          try {
            compiled.render(values);
          } catch (err) {
            expect(PromptError.is(err)).toBe(true);
            const error = err as PromptError;
            expect(error.code).toBe("invalid_variables");
            expect(error.problems?.length).toBeGreaterThan(0);
            const declared = new Set(variables.map((v) => v.name));
            for (const problem of error.problems ?? []) expect(declared.has(problem.name)).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("reports every required variable that is missing", () => {
    fc.assert(
      fc.property(fc.array(variableArb(["text", "file"]), { maxLength: 6 }), valuesArb, (variables, values) => {
        const required = new Set(
          variables.filter((v, i) => v.name !== "" && v.required && variables.findIndex((w) => w.name === v.name) === i).map((v) => v.name),
        );
        const missing = [...required].filter((n) => !Object.hasOwn(values, n) || values[n] === undefined || values[n] === null);
        try {
          telaTemplate.compile(version([{ role: "user", content: "x" }], variables)).render(values);
          expect(missing).toEqual([]);
        } catch (err) {
          const reported = new Set((err as PromptError).problems?.map((p) => p.name));
          for (const name of missing) expect(reported.has(name)).toBe(true);
        }
      }),
    );
  });

  it("returns the messages unchanged with missing: 'keep' and no values", () => {
    fc.assert(
      fc.property(
        fc.array(messageArb, { maxLength: 4 }),
        fc.array(variableArb(["text", "file"]), { maxLength: 6 }),
        (messages, variables) => {
          const body = telaTemplate.compile(version(messages, variables)).render({}, { missing: "keep" });
          expect(body.messages).toEqual(messages);
        },
      ),
    );
  });

  it("never expands an inserted value a second time", () => {
    // Rendering with arbitrary values must equal rendering with unique tokens and then
    // swapping each token for its value: that only holds if values are inserted once.
    const token = (i: number) => `\u0000${i}\u0000`;
    fc.assert(
      fc.property(
        fc.array(messageArb, { maxLength: 3 }),
        fc.uniqueArray(nameArb, { maxLength: 5 }),
        fc.array(textArb, { minLength: 5, maxLength: 5 }),
        (messages, names, texts) => {
          fc.pre(!JSON.stringify(messages).includes("\\u0000"));
          const variables = names.map((name) => ({ name, type: "text", required: true }));
          const compiled = telaTemplate.compile(version(messages, variables));
          const values = Object.fromEntries(names.map((name, i) => [name, texts[i]]));
          const tokens = Object.fromEntries(names.map((name, i) => [name, token(i)]));
          const swap = (text: string) => names.reduce((out, _, i) => out.split(token(i)).join(texts[i]), text);
          const expected = compiled.render(tokens).messages.map((m) => ({
            ...m,
            content:
              typeof m.content === "string"
                ? swap(m.content)
                : m.content.map((p) => (p.type === "text" ? { ...p, text: swap(p.text) } : p)),
          }));
          expect(compiled.render(values).messages).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
