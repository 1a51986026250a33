import { describe, expect, it } from "vitest";
import { guardStore } from "./guarded-store.js";
import type { CacheEntry, CacheStore } from "./store.js";

const entry = { value: {}, expiresAt: null, staleUntil: null } as unknown as CacheEntry;

describe("guardStore", () => {
  it("turns every throw or rejection into a report, with the operation and the caller's context", async () => {
    const failing: CacheStore = {
      get: () => {
        throw new Error("get");
      },
      set: () => Promise.reject(new Error("set")),
      delete: () => Promise.reject(new Error("delete")),
      clear: () => {
        throw new Error("clear");
      },
    };
    const reports: [string, string, string][] = [];
    const store = guardStore<string>(failing, (err, operation, context) => reports.push([(err as Error).message, operation, context]));
    expect(await store.get("k", "a")).toBeUndefined();
    await store.set("k", entry, "b");
    await store.delete("k", "c");
    await store.clear("d");
    expect(reports).toEqual([
      ["get", "cache.get", "a"],
      ["set", "cache.set", "b"],
      ["delete", "cache.delete", "c"],
      ["clear", "cache.clear", "d"],
    ]);
  });

  it("passes values through from sync and async stores, and tolerates a store without clear", async () => {
    const map = new Map<string, CacheEntry>();
    const store = guardStore<null>(
      { get: async (k) => map.get(k), set: (k, e) => void map.set(k, e), delete: (k) => void map.delete(k) },
      () => {
        throw new Error("no failure expected");
      },
    );
    await store.set("k", entry, null);
    expect(await store.get("k", null)).toBe(entry);
    await store.clear(null);
    await store.delete("k", null);
    expect(await store.get("k", null)).toBeUndefined();
  });
});
