// Fleet-wide single flight, invalidation by version, claims and recovery, with each "process" a
// store on its own connections to one real redis-server. (apps/fleet runs the same with real
// separate Node processes.)
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createPromptClient } from "@polyprompt/core";
import { helicone } from "@polyprompt/core/helicone";
import { watchPrompts } from "@polyprompt/core/watch";
import { SEED } from "@polyprompt/emulator";
import { describe, expect, inject, it } from "vitest";
import { FleetLeases } from "./fleet-leases.js";
import { createRedisStore, type RedisCommandClient, type RedisStoreOptions } from "./index.js";
import { BoundedCommands } from "./redis-commands.js";
import {
  API_KEY,
  connect,
  entry,
  HEALTHY_TIMEOUT_MS,
  inMemory,
  redisPromptClient,
  sharedEmulator,
  sharedRedis,
  subscriberFor,
  until,
} from "./test-support/redis-test-kit.js";

const redisUrl = inject("redisUrl");
const url = redisUrl ?? "";
const agent = `helicone:${SEED.helicone.supportAgent.promptId}`;
const fleet = sharedEmulator();

/** One member of the fleet: its own command and subscriber connections, store and prompt client. */
async function member(prefix: string, options: Partial<RedisStoreOptions> & { subscribe?: boolean } = {}) {
  const client = await connect(url);
  const subscriber = options.subscribe === false ? undefined : await subscriberFor(client);
  return redisPromptClient(fleet.emu, { client, subscriber, prefix, ...options });
}

/** Requests one cold fetch of `ref` costs upstream (a Helicone reference may take more than one). */
async function requestsPerFetch(ref: string): Promise<number> {
  const before = fleet.upstream();
  const lone = createPromptClient({ vendors: [helicone({ apiKey: API_KEY, baseUrl: fleet.emu.urlFor("helicone") })] });
  await lone.get(ref);
  return fleet.upstream() - before;
}

describe.skipIf(!redisUrl)("fleet-wide single flight", () => {
  const shared = sharedRedis(url, "lease");

  it("4 stores × 50 concurrent cold gets of one reference: one fetch upstream for the fleet", async () => {
    const perFetch = await requestsPerFetch(agent);
    const members = await Promise.all([1, 2, 3, 4].map(() => member(shared.prefix)));
    const before = fleet.upstream();
    const got = await Promise.all(members.flatMap((m) => Array.from({ length: 50 }, () => m.prompts.get(agent))));
    expect(new Set(got.map((v) => v.versionId)).size).toBe(1);
    expect(fleet.upstream() - before).toBe(perFetch);
    // Three members were answered by the fourth's fetch, through Redis.
    expect(members.map((m) => m.prompts.stats().coalesced).reduce((a, b) => a + b)).toBeGreaterThanOrEqual(3 + 4 * 49);
    for (const m of members) expect(m.storeErrors()).toEqual([]);
    // The lease is gone once released: nothing is left but entries.
    expect(await shared.admin.keys(`${shared.prefix}lease:*`)).toEqual([]);
  });

  it("works without a subscriber, by polling", async () => {
    const perFetch = await requestsPerFetch(agent);
    const members = await Promise.all([1, 2, 3].map(() => member(shared.prefix, { subscribe: false, lease: { pollMs: 20 } })));
    const before = fleet.upstream();
    await Promise.all(members.flatMap((m) => Array.from({ length: 10 }, () => m.prompts.get(agent))));
    expect(fleet.upstream() - before).toBe(perFetch);
  });

  it("a release notice wakes the waiters: with polling off in practice, they still finish", async () => {
    const perFetch = await requestsPerFetch(agent);
    const slowPoll = { lease: { pollMs: 600_000, leaseMs: 600_000, maxWaitMs: 600_000 } };
    const members = await Promise.all([1, 2, 3].map(() => member(shared.prefix, slowPoll)));
    await until(async () => {
      const reply = (await shared.admin.sendCommand(["PUBSUB", "NUMSUB", `${shared.prefix}released`])) as [unknown, number];
      return Number(reply[1]) === 3;
    }, "subscriptions");
    const before = fleet.upstream();
    await Promise.all(members.map((m) => m.prompts.get(agent)));
    expect(fleet.upstream() - before).toBe(perFetch);
  });

  it("a holder that fetched before an invalidation does not write the old version back, in any process", async () => {
    const a = createRedisStore({ client: await connect(url), prefix: shared.prefix });
    const b = createRedisStore({ client: await connect(url), prefix: shared.prefix });
    const key = "helicone\u0000p\u0000production\u0000";
    const never = new AbortController().signal;
    for (const invalidate of [() => b.delete(key), async () => b.clear?.()]) {
      const lease = await a.lease?.(key, never);
      expect(lease && "release" in lease).toBe(true);
      await invalidate(); // another process invalidates while a's fetch is under way
      await a.set(key, entry());
      expect(await shared.admin.get(`${shared.prefix}${key}`)).toBeNull();
      expect(inMemory(a, key)).toBe(false);
      if (lease && "release" in lease) await lease.release();
    }
    // With no invalidation in between, the holder's write goes through.
    const lease = await a.lease?.(key, never);
    await a.set(key, entry());
    expect(await shared.admin.get(`${shared.prefix}${key}`)).not.toBeNull();
    expect(inMemory(a, key)).toBe(true);
    if (lease && "release" in lease) await lease.release();
  });

  it("a release notice that arrives between a waiter's read and its wait still wakes it", async () => {
    const key = "helicone\u0000p\u0000production\u0000";
    await shared.admin.set(`${shared.prefix}lease:${key}`, "someone-else", { PX: 600_000 });
    let reads = 0;
    const leases: FleetLeases = new FleetLeases(
      new BoundedCommands(await connect(url), HEALTHY_TIMEOUT_MS, 0, () => {}),
      shared.prefix,
      { leaseMs: 600_000, pollMs: 600_000, maxWaitMs: 600_000 },
      async () => {
        // The holder releases and its notice lands right after this read, before the wait.
        if (++reads === 1) {
          leases.released(key);
          return undefined;
        }
        return entry();
      },
      `${shared.prefix}released`,
      (k) => [`${shared.prefix}gen:${k}`, `${shared.prefix}gen-all`],
    );
    expect(await leases.lease(key, new AbortController().signal)).toEqual({ filled: entry() });
    expect(reads).toBe(2);
  });

  it("a holder that hangs is taken over once its lease expires, and the taker completes the fetch", async () => {
    // A vendor that never answers: the first member takes the lease and then waits forever.
    const hanging: Server = createServer(() => {});
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
    try {
      const stuckStore = createRedisStore({ client: await connect(url), prefix: shared.prefix, timeoutMs: HEALTHY_TIMEOUT_MS });
      const stuck = createPromptClient({
        vendors: [helicone({ apiKey: API_KEY, baseUrl: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}` })],
        cache: { store: stuckStore },
        retry: false,
        timeoutMs: 600_000,
      });
      const controller = new AbortController();
      const stuckGet = stuck.get(agent, { signal: controller.signal }).catch((err: unknown) => err);
      await until(async () => (await shared.admin.keys(`${shared.prefix}lease:*`)).length === 1, "the first member's lease");

      const taker = await member(shared.prefix, { lease: { leaseMs: 300, pollMs: 20 } });
      const before = fleet.upstream();
      const got = await taker.prompts.get(agent);
      expect(got.source).toBe("network");
      expect(fleet.upstream() - before).toBeGreaterThan(0);
      expect(taker.storeErrors()).toEqual([]);
      controller.abort();
      expect(await stuckGet).toMatchObject({ code: "aborted" });
    } finally {
      hanging.closeAllConnections();
      await new Promise<void>((resolve) => hanging.close(() => resolve()));
    }
  });

  it("a waiter gives up after maxWaitMs and fetches by itself", async () => {
    // A lease held by a process that never releases and never stores (taken by hand here).
    const a = await member(shared.prefix, { lease: { leaseMs: 600_000, maxWaitMs: 50, pollMs: 10 } });
    const holder = createRedisStore({ client: await connect(url), prefix: shared.prefix, lease: { leaseMs: 600_000 } });
    const key = "helicone\u0000x\u0000production\u0000";
    const taken = await holder.lease?.(key, new AbortController().signal);
    expect(taken && "release" in taken).toBe(true);
    const answered = await a.store.lease?.(key, new AbortController().signal);
    expect(answered).toBeUndefined();
  });
});

describe.skipIf(!redisUrl)("invalidateVersion and keys across the fleet", () => {
  const shared = sharedRedis(url, "byversion");

  it("a version dropped on one member leaves every member's memory, found through Redis", async () => {
    const a = await member(shared.prefix);
    const b = await member(shared.prefix);
    const production = await a.prompts.get(agent);
    await a.prompts.get(`${agent}@staging`);
    await b.prompts.get(agent); // b holds it in memory, from Redis
    const c = await member(shared.prefix); // holds nothing in memory: only Redis knows the keys
    await until(async () => {
      const reply = (await shared.admin.sendCommand(["PUBSUB", "NUMSUB", `${shared.prefix}invalidate`])) as [unknown, number];
      return Number(reply[1]) === 3;
    }, "subscriptions");

    await c.prompts.invalidateVersion({
      vendor: "helicone",
      promptId: SEED.helicone.supportAgent.promptId,
      versionId: production.versionId,
    });

    await until(() => !inMemory(a.store, keyOf(agent)) && !inMemory(b.store, keyOf(agent)), "memory tiers dropped");
    const before = fleet.upstream();
    expect((await b.prompts.get(`${agent}@staging`)).source).toBe("cache"); // another version: kept
    expect(fleet.upstream()).toBe(before);
    expect((await b.prompts.get(agent)).source).toBe("network");
  });

  it("keys() lists what Redis holds under the prefix, not only this process's memory", async () => {
    const a = await member(shared.prefix);
    await a.store.set("helicone\u0000p\u0000production\u0000", entry());
    await a.store.set("helicone\u0000q\u0000production\u0000", entry());
    const fresh = createRedisStore({ client: await connect(url), prefix: shared.prefix });
    expect([...((await fresh.keys?.("helicone\u0000p\u0000")) ?? [])]).toEqual(["helicone\u0000p\u0000production\u0000"]);
  });
});

describe.skipIf(!redisUrl)("claims and recovery", () => {
  const shared = sharedRedis(url, "claims");

  it("claim is true once across the fleet, until it expires", async () => {
    const a = createRedisStore({ client: await connect(url), prefix: shared.prefix });
    const b = createRedisStore({ client: await connect(url), prefix: shared.prefix });
    expect(await a.claim("delivery-1", 60_000)).toBe(true);
    expect(await b.claim("delivery-1", 60_000)).toBe(false);
    expect(await a.claim("delivery-1", 60_000)).toBe(false);
    expect(await b.claim("delivery-2", 60_000)).toBe(true);
    expect(Number(await shared.admin.pTTL(`${shared.prefix}claim:delivery-1`))).toBeGreaterThan(0);
  });

  it("watchers sharing a store's claims: one listing per prompt and interval for the whole fleet", async () => {
    const members = await Promise.all([1, 2, 3].map(() => member(shared.prefix)));
    const watchers = members.map((m) => watchPrompts({ client: m.prompts, prompts: [agent], intervalMs: 3_600_000, claims: m.store }));
    try {
      const before = fleet.upstream();
      const changes = await Promise.all(watchers.map((w) => w.pollOnce()));
      const listed = fleet.upstream() - before;
      expect(listed).toBeGreaterThan(0);
      expect(changes.flat()).toHaveLength(1); // the fleet's first sight, handled once
      expect(await Promise.all(watchers.map((w) => w.pollOnce()))).toEqual([[], [], []]);
      expect(fleet.upstream() - before).toBe(listed); // the interval is claimed: no second listing
    } finally {
      for (const w of watchers) w.stop();
    }
  });

  it("a subscriber that reconnects empties the memory tier: invalidations sent while it was away never arrived", async () => {
    const client = await connect(url);
    const subscriber = await subscriberFor(client);
    const id = String(await subscriber.sendCommand(["CLIENT", "ID"])); // asked before it subscribes
    const store = createRedisStore({ client, subscriber, prefix: shared.prefix });
    await store.set("k", entry());
    expect(inMemory(store, "k")).toBe(true);
    // Only this connection: the other test files share the server.
    await shared.admin.sendCommand(["CLIENT", "KILL", "ID", id]);
    await until(() => !inMemory(store, "k"), "the memory tier dropped after the reconnect");
    await store.close();
  });

  it("after a failure the store leaves Redis alone, and empties its memory tier when Redis answers again", async () => {
    const redis = await connect(url);
    let down = false;
    let sent = 0;
    const flaky: RedisCommandClient = {
      sendCommand: (args, options) => {
        sent++;
        return down ? Promise.reject(new Error("ECONNREFUSED")) : redis.sendCommand([...args], options);
      },
    };
    const store = createRedisStore({ client: flaky, prefix: shared.prefix, cooldownMs: 600_000 });
    await store.set("k", entry());
    down = true;
    await expect(store.get("missing")).rejects.toThrow("GET failed: ECONNREFUSED");
    const afterFailure = sent;
    await expect(store.get("other")).rejects.toThrow("skipped: Redis failed less than 600000 ms ago");
    expect(sent).toBe(afterFailure); // nothing sent during the cool-down
    expect(inMemory(store, "k")).toBe(true); // memory still serves

    // A store with no cool-down probes at once; when Redis answers, what it missed is dropped.
    const probing = createRedisStore({ client: flaky, prefix: shared.prefix, cooldownMs: 0 });
    await Promise.resolve(probing.set("k", entry())).catch(() => {});
    expect(inMemory(probing, "k")).toBe(true);
    down = false;
    await probing.get("missing");
    expect(inMemory(probing, "k")).toBe(false);
  });
});

/** The cache key of a production reference, as the client writes it. */
function keyOf(ref: string): string {
  const [vendor, promptId] = ref.split(":");
  return `${vendor}\u0000${promptId}\u0000production\u0000`;
}
