// Hostile templates must cost time linear in their length: a prompt is vendor data, and a
// scanner that backtracks (as `mustache`'s regex scanner does on long whitespace runs) would
// block the host's event loop on render.
import { describe, expect, it } from "vitest";
import { PromptError } from "../../errors/prompt-error.js";
import { MAX_GROWTH, measureGrowth, padTo, repeatTo } from "../../test-support/linear-growth.js";
import { chatVersion } from "./__fixtures__/template-version.js";
import { langfuseTemplate, langfuseVariables } from "./template.js";

const keep = { missing: "keep" } as const;
const variables = { a: { x: 1 }, b: "2", list: [1, 2] };

/** Scans variables, compiles, renders (keep mode, every include given `includedText`) and reads includeText: one unit of work. */
function compileAndRender(text: string, includedText = "x"): () => unknown {
  return () => {
    const messages = [{ role: "user" as const, content: text }];
    const found = langfuseVariables(messages);
    try {
      const compiled = langfuseTemplate.compile(chatVersion(messages));
      const included = new Map(compiled.includes.map((include) => [include.key, includedText]));
      return [found, compiled.render(variables, { ...keep, included }), compiled.includeText(0, included)];
    } catch (err) {
      // Malformed templates are refused: the refusal must be linear too, and a PromptError.
      if (!(err instanceof PromptError)) throw err;
      return err;
    }
  };
}

/** `piece` repeated as many whole times as fit in `length`: a well-formed shape stays well-formed at both sizes. */
function repeatWhole(piece: string, length: number): string {
  return piece.repeat(Math.floor(length / piece.length));
}

/** Hostile message texts of about `length` characters, by the shape that could make a scanner backtrack. */
const TEXT_SHAPES: Record<string, (length: number) => string> = {
  "unterminated {{, then spaces": (n) => padTo("{{", " ", n),
  "unterminated {{ with a name, then spaces": (n) => padTo("{{a", " ", n),
  "{{ repeated": (n) => repeatTo("{{", n),
  "{ repeated": (n) => repeatTo("{", n),
  "} repeated": (n) => repeatTo("}", n),
  "} repeated after an opener": (n) => padTo("{{a", "}", n),
  "unclosed variables repeated": (n) => repeatTo("{{a ", n),
  "half-closed variables repeated": (n) => repeatTo("{{a}", n),
  "spaces inside a closed tag": (n) => `{{${" ".repeat(n / 2 - 4)}a${" ".repeat(n / 2 - 4)}}}`,
  "mixed Unicode whitespace inside a tag": (n) => `${padTo("{{", " \t\u00a0\u3000\n", n - 3)}a}}`,
  "{{# without close": (n) => padTo("{{#a}}", "x", n),
  "{{# openers repeated (depth limit)": (n) => repeatTo("{{#a}}", n),
  "{{^ openers repeated": (n) => repeatTo("{{^b}}", n),
  "unopened closers repeated": (n) => repeatTo("{{/a}}", n),
  "many sections": (n) => repeatWhole("{{#a}}x{{x}}{{/a}}", n),
  "many inverted sections": (n) => repeatWhole("{{^b}}x{{/b}}", n),
  "sections over an array, repeated": (n) => repeatWhole("{{#list}}{{.}}{{/list}}", n),
  "deep nesting, then many tags inside": (n) => `${"{{#a}}".repeat(200)}${repeatTo("{{b}}", n - 2400)}${"{{/a}}".repeat(200)}`,
  "long name": (n) => `{{${"a".repeat(n - 4)}}}`,
  "long unterminated name": (n) => padTo("{{", "a", n),
  "long dotted name": (n) => `{{${repeatTo("a.", n - 5)}a}}`,
  "long section name": (n) => `{{#${"a".repeat(n / 2)}}}{{/${"a".repeat(n / 2)}}}`,
  "triple braces, unterminated": (n) => padTo("{{{a", " }}", n),
  "triple braces repeated": (n) => repeatWhole("{{{b}}}", n),
  "ampersands repeated": (n) => repeatWhole("{{&b}}", n),
  "unterminated comment": (n) => padTo("{{!", " ", n),
  "comments repeated": (n) => repeatWhole("{{! c }}", n),
  "partials repeated": (n) => repeatWhole("{{> p}}", n),
  "set delimiters, unterminated": (n) => padTo("{{=", "<", n),
  "set delimiters without closer": (n) => padTo("{{=<% %>=", " ", n),
  "16-character delimiters over near-matching text": (n) => `{{=aaaaaaaaaaaaaaab b=}}${repeatTo("a", n - 24)}`,
  "set delimiters repeated": (n) => repeatWhole("{{=<% %>=}}<%={{ }}=%>", n),
  "standalone lines repeated": (n) => repeatWhole("  {{#a}}\n  {{/a}}\n", n),
  newlines: (n) => repeatTo("\n", n),
  "CRLF lines with tags": (n) => repeatWhole("{{b}}\r\n", n),
  "whitespace-only lines with comments": (n) => repeatWhole(" \t{{!x}} \t\n", n),
  "valid variables repeated": (n) => repeatWhole("{{b}} ", n),
  "@@@langfusePrompt: without end": (n) => padTo("@@@langfusePrompt:", " ", n),
  "@@@langfusePrompt: with a name, without end": (n) => padTo("@@@langfusePrompt:name=", "a", n),
  "@@@langfusePrompt: repeated": (n) => repeatTo("@@@langfusePrompt:", n),
  "invalid dependency tags repeated": (n) => repeatWhole("@@@langfusePrompt:name=a|version=x@@@", n),
  "valid dependency tags repeated": (n) => repeatWhole("@@@langfusePrompt:name=p|version=1@@@", n),
  "dependency tags with line separators repeated": (n) => repeatTo("@@@langfusePrompt:\u2028", n),
  "long dependency name": (n) => `@@@langfusePrompt:name=${"a".repeat(n - 40)}|label=production@@@`,
  "many bars in a dependency tag": (n) => `${padTo("@@@langfusePrompt:name=a", "|", n - 3)}@@@`,
  "@ repeated": (n) => repeatTo("@", n),
  "@@ and braces mixed": (n) => repeatTo("@@{{", n),
  "text without tags": (n) => repeatWhole("Hello there, friend. ", n),
};

describe("langfuseTemplate on hostile text: time grows linearly", () => {
  it.each(Object.entries(TEXT_SHAPES))(
    "%s",
    (_shape, text) => {
      const growth = measureGrowth((length) => compileAndRender(text(length)));
      expect(growth.ratio, JSON.stringify(growth)).toBeLessThan(MAX_GROWTH);
    },
    300_000,
  );

  it("a dependency whose included text is hostile", () => {
    const growth = measureGrowth((length) =>
      compileAndRender("Intro @@@langfusePrompt:name=p|label=production@@@ outro", padTo("{{#a}} {{b", " ", length)),
    );
    expect(growth.ratio, JSON.stringify(growth)).toBeLessThan(MAX_GROWTH);
  }, 300_000);

  it("a long variable value and a long array for a section", () => {
    const growth = measureGrowth((length) => {
      const vars = { b: "x".repeat(length), list: Array.from({ length: length / 10 }, (_, i) => ({ v: i })) };
      const compiled = langfuseTemplate.compile(chatVersion([{ role: "user", content: "{{b}} {{#list}}{{v}},{{/list}}" }]));
      return () => compiled.render(vars);
    });
    expect(growth.ratio, JSON.stringify(growth)).toBeLessThan(MAX_GROWTH);
  }, 300_000);
});
