import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { buildPrompt, SIZES } from "./prompts.js";

describe("buildPrompt", () => {
  // The digests pin the exact bytes: BENCHMARKS.md figures stay comparable across runs and the
  // seeded PRNG (the emulator's mulberry32) must not drift.
  test.each([
    ["1kb", "d2ac745e50bc9d44"],
    ["10kb", "379ed20e6d7fe4ff"],
    ["100kb", "bfe4fd4ac87458c8"],
  ] as const)("the %s prompt is the same on every run", (size, digest) => {
    expect(
      createHash("sha256")
        .update(JSON.stringify(buildPrompt(size)))
        .digest("hex")
        .slice(0, 16),
    ).toBe(digest);
  });

  test("sizes are about 1 KB, 10 KB and 100 KB", () => {
    const bytes = SIZES.map((size) => buildPrompt(size).bytes);
    expect(bytes[0]).toBeGreaterThan(500);
    expect(bytes[0]).toBeLessThan(2_000);
    expect(bytes[1]).toBeGreaterThan(5_000);
    expect(bytes[1]).toBeLessThan(20_000);
    expect(bytes[2]).toBeGreaterThan(50_000);
    expect(bytes[2]).toBeLessThan(200_000);
  });
});
