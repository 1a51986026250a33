// readBundle: every problem of a bad bundle listed in one invalid_config error, and bounded
// work on any input (entry count, depth, size, cycles).
import { describe, expect, it } from "vitest";
import { caught } from "../test-support/emulator.js";
import { DEFAULT_BUNDLE_LIMITS, type PromptBundle } from "./bundle-format.js";
import { readBundle } from "./read-bundle.js";

function goodBundle(): PromptBundle {
  return {
    format: "polyprompt-bundle/1",
    createdAt: "2026-01-01T00:00:00.000Z",
    entries: [
      {
        ref: "acme:p1@staging",
        version: {
          vendor: "acme",
          promptId: "p1",
          versionId: "v1",
          version: "1",
          environments: ["staging"],
          draft: false,
          createdAt: "2026-01-01T00:00:00.000Z",
          raw: [],
          template: "acme",
          params: { temperature: 0.2, stop: ["END"] },
          messages: [
            { role: "system", content: "Hi {{name}}" },
            { role: "placeholder", name: "history" },
            {
              role: "user",
              content: [
                { type: "text", text: "x" },
                { type: "image", url: "https://x/y.png" },
              ],
            },
          ],
          tools: [{ name: "lookup", parameters: { type: "object" } }],
          toolChoice: "auto",
          responseFormat: { type: "json_schema", schema: { type: "object" } },
          variables: [{ name: "name", type: "string", required: true }],
          capturedAt: "2026-01-02T00:00:00.000Z",
        },
      },
    ],
  };
}

const read = (value: unknown) => caught(async () => readBundle(value));

describe("readBundle", () => {
  it("accepts a good bundle and returns a frozen copy", () => {
    const given = goodBundle();
    const read = readBundle(given);
    expect(read).toEqual(given);
    expect(read).not.toBe(given);
    expect(Object.isFrozen(read.entries[0]!.version.messages)).toBe(true);
  });

  it("lists every problem, each by its path", async () => {
    const bad = goodBundle() as unknown as { format: unknown; createdAt: unknown; entries: Record<string, unknown>[] };
    bad.format = "polyprompt-bundle/9";
    bad.createdAt = "yesterday";
    const v = bad.entries[0]!.version as Record<string, unknown>;
    v.vendor = "other";
    v.versionId = 7;
    v.environments = ["ok", 3];
    v.draft = "no";
    v.raw = {};
    v.params = { temperature: "hot", stop: "END" };
    v.messages = [{ role: "robot", content: 1 }, { role: "placeholder" }, { role: "user", content: [{ type: "audio" }] }];
    v.tools = [{ description: 3 }];
    v.toolChoice = "sometimes";
    v.responseFormat = { type: "json_schema" };
    v.variables = [{ name: "x", type: "string" }];
    v.fetchedAt = "2026-01-01T00:00:00.000Z";
    delete v.capturedAt;
    bad.entries.push({ ref: "acme:p1@staging", version: null }, { ref: "not a ref at all", version: {} });
    const error = await read(bad);
    expect(error).toMatchObject({ code: "invalid_config", operation: "readBundle" });
    const paths = error.problems!.map((p) => p.name);
    for (const path of [
      "format",
      "createdAt",
      "entries[0].version.vendor",
      "entries[0].version.versionId",
      "entries[0].version.environments",
      "entries[0].version.draft",
      "entries[0].version.raw",
      "entries[0].version.capturedAt",
      "entries[0].version.params.temperature",
      "entries[0].version.params.stop",
      "entries[0].version.messages[0].role",
      "entries[0].version.messages[0].content",
      "entries[0].version.messages[1].name",
      "entries[0].version.messages[2].content[0].type",
      "entries[0].version.tools[0].name",
      "entries[0].version.tools[0].description",
      "entries[0].version.toolChoice",
      "entries[0].version.responseFormat.schema",
      "entries[0].version.variables[0].required",
      "entries[0].version.fetchedAt",
      "entries[1].ref",
      "entries[1].version",
      "entries[2].ref",
      "entries[2].version.promptId",
    ]) {
      expect(paths, path).toContain(path);
      expect(error.message, path).toContain(`- ${path}: expected`);
    }
  });

  it("refuses what is not a bundle at all", async () => {
    for (const value of [undefined, null, "bundle", 3, [], new Date()]) {
      expect(await read(value), String(value)).toMatchObject({ code: "invalid_config" });
    }
  });

  it("bounds the work on any input: entries, depth, values, characters, cycles", async () => {
    const many = goodBundle();
    many.entries = Array.from({ length: 3 }, (_, i) => ({ ...goodBundle().entries[0]!, ref: `acme:p1#v${i}` }));
    expect((await caught(async () => readBundle(many, { maxEntries: 2 }))).message).toContain("at most 2 entries");

    let deep: unknown = "leaf";
    for (let i = 0; i < DEFAULT_BUNDLE_LIMITS.maxDepth + 5; i++) deep = [deep];
    const nested = goodBundle();
    nested.entries[0]!.version.raw = [deep];
    expect((await read(nested)).message).toContain("maxDepth");

    const wide = goodBundle();
    wide.entries[0]!.version.raw = Array.from({ length: 100 }, () => 1);
    expect((await caught(async () => readBundle(wide, { maxValues: 50 }))).message).toContain("maxValues");

    const long = goodBundle();
    long.entries[0]!.version.raw = ["x".repeat(1_000)];
    expect((await caught(async () => readBundle(long, { maxChars: 500 }))).message).toContain("maxChars");

    const cyclic = goodBundle() as unknown as { entries: { version: { raw: unknown[] } }[] };
    cyclic.entries[0]!.version.raw.push(cyclic);
    expect((await read(cyclic)).code).toBe("invalid_config");
  });

  it("caps the problems it lists, and counts the rest", async () => {
    const many = goodBundle();
    many.entries = Array.from({ length: 200 }, (_, i) => ({ ref: `acme:p${i}`, version: null as never }));
    const error = await read(many);
    expect(error.problems).toHaveLength(100);
    expect(error.message).toContain("(200 problems)");
    expect(error.message).toContain("… and 100 more");
  });
});
