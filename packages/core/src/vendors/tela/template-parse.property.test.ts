// The linear placeholder finder must split text exactly as the regex the engine used before it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PlaceholderFinder, type Placeholder } from "./template-parse.js";

/** The engine's former parser: one regex, `{{name}}` before `{name}`, longest names first. */
function regexParse(text: string, names: readonly string[]): (string | Placeholder)[] {
  if (names.length === 0 || text.length === 0) return [text];
  const escapeName = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const alternatives = [...names]
    .sort((a, b) => b.length - a.length)
    .map(escapeName)
    .join("|");
  const pattern = new RegExp(`\\{\\{(${alternatives})\\}\\}|\\{(${alternatives})\\}`, "g");
  const segments: (string | Placeholder)[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) segments.push(text.slice(last, match.index));
    segments.push({ name: (match[1] ?? match[2])!, raw: match[0] });
    last = match.index + match[0].length;
  }
  if (last < text.length || segments.length === 0) segments.push(text.slice(last));
  return segments;
}

/** Names as Tela users write them, and names full of the characters that matter here. */
const nameArb = fc.oneof(
  fc.constantFrom("a", "ab", "b", "name", "na", "a.b", "x+y", "(x)", "my var", "Ab", "a}", "}a", "{a", "a{", "}", "{", "}}", "a}}b"),
  fc.string({ minLength: 1, maxLength: 4, unit: fc.constantFrom("a", "b", "{", "}", " ", "\u00e9", "\ud83d\ude00") }),
  fc.string({ minLength: 1, maxLength: 4 }),
);

const textArb = (names: readonly string[]) =>
  fc
    .array(
      fc.oneof(
        fc.constantFrom("{", "}", "{{", "}}", " ", '{"a": 1}', "{ a }", "{{ a }}", "a", "b"),
        names.length === 0 ? fc.constant("{x}") : fc.constantFrom(...names).map((name) => `{${name}}`),
        names.length === 0 ? fc.constant("{{x}}") : fc.constantFrom(...names).map((name) => `{{${name}}}`),
        fc.string({ maxLength: 6, unit: fc.constantFrom("a", "b", "{", "}", " ") }),
        fc.string({ maxLength: 4 }),
      ),
      { maxLength: 14 },
    )
    .map((pieces) => pieces.join(""));

describe("PlaceholderFinder agrees with the regex it replaces", () => {
  it("splits every text as the regex does", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(nameArb, { maxLength: 6 }).chain((names) => fc.tuple(fc.constant(names), textArb(names))),
        ([names, text]) => {
          expect(new PlaceholderFinder(names).parse(text)).toEqual(regexParse(text, names));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it("examples: double braces first, longest name first, names with braces", () => {
    const cases: [string, string[]][] = [
      ["{{a}}|{a}|{{{a}}}|{{a}|{a}}", ["a"]],
      ["{a}{ab}{{ab}}", ["a", "ab"]],
      ["{a}b}{a}", ["a", "a}b"]],
      ["{{a}}zzzz}", ["a", "{a}}zzzz"]],
      ["{{{a}}}", ["{a}", "a"]],
    ];
    for (const [text, names] of cases) expect(new PlaceholderFinder(names).parse(text)).toEqual(regexParse(text, names));
  });
});
