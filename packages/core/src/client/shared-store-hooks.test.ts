// The two optional hooks a shared store (Redis) gives the client: `lease` (fleet-wide single
// flight) and `keys` (what `invalidateVersion` searches). Real HTTP against the emulator; the
// store here is an in-memory one with scripted hooks, standing in for the other processes.
import { type Emulator, SEED } from "@polyprompt/emulator";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type CacheEntry, type CacheLease, type CacheStore, createMemoryStore } from "../cache/store.js";
import { caught, clientFor, startTestEmulator } from "../test-support/emulator.js";
import type { PromptEvent } from "./events.js";

let emu: Emulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const support = SEED.helicone.supportAgent;
const REF = `helicone:${support.promptId}`;

/** A memory store whose `lease` answers from `script`, recording what the client did and when. */
function scriptedStore(script: (key: string, inner: CacheStore) => Promise<CacheLease | undefined>) {
  const inner = createMemoryStore({ maxEntries: 100 });
  const log: string[] = [];
  const store: CacheStore = {
    get: (key) => inner.get(key),
    set: (key, entry) => {
      log.push(`set ${entry.value.versionId}`);
      return inner.set(key, entry);
    },
    delete: (key) => inner.delete(key),
    keys: (prefix) => inner.keys!(prefix),
    lease: (key) => {
      log.push("lease");
      return script(key, inner);
    },
  };
  return { store, inner, log };
}

describe("lease: fleet-wide single flight", () => {
  it("an entry filled by another process is served with no request to the vendor", async () => {
    const donor = clientFor(emu);
    const fetched = await donor.get(REF);
    expect(emu.requests.total()).toBe(1);
    const filled: CacheEntry = {
      value: { ...fetched, source: undefined } as unknown as CacheEntry["value"],
      expiresAt: null,
      staleUntil: null,
    };
    delete (filled.value as { source?: unknown }).source;
    const { store } = scriptedStore(async () => ({ filled }));
    const events: PromptEvent[] = [];
    const prompts = clientFor(emu, { cache: { store }, onEvent: (e) => events.push(e) });

    const got = await prompts.get(REF);
    expect(got.versionId).toBe(fetched.versionId);
    expect(emu.requests.total()).toBe(1);
    expect(prompts.stats()).toMatchObject({ misses: 1, coalesced: 1 });
    expect(events.map((e) => e.type)).toEqual(["miss", "coalesced"]);
  });

  it("the lease holder fetches, writes both keys, and only then releases", async () => {
    const { store, log } = scriptedStore(async () => ({ release: () => void log.push("release") }));
    const prompts = clientFor(emu, { cache: { store } });
    const got = await prompts.get(REF);
    expect(emu.requests.total()).toBe(1);
    expect(log).toEqual(["lease", `set ${got.versionId}`, `set ${got.versionId}`, "release"]);
  });

  it("a failed fetch still releases the lease, so the next process can take over at once", async () => {
    const { store, log } = scriptedStore(async () => ({ release: () => void log.push("release") }));
    emu.faults.add({ match: { vendor: "helicone" }, status: 500, times: 10 });
    const prompts = clientFor(emu, { cache: { store }, retry: false });
    expect((await caught(() => prompts.get(REF))).code).toBe("vendor_error");
    expect(log).toEqual(["lease", "release"]);
  });

  it("a store whose lease fails is reported, and the client fetches without one", async () => {
    const { store } = scriptedStore(async () => {
      throw new Error("connection refused");
    });
    const events: PromptEvent[] = [];
    const prompts = clientFor(emu, { cache: { store }, onEvent: (e) => events.push(e) });
    await prompts.get(REF);
    expect(emu.requests.total()).toBe(1);
    expect(prompts.stats().storeErrors).toBe(1);
    const failure = events.find((e) => e.type === "store_error");
    expect(failure?.error).toMatchObject({ code: "vendor_error", operation: "cache.lease", vendor: "helicone" });
  });

  it("no lease in time (undefined) means fetching without one", async () => {
    const { store } = scriptedStore(async () => undefined);
    const prompts = clientFor(emu, { cache: { store } });
    await prompts.get(REF);
    expect(emu.requests.total()).toBe(1);
    expect(prompts.stats().storeErrors).toBe(0);
  });
});

describe("invalidateVersion", () => {
  it("drops every reference holding the version, and keeps the ones holding others", async () => {
    const store = createMemoryStore({ maxEntries: 100 });
    const prompts = clientFor(emu, { cache: { store } });
    const production = await prompts.get(REF); // 1.1
    await prompts.get(`${REF}@1.1`);
    const staging = await prompts.get(`${REF}@staging`); // 2.0
    expect(production.versionId).not.toBe(staging.versionId);
    const requestsFor = async (ref: string): Promise<number> => {
      const before = emu.requests.total();
      await prompts.get(ref);
      return emu.requests.total() - before;
    };

    await prompts.invalidateVersion({ vendor: "helicone", promptId: support.promptId, versionId: production.versionId });

    expect(await requestsFor(`${REF}@staging`)).toBe(0); // holds another version: kept
    expect(await requestsFor(REF)).toBeGreaterThan(0);
    expect(await requestsFor(`${REF}@1.1`)).toBeGreaterThan(0);
    expect(await requestsFor(`${REF}#${production.versionId}`)).toBe(0); // written again by the refetch above
  });

  it("takes only a version id", async () => {
    const prompts = clientFor(emu);
    const err = await caught(() => prompts.invalidateVersion(`${REF}@staging`));
    expect(err).toMatchObject({ code: "invalid_ref", operation: "invalidateVersion" });
  });
});
