// The hand-written scanners must find exactly the tags the vendor's regexes find.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HELICONE_PARTIAL, HELICONE_TAG, parsePartialTags, parseVariableTags } from "./template-parse.js";

/** What the engine found with the regexes before the scanners: every match, in order. */
function regexMatches(regex: RegExp, text: string): { index: number; groups: (string | undefined)[] }[] {
  const copy = new RegExp(regex.source, "g");
  return [...text.matchAll(copy)].map((match) => ({ index: match.index, groups: [...match] }));
}

/** The tags a scanner found, as regex-like matches (index, whole tag and the parts). */
function scannedVariables(text: string): { index: number; groups: (string | undefined)[] }[] {
  const found: { index: number; groups: (string | undefined)[] }[] = [];
  let index = 0;
  for (const segment of parseVariableTags(text) ?? []) {
    if (typeof segment === "string") index += segment.length;
    else {
      found.push({ index, groups: [segment.raw, segment.name, segment.type] });
      index += segment.raw.length;
    }
  }
  return found;
}

function scannedPartials(text: string): { index: number; groups: (string | undefined)[] }[] {
  const found: { index: number; groups: (string | undefined)[] }[] = [];
  let index = 0;
  for (const segment of parsePartialTags(text) ?? []) {
    if (typeof segment === "string") index += segment.length;
    else {
      const [, id, digits, environment] = new RegExp(HELICONE_PARTIAL.source).exec(segment.raw)!;
      // The key and fields are derived from the same parts the regex captures.
      expect(segment.promptId).toBe(id);
      expect(segment.environment).toBe(environment);
      expect(segment.messageIndex).toBe(Number(digits));
      expect(segment.key).toBe(`hcp:${id}:${digits!.replace(/^0+(?=\d)/, "")}${environment === undefined ? "" : `:${environment}`}`);
      found.push({ index, groups: [segment.raw, id, digits, environment] });
      index += segment.raw.length;
    }
  }
  return found;
}

/** Ordinary template text: tag pieces, whitespace of every kind `\s` knows, and arbitrary strings. */
const pieceArb = fc.oneof(
  fc.constantFrom("{{", "}}", "{", "}", "hc", "hcp", ":", " ", "\t", "\n", "\u00a0", "\u2003", "\ufeff", "\u180e", "-", "_"),
  fc.constantFrom("name", "first-name", "_x", "a1", "9a", "string", "number", "abc123", "ABCDEF", "abc12", "abc1234", "0", "01", "7"),
  fc.constantFrom("{{hc:a:string}}", "{{ hc : a : b }}", "{{hcp:abc123:1}}", "{{hcp:abc123:01:prod}}", "{{ hcp:abc123 : 2 : env }}"),
  fc.string({ maxLength: 4 }),
);
const whitespaceArb = fc.oneof(
  fc.constant(""),
  fc.constant(""),
  fc
    .array(
      fc.constantFrom(
        " ",
        "\t",
        "\n",
        "\r",
        "\v",
        "\f",
        "\u00a0",
        "\u1680",
        "\u2000",
        "\u200a",
        "\u2028",
        "\u2029",
        "\u202f",
        "\u205f",
        "\u3000",
        "\ufeff",
        "\u180e",
        "\u200b",
        "\u0085",
      ),
      {
        minLength: 1,
        maxLength: 2,
      },
    )
    .map((chars) => chars.join("")),
);
/** A tag in the order the grammar expects, each token sometimes swapped for another piece or dropped. */
const tagLikeArb = fc
  .tuple(
    fc.constantFrom("hc", "hcp"),
    fc.constantFrom("name", "abc123", "ABCDEF", "abc12", "abc1234", "_x-1", "9a"),
    fc.constantFrom("string", "1", "0", "00", "01", "007", "x", ""),
    fc.option(fc.constantFrom("prod", "env-1", "", "1"), { nil: undefined }),
    fc.array(whitespaceArb, { minLength: 7, maxLength: 7 }),
    fc.array(fc.oneof({ arbitrary: fc.constant(undefined), weight: 30 }, { arbitrary: pieceArb, weight: 1 }), {
      minLength: 16,
      maxLength: 16,
    }),
  )
  .map(([kind, first, second, environment, spaces, swaps]) => {
    const tokens = ["{{", spaces[0], kind, spaces[1], ":", spaces[2], first, spaces[3], ":", spaces[4], second, spaces[5]];
    if (environment !== undefined) tokens.push(":", environment, spaces[6]!);
    tokens.push("}}");
    return tokens.map((token, i) => swaps[i] ?? token).join("");
  });
const textArb = fc.array(fc.oneof(pieceArb, tagLikeArb, tagLikeArb), { maxLength: 10 }).map((pieces) => pieces.join(""));

describe("template-parse scanners agree with the vendor's regexes", () => {
  it("parseVariableTags finds what HELICONE_TAG finds", () => {
    fc.assert(
      fc.property(textArb, (text) => {
        expect(scannedVariables(text)).toEqual(regexMatches(HELICONE_TAG, text));
      }),
      { numRuns: 3000 },
    );
  });

  it("parsePartialTags finds what HELICONE_PARTIAL finds", () => {
    fc.assert(
      fc.property(textArb, (text) => {
        expect(scannedPartials(text)).toEqual(regexMatches(HELICONE_PARTIAL, text));
      }),
      { numRuns: 3000 },
    );
  });

  it("literal segments rebuild the text exactly", () => {
    fc.assert(
      fc.property(textArb, (text) => {
        const join = (segments: (string | { raw: string })[] | null) =>
          segments === null ? text : segments.map((s) => (typeof s === "string" ? s : s.raw)).join("");
        expect(join(parseVariableTags(text))).toBe(text);
        expect(join(parsePartialTags(text))).toBe(text);
      }),
    );
  });
});
