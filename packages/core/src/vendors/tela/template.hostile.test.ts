// Hostile templates must cost time linear in their size (issue 11, finding 2): a prompt, its
// text and its declared variables, is vendor data, and a scanner that backtracks or retries
// every name at every brace would block the host's event loop on render.
import { describe, expect, it } from "vitest";
import type { PromptVariable, PromptVersion } from "../../model/types.js";
import { MAX_GROWTH, measureGrowth, padTo, repeatTo } from "../../test-support/linear-growth.js";
import { telaTemplate } from "./template.js";

function version(text: string, names: readonly string[]): PromptVersion {
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
    messages: [
      { role: "user", content: text },
      { role: "user", content: [{ type: "text", text }] },
    ],
    variables: names.map((name): PromptVariable => ({ name, type: "text", required: false })),
  };
}

/** Compiles and renders (keep mode), as one unit of work. */
function compileAndRender(text: string, names: readonly string[]): () => unknown {
  const values = Object.fromEntries(names.slice(0, 3).map((name) => [name, "v"]));
  return () => {
    const compiled = telaTemplate.compile(version(text, names));
    return [compiled.render(values, { missing: "keep" }), compiled.includeText(0)];
  };
}

const NAMES = ["a", "ab", "name", "my var", "x.y"];

/** Hostile inputs of about `length` characters: the text, and the declared names. */
const SHAPES: Record<string, (length: number) => { text: string; names: readonly string[] }> = {
  "{ repeated": (n) => ({ text: repeatTo("{", n), names: NAMES }),
  "{{ repeated": (n) => ({ text: repeatTo("{{", n), names: NAMES }),
  "} repeated": (n) => ({ text: repeatTo("}", n), names: NAMES }),
  "unterminated placeholders repeated": (n) => ({ text: repeatTo("{a", n), names: NAMES }),
  "unterminated double placeholders repeated": (n) => ({ text: repeatTo("{{name}", n), names: NAMES }),
  "nested braces": (n) => ({ text: repeatTo("{", n / 2) + repeatTo("}", n / 2), names: NAMES }),
  "nested braces around a name": (n) => ({ text: `${repeatTo("{", n / 2 - 2)}name${repeatTo("}", n / 2 - 2)}`, names: NAMES }),
  "long name-like text after a brace": (n) => ({ text: padTo("{", "a", n), names: NAMES }),
  "valid placeholders repeated": (n) => ({ text: repeatTo("{a} {{name}} ", n), names: NAMES }),
  "JSON-like text": (n) => ({ text: repeatTo('{"a": {"b": [1, {"c": 2}]}} ', n), names: NAMES }),
  "text without braces": (n) => ({ text: repeatTo("Hello there, friend. ", n), names: NAMES }),
  // Declared names are vendor data too: they grow with the input in these shapes.
  "a long declared name made of braces, over braces": (n) => ({ text: repeatTo("{", n / 2), names: [repeatTo("{", n / 2)] }),
  "a long declared name, over its unterminated prefix": (n) => ({ text: padTo("{", "a", n / 2), names: [repeatTo("a", n / 2)] }),
  "a long declared name, repeated prefixes of it": (n) => ({
    text: repeatTo(`{${repeatTo("a", 99)}`, n / 2),
    names: [repeatTo("a", n / 2)],
  }),
  "many declared names, over braces": (n) => ({
    text: repeatTo("{v", n / 2),
    names: Array.from({ length: n / 20 }, (_, i) => `v${i}`),
  }),
  "many declared names that share a long prefix": (n) => ({
    text: repeatTo(`{${repeatTo("p", 20)}`, n / 2),
    names: Array.from({ length: n / 50 }, (_, i) => `${repeatTo("p", 20)}${i}`),
  }),
  "declared names that contain braces": (n) => ({
    text: repeatTo("{a}}", n / 2),
    names: ["a}", "a}}", "{a", "}", "{", ...Array.from({ length: n / 100 }, (_, i) => `${"}".repeat(i % 40)}a${i}`)],
  }),
};

describe("telaTemplate on hostile input: time grows linearly", () => {
  it.each(Object.entries(SHAPES))(
    "%s",
    (_shape, shape) => {
      const growth = measureGrowth((length) => {
        const { text, names } = shape(length);
        return compileAndRender(text, names);
      });
      expect(growth.ratio, JSON.stringify(growth)).toBeLessThan(MAX_GROWTH);
    },
    300_000,
  );
});
