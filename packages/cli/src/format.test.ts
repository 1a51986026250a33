import type { PromptVersion } from "@polyprompt/core";
import { describe, expect, test } from "vitest";
import stringWidth from "string-width";
import { colorEnabled, padEnd, stripAnsi } from "./ansi.js";
import { createColors } from "./colors.js";
import { diffLines, diffVersions, MAX_EDIT_LENGTH } from "./diff.js";
import { stableStringify } from "./message-text.js";
import { formatDiff, formatVersion, formatVersionTable, table, trimJson } from "./format.js";

const plain = createColors(false, stringWidth);

function version(overrides: Partial<PromptVersion> = {}): PromptVersion {
  return {
    vendor: "helicone",
    promptId: "abc123",
    versionId: "11111111-2222-3333-4444-555555555555",
    version: "1.0",
    environments: ["production"],
    draft: false,
    createdAt: "2025-06-18T09:05:00.000Z",
    raw: [],
    source: "network",
    fetchedAt: "2026-01-01T00:00:00.000Z",
    template: "helicone",
    model: "gpt-4o",
    params: { temperature: 0.5 },
    messages: [
      { role: "system", content: "You are helpful.\nBe brief." },
      { role: "user", content: "{{hc:question:string}}" },
    ],
    tools: [],
    variables: [{ name: "question", type: "string", required: true }],
    ...overrides,
  };
}

describe("colour", () => {
  test("on for a TTY, off otherwise; NO_COLOR always wins, whatever its value; FORCE_COLOR forces", () => {
    expect(colorEnabled({ isTTY: true }, {})).toBe(true);
    expect(colorEnabled({ isTTY: false }, {})).toBe(false);
    expect(colorEnabled({}, {})).toBe(false);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: "" })).toBe(false);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: "0" })).toBe(false);
    expect(colorEnabled({ isTTY: false }, { FORCE_COLOR: "1" })).toBe(true);
    expect(colorEnabled({ isTTY: false }, { FORCE_COLOR: "0" })).toBe(false);
    expect(colorEnabled({ isTTY: true }, { FORCE_COLOR: "1", NO_COLOR: "1" })).toBe(false);
  });

  test("helpers wrap only when enabled, and padding ignores escape codes", () => {
    const c = createColors(true, stringWidth);
    expect(c.red("x")).toBe("\u001b[31mx\u001b[39m");
    expect(plain.red("x")).toBe("x");
    expect(stripAnsi(c.bold(c.green("ok")))).toBe("ok");
    expect(padEnd(c.red("ab"), 4, stringWidth)).toBe(`${c.red("ab")}  `);
  });
});

describe("diff", () => {
  test("line diff keeps order and marks changes", () => {
    expect(diffLines(["a", "b", "c"], ["a", "x", "c", "d"])).toEqual([
      { type: "same", text: "a" },
      { type: "removed", text: "b" },
      { type: "added", text: "x" },
      { type: "same", text: "c" },
      { type: "added", text: "d" },
    ]);
    expect(diffLines([], [])).toEqual([]);
  });

  test("stable JSON ignores key order", () => {
    expect(stableStringify({ b: 1, a: { d: 2, c: 3 } })).toBe(stableStringify({ a: { c: 3, d: 2 }, b: 1 }));
  });

  test("versions: messages, settings, tools and variables", () => {
    const a = version();
    const b = version({
      version: "1.1",
      model: "gpt-4.1",
      params: { temperature: 0.2, extra: { store: true } },
      messages: [
        { role: "system", content: "You are helpful.\nBe very brief." },
        { role: "user", content: "{{hc:question:string}}" },
      ],
      tools: [{ name: "lookup", description: "Look it up" }],
      variables: [{ name: "question", type: "string", required: false }],
    });
    const d = diffVersions(a, b, ["helicone:abc123", "helicone:abc123@staging"]);
    expect(d.identical).toBe(false);
    expect(d.settings).toEqual([
      { key: "model", a: "gpt-4o", b: "gpt-4.1" },
      { key: "temperature", a: 0.5, b: 0.2 },
      { key: "extra.store", a: undefined, b: true },
    ]);
    expect(d.messages.filter((l) => l.type !== "same")).toEqual([
      { type: "removed", text: "  Be brief." },
      { type: "added", text: "  Be very brief." },
    ]);
    expect(d.tools).toEqual([{ name: "lookup", change: "added", b: { name: "lookup", description: "Look it up" } }]);
    expect(d.variables).toMatchObject([{ name: "question", change: "changed", fields: ["required"] }]);
    const text = formatDiff(d, plain).join("\n");
    expect(text).toContain("  -   Be brief.");
    expect(text).toContain("  +   Be very brief.");
    expect(text).toContain("  ~ model: gpt-4o → gpt-4.1");
    expect(text).toContain("  + extra.store: true");
    expect(text).toContain("  + lookup Look it up");
    expect(text).toContain("  ~ question: required changed (required: true → false)");
    expect(diffVersions(a, version(), ["x:a", "x:b"]).identical).toBe(true);
  });
});

describe("renderers", () => {
  test("the versions table", () => {
    const lines = formatVersionTable(
      "helicone:abc123",
      [version({ commitMessage: "First" }), version({ version: "0.1", environments: [], draft: true, title: "Draft" })],
      plain,
    );
    expect(lines).toEqual([
      "helicone:abc123 (2 versions, newest first)",
      "VERSION  ID        ENVIRONMENTS  DRAFT  CREATED (UTC)     MESSAGE",
      "1.0      11111111  production           2025-06-18 09:05  First",
      "0.1      11111111  -             draft  2025-06-18 09:05  Draft",
    ]);
  });

  test("one version, with content parts and provenance", () => {
    const v = version({
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "See " },
            { type: "file", url: `data:application/pdf;base64,${"A".repeat(500)}`, variable: "doc" },
          ],
        },
      ],
      responseFormat: { type: "json_object" },
      source: "stale",
    });
    const text = formatVersion(v, plain, { origin: "the moon" }).join("\n");
    expect(text).toContain("helicone:abc123  version 1.0  #11111111-2222-3333-4444-555555555555");
    expect(text).toContain("See [file {doc} data:application/pdf;base64,… (528 chars)]");
    expect(text).toMatch(/response format\s+json_object/);
    expect(text).toContain("source: stale · fetched 2026-01-01T00:00:00.000Z · from the moon");
    expect(text).not.toMatch(/ $/m);
  });

  test("trimJson clips strings, long arrays and collapsed keys", () => {
    expect(trimJson({ s: "x".repeat(100), list: [1, 2, 3, 4, 5, 6], parameters: { a: 1, b: 2 } }, { collapse: ["parameters"] })).toEqual({
      s: `${"x".repeat(79)}…`,
      list: [1, 2, 3, 4, "… 2 more"],
      parameters: "{… 2 keys}",
    });
  });
});

describe("table columns", () => {
  test("CJK and emoji take two columns each, so the next column stays aligned", () => {
    const plain = createColors(false, stringWidth);
    const lines = table(
      ["NAME", "NEXT"],
      [
        ["サポート", "x"],
        ["ok 👍", "y"],
        ["plain", "z"],
      ],
      plain,
    );
    const columnOf = (line: string) => stringWidth(line.slice(0, line.lastIndexOf(" ") + 1));
    expect(new Set(lines.slice(1).map(columnOf)).size).toBe(1);
    expect(stringWidth("サポート")).toBe(8);
    expect(padEnd("👍", 4, stringWidth)).toBe("👍  ");
  });

  test("a long line diff stays bounded and whole", () => {
    // No line in common: the edit distance (2 × lines) is past the bound.
    const lines = MAX_EDIT_LENGTH + 500;
    const a = Array.from({ length: lines }, (_, i) => `a${i}`);
    const b = Array.from({ length: lines }, (_, i) => `b${i}`);
    const changes = diffLines(a, b);
    expect(changes.filter((c) => c.type === "removed")).toHaveLength(a.length);
    expect(changes.filter((c) => c.type === "added")).toHaveLength(b.length);
  });
});
