import { describe, expect, it } from "vitest";
import { canonicalJson, contentHash, readHashMarker, withHashMarker, withoutHashMarkers } from "./content-hash.js";

describe("contentHash", () => {
  it("is the same for the same content whatever the key order, and ignores the commit message", async () => {
    const a = await contentHash({
      messages: [{ role: "user", content: "Hi" }],
      params: { temperature: 0, maxTokens: 5 },
      commitMessage: "a",
    });
    const b = await contentHash({
      params: { maxTokens: 5, temperature: 0 },
      messages: [{ content: "Hi", role: "user" }],
      commitMessage: "b",
    });
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toBe(a);
  });

  it("differs when the content differs, absent and empty tools count the same", async () => {
    const base = { messages: [{ role: "user" as const, content: "Hi" }] };
    expect(await contentHash({ ...base, tools: [] })).toBe(await contentHash(base));
    expect(await contentHash({ ...base, model: "m" })).not.toBe(await contentHash(base));
    expect(await contentHash({ messages: [{ role: "user", content: "Hi!" }] })).not.toBe(await contentHash(base));
  });

  it("is pinned: a known content hashes to a known value (changing it strands every recorded hash)", async () => {
    expect(canonicalJson({ b: 1, a: [undefined, { d: undefined, c: "x" }] })).toBe('{"a":[null,{"c":"x"}],"b":1}');
    // SHA-256 of {"messages":[{"content":"Hi","role":"user"}],"params":{},"tools":[],"variables":[]}
    expect(await contentHash({ messages: [{ role: "user", content: "Hi" }] })).toBe(
      "7935e228453dbc202fb9d7c0044b3e62ad0f13b8721b256a18cad0363df9c934",
    );
  });
});

describe("hash markers", () => {
  it("are appended to free text and read back", () => {
    const hash = "a".repeat(64);
    expect(withHashMarker("fix typo", hash)).toBe(`fix typo\n\npolyprompt:sha256:${hash}`);
    expect(withHashMarker(undefined, hash)).toBe(`polyprompt:sha256:${hash}`);
    expect(withHashMarker("x", undefined)).toBe("x");
    expect(readHashMarker(withHashMarker("fix typo", hash))).toBe(hash);
    expect(readHashMarker("no marker here")).toBeUndefined();
  });

  it("read the last marker, and come off copied text", () => {
    const [a, b] = ["a".repeat(64), "b".repeat(64)];
    const copied = withHashMarker(withHashMarker("fix typo", a), b);
    expect(readHashMarker(copied)).toBe(b);
    expect(withoutHashMarkers(copied!)).toBe("fix typo");
    expect(withoutHashMarkers(`polyprompt:sha256:${a}`)).toBe("");
  });
});
