// The in-memory replay guard: first claim wins, ids expire after their TTL (injected clock),
// and memory stays bounded.
import { describe, expect, it } from "vitest";
import { PromptError } from "../errors/prompt-error.js";
import { createMemoryReplayGuard } from "./replay-guard.js";

describe("createMemoryReplayGuard", () => {
  it("answers true for an id's first claim, false for the next until its TTL has passed", () => {
    let now = 1_000;
    const guard = createMemoryReplayGuard({ now: () => now });
    expect(guard.claim("a", 500)).toBe(true);
    expect(guard.claim("a", 500)).toBe(false);
    expect(guard.claim("b", 500)).toBe(true);
    now = 1_499;
    expect(guard.claim("a", 500)).toBe(false);
    now = 1_500;
    expect(guard.claim("a", 500)).toBe(true);
    expect(guard.claim("a", 500)).toBe(false);
  });

  it("keeps at most maxEntries ids, forgetting the oldest claim first", () => {
    const guard = createMemoryReplayGuard({ maxEntries: 3, now: () => 0 });
    for (const id of ["a", "b", "c", "d"]) expect(guard.claim(id, 60_000)).toBe(true);
    // "a" was pushed out; "b", "c", "d" are still known.
    expect(guard.claim("b", 60_000)).toBe(false);
    expect(guard.claim("d", 60_000)).toBe(false);
    expect(guard.claim("a", 60_000)).toBe(true);
  });

  it("after a long stream of distinct ids, the live ones are still refused and the expired ones claimable", () => {
    let now = 0;
    const guard = createMemoryReplayGuard({ maxEntries: 5, now: () => now });
    for (let i = 0; i < 1_000; i++) {
      now = i * 10;
      expect(guard.claim(`id-${i}`, 25)).toBe(true);
    }
    // The last three claims are within 25 ms of the clock: still refused.
    expect(guard.claim("id-999", 25)).toBe(false);
    expect(guard.claim("id-997", 25)).toBe(false);
    expect(guard.claim("id-996", 25)).toBe(true);
  });

  it("refuses a maxEntries that is not a whole number of 1 or more", () => {
    for (const maxEntries of [0, -1, 1.5, Number.NaN]) {
      const error = (() => {
        try {
          createMemoryReplayGuard({ maxEntries });
        } catch (err) {
          return err;
        }
      })();
      expect(PromptError.is(error) && error.code, String(maxEntries)).toBe("invalid_config");
    }
  });
});
