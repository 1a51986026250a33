// Hostile templates must cost time linear in their length (issue 11, finding 2): a prompt is
// vendor data, and a scanner that backtracks would block the host's event loop on render.
import { describe, expect, it } from "vitest";
import { MAX_GROWTH, measureGrowth, padTo, repeatTo } from "../../test-support/linear-growth.js";
import { textBody, versionOf } from "./__fixtures__/version.js";
import { heliconeTemplate } from "./template.js";

const keep = { missing: "keep" } as const;

/** Compiles and renders a body (keep mode, every include given `includedText`), as one unit of work. */
function compileAndRender(body: Record<string, unknown>, includedText = "x"): () => unknown {
  return () => {
    const compiled = heliconeTemplate.compile(versionOf(body));
    const included = new Map(compiled.includes.map((include) => [include.key, includedText]));
    const rendered = compiled.render({ a: "1", b: "2" }, { ...keep, included });
    return [rendered, compiled.includeText(0, included)];
  };
}

/** Hostile message texts of about `length` characters, by the shape that could make a scanner backtrack. */
const TEXT_SHAPES: Record<string, (length: number) => string> = {
  "unterminated partial, then spaces": (n) => padTo("{{hcp:abcdef:1", " ", n),
  "unterminated partial with environment, then spaces": (n) => padTo("{{hcp:abcdef:1:production", " ", n),
  "partial opener, then spaces": (n) => padTo("{{hcp:", " ", n),
  "partial with id, then spaces": (n) => padTo("{{hcp:abcdef", " ", n),
  "unterminated variable, then spaces": (n) => padTo("{{hc:", " ", n),
  "variable name, then spaces": (n) => padTo("{{hc:name", " ", n),
  "variable name and type, then spaces": (n) => padTo("{{hc:name:string", " ", n),
  "opener, then mixed whitespace": (n) => padTo("{{", " \n\t\u00a0", n),
  "{{ repeated": (n) => repeatTo("{{", n),
  "{ repeated": (n) => repeatTo("{", n),
  "} repeated after an opener": (n) => padTo("{{hc:a:b", "}", n),
  "variable openers repeated": (n) => repeatTo("{{hc:", n),
  "partial openers repeated": (n) => repeatTo("{{hcp:", n),
  "partial openers with id and index repeated": (n) => repeatTo("{{hcp:abcdef:1", n),
  "unclosed variables repeated": (n) => repeatTo("{{hc:a:b ", n),
  "half-closed variables repeated": (n) => repeatTo("{{hc:a:b}", n),
  "long variable name": (n) => padTo("{{hc:", "a", n),
  "long variable type": (n) => padTo("{{hc:a:", "b", n),
  "long partial id": (n) => padTo("{{hcp:", "a1", n),
  "long partial index": (n) => padTo("{{hcp:abcdef:", "1", n),
  "long partial environment": (n) => padTo("{{hcp:abcdef:1:", "e", n),
  "many colons after a variable": (n) => padTo("{{hc:a", ":", n),
  "many colons after a partial": (n) => padTo("{{hcp:abcdef:1", ":", n),
  "colons and spaces after a partial": (n) => padTo("{{hcp:abcdef:1", ": ", n),
  "whitespace between every part, repeated": (n) => repeatTo("{{ \t hc \n : ", n),
  "valid variables repeated": (n) => repeatTo("{{hc:a:string}} ", n),
  "valid partials repeated": (n) => repeatTo("{{hcp:abcdef:1}} ", n),
  "valid partials with environments repeated": (n) => repeatTo("{{ hcp : abcdef : 01 : env }}", n),
  "text without tags": (n) => repeatTo("Hello there, friend. ", n),
};

describe("heliconeTemplate on hostile text: time grows linearly", () => {
  it.each(Object.entries(TEXT_SHAPES))(
    "%s",
    (_shape, text) => {
      const growth = measureGrowth((length) => compileAndRender(textBody(text(length))));
      expect(growth.ratio, JSON.stringify(growth)).toBeLessThan(MAX_GROWTH);
    },
    300_000,
  );

  it("a partial whose included text is hostile", () => {
    const growth = measureGrowth((length) =>
      compileAndRender(textBody("Intro {{hcp:abcdef:1}} outro"), padTo("{{hcp:abcdef:1 {{hc:a:b", " ", length)),
    );
    expect(growth.ratio, JSON.stringify(growth)).toBeLessThan(MAX_GROWTH);
  }, 300_000);

  it("hostile keys and values in tool parameters", () => {
    const growth = measureGrowth((length) =>
      compileAndRender({
        model: "m",
        messages: [{ role: "user", content: "hi" }],
        tools: [
          {
            type: "function",
            function: {
              name: "f",
              description: padTo("{{hc:a:b", " ", length / 4),
              parameters: {
                type: "object",
                [padTo("{{hc:a", " ", length / 4)]: padTo("{{hcp:abcdef:1", " ", length / 4),
                enum: [padTo("{{hc:", " ", length / 4)],
              },
            },
          },
        ],
      }),
    );
    expect(growth.ratio, JSON.stringify(growth)).toBeLessThan(MAX_GROWTH);
  }, 300_000);
});
