import { describe, expect, it } from "vitest";
import type { CacheEntry } from "./store.js";
import { entryFor, freshness, servableOnFailure } from "./policy.js";

const value = { draft: false } as CacheEntry["value"];
const entry = (expiresAt: number | null, staleUntil: number | null): CacheEntry => ({ value, expiresAt, staleUntil });
const swr = { staleWhileRevalidate: true };
const noSwr = { staleWhileRevalidate: false };

describe("freshness", () => {
  it("an immutable entry is always fresh", () => {
    expect(freshness(entry(null, null), Number.MAX_SAFE_INTEGER, swr)).toBe("fresh");
  });

  it.each([
    [999, "fresh"],
    [1_000, "stale"],
    [4_999, "stale"],
    [5_000, "expired"],
  ] as const)("at %i: %s (expires 1000, stale until 5000)", (now, expected) => {
    expect(freshness(entry(1_000, 5_000), now, swr)).toBe(expected);
  });

  it("without stale-while-revalidate, an expired entry is never served at once", () => {
    expect(freshness(entry(1_000, 5_000), 2_000, noSwr)).toBe("expired");
  });
});

describe("servableOnFailure", () => {
  it("until staleUntil, whatever stale-while-revalidate says", () => {
    expect(servableOnFailure(entry(1_000, 5_000), 4_999)).toBe(true);
    expect(servableOnFailure(entry(1_000, 5_000), 5_000)).toBe(false);
    expect(servableOnFailure(entry(null, null), 0)).toBe(false);
  });
});

describe("entryFor", () => {
  const policy = { ttlMs: 100, maxStaleMs: 1_000 };
  it("a version fetched by id never expires", () => {
    expect(entryFor(value, true, 50, policy)).toEqual({ value, expiresAt: null, staleUntil: null });
  });
  it("a draft fetched by id expires: it can still be edited", () => {
    const draft = { draft: true } as CacheEntry["value"];
    expect(entryFor(draft, true, 50, policy)).toEqual({ value: draft, expiresAt: 150, staleUntil: 1_150 });
  });
  it("anything else expires after ttlMs and is servable on failure for maxStaleMs more", () => {
    expect(entryFor(value, false, 50, policy)).toEqual({ value, expiresAt: 150, staleUntil: 1_150 });
  });
});
