// The watcher against the emulator: a change made through the vendor's own API is found by a
// poll and dropped from the cache; with shared claims, one member of a fleet polls per interval.
import { type Emulator, SEED } from "@polyprompt/emulator";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMemoryReplayGuard } from "../webhooks/replay-guard.js";
import { clientFor, startTestEmulator, writersFor } from "../test-support/emulator.js";
import type { PromptError } from "../errors/prompt-error.js";
import { watchPrompts } from "./change-watcher.js";

let emu: Emulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const support = SEED.helicone.supportAgent;
const PROMPT = `helicone:${support.promptId}`;
const listRequests = () => emu.requests.total({ vendor: "helicone" });

describe("watchPrompts", () => {
  it("a version moved to production through the vendor's API is served at once after the next poll", async () => {
    const prompts = clientFor(emu, { cache: { ttlMs: 3_600_000 } });
    const watcher = watchPrompts({ client: prompts, prompts: [PROMPT], intervalMs: 3_600_000 });
    try {
      await watcher.pollOnce(); // learns the state
      const before = await prompts.get(PROMPT);
      const staging = await prompts.get(`${PROMPT}@staging`);
      expect(before.versionId).not.toBe(staging.versionId);

      await writersFor(emu).helicone.writes!.setEnvironment(support.promptId, staging.versionId, "production");
      expect((await prompts.get(PROMPT)).versionId).toBe(before.versionId); // cached for an hour

      expect(await watcher.pollOnce()).toEqual([]); // this interval was listed already
      const changes = await watcher.pollOnce({ force: true });
      expect(changes).toHaveLength(1);
      expect(changes[0]?.versionIds.sort()).toEqual([before.versionId, staging.versionId].sort());
      const after = await prompts.get(PROMPT);
      expect(after).toMatchObject({ versionId: staging.versionId, source: "network" });
      expect(await watcher.pollOnce({ force: true })).toEqual([]); // nothing new since
    } finally {
      watcher.stop();
    }
  });

  it("with shared claims, only one member of a fleet lists a prompt per interval, and a known state drops nothing", async () => {
    const claims = createMemoryReplayGuard(); // stands in for a Redis store shared by the fleet
    const fleet = [1, 2, 3].map(() => clientFor(emu, { cache: { ttlMs: 3_600_000 } }));
    const watchers = fleet.map((client) => watchPrompts({ client, prompts: [PROMPT], intervalMs: 3_600_000, claims }));
    try {
      for (const client of fleet) await client.get(PROMPT);
      const before = listRequests();
      const changes = await Promise.all(watchers.map((w) => w.pollOnce()));
      expect(changes.flat()).toHaveLength(1); // the fleet's first sight of the prompt: its selectors are dropped once
      const listing = listRequests() - before;
      expect(listing).toBeGreaterThan(0);
      // The other two members skipped the interval: one listing for the fleet.
      expect(await Promise.all(watchers.map((w) => w.pollOnce()))).toEqual([[], [], []]);
      expect(listRequests() - before).toBe(listing);
    } finally {
      for (const w of watchers) w.stop();
    }
  });

  it("a failed poll is reported and changes nothing; the watcher goes on", async () => {
    const prompts = clientFor(emu, { retry: false });
    const errors: PromptError[] = [];
    const watcher = watchPrompts({ client: prompts, prompts: [PROMPT], intervalMs: 3_600_000, onError: (e) => errors.push(e) });
    try {
      emu.faults.add({ match: { vendor: "helicone" }, status: 503, times: 1 });
      expect(await watcher.pollOnce()).toEqual([]);
      expect(errors.map((e) => [e.code, e.vendor])).toEqual([["vendor_error", "helicone"]]);
    } finally {
      watcher.stop();
    }
  });

  it("rejects an interval below 100 ms and a reference that is not one", () => {
    const prompts = clientFor(emu);
    expect(() => watchPrompts({ client: prompts, prompts: [PROMPT], intervalMs: 10 })).toThrow("intervalMs");
    expect(() => watchPrompts({ client: prompts, prompts: ["not a ref"] })).toThrow();
  });
});
