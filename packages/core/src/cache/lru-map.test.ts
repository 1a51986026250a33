import { describe, expect, it } from "vitest";
import { LruMap } from "./lru-map.js";

describe("LruMap", () => {
  it("evicts the least recently used key, counting gets and sets as uses", () => {
    const lru = new LruMap<string, number>(3);
    lru.set("a", 1);
    lru.set("b", 2);
    lru.set("c", 3);
    expect(lru.get("a")).toBe(1); // a is now the newest: b is the oldest
    expect(lru.get("a")).toBe(1); // asking for the newest again changes nothing
    lru.set("d", 4);
    expect([lru.get("b"), lru.get("c"), lru.get("a"), lru.get("d")]).toEqual([undefined, 3, 1, 4]);
    lru.set("e", 5); // c is the oldest now
    expect(lru.get("c")).toBeUndefined();
    expect(lru.size).toBe(3);
  });

  it("forgets the newest key when it is deleted or cleared, so a re-added key is ordered afresh", () => {
    const lru = new LruMap<string, number>(2);
    lru.set("a", 1);
    lru.set("b", 2);
    lru.delete("b");
    lru.set("c", 3);
    expect(lru.get("a")).toBe(1);
    lru.set("d", 4); // c is the oldest
    expect([lru.get("c"), lru.get("a"), lru.get("d")]).toEqual([undefined, 1, 4]);
    lru.clear();
    expect(lru.size).toBe(0);
    expect(lru.get("d")).toBeUndefined();
  });
});
