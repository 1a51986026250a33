import { type CacheEntry, createPromptClient, type PromptEvent } from "@polyprompt/core";
import { helicone } from "@polyprompt/core/helicone";
import { SEED } from "@polyprompt/emulator";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createRedisStore, type RedisCommandClient, type RedisStore } from "./index.js";
import { type RedisServer, startRedisServer } from "./testing/redis-server.js";
import {
  API_KEY,
  connect,
  counting,
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
const classifier = `helicone:${SEED.helicone.ticketClassifier.promptId}`;
const agent = `helicone:${SEED.helicone.supportAgent.promptId}`;
const fleet = sharedEmulator();
const upstream = fleet.upstream;
const promptClient = (client: RedisCommandClient, options: { prefix?: string; timeoutMs?: number } = {}) =>
  redisPromptClient(fleet.emu, { client, ...options });

describe.skipIf(!redisUrl)("createRedisStore against a real Redis", () => {
  const url = redisUrl ?? "";
  const shared = sharedRedis(url, "test");

  it("two clients share one Redis: the second's cold get makes no upstream request", async () => {
    const a = promptClient(await connect(url), { prefix: shared.prefix });
    const b = promptClient(await connect(url), { prefix: shared.prefix });
    const first = await a.prompts.get(classifier);
    expect(upstream()).toBeGreaterThan(0);
    const before = upstream();
    const second = await b.prompts.get(classifier);
    expect(upstream() - before).toBe(0);
    expect(second.versionId).toBe(first.versionId);
    expect(second.source).toBe("cache");
    const keys = await shared.admin.keys(`${shared.prefix}*`);
    expect(keys.length).toBeGreaterThan(0);
    // An entry that can go stale expires in Redis at its staleUntil; a version by id never changes.
    const ttls = await Promise.all(keys.map((k) => shared.admin.pTTL(k)));
    expect(ttls.some((t) => t > 0)).toBe(true);
    expect([...a.storeErrors(), ...b.storeErrors()]).toEqual([]);
  });

  it("a hit from memory sends no command to Redis, and answers synchronously", async () => {
    const redis = counting(await connect(url));
    const { prompts, store } = promptClient(redis, { prefix: shared.prefix });
    await prompts.get(classifier);
    const sent = redis.commands.length;
    await prompts.get(classifier);
    await prompts.get(classifier);
    expect(redis.commands.length).toBe(sent);
    const key = (await shared.admin.keys(`${shared.prefix}*`))[0]?.slice(shared.prefix.length) ?? "";
    const hit = store.get(key) as CacheEntry;
    expect(hit.value.versionId).toBeTypeOf("string"); // not a promise
    expect(Object.isFrozen(hit) && Object.isFrozen(hit.value)).toBe(true);
  });

  it("a Redis hit fills the memory tier", async () => {
    const writer = createRedisStore({ client: await connect(url), prefix: shared.prefix });
    const redis = counting(await connect(url));
    const reader = createRedisStore({ client: redis, prefix: shared.prefix });
    await writer.set("k", entry());
    expect(await reader.get("k")).toEqual(entry());
    expect(redis.commands).toEqual(["GET"]);
    expect(reader.get("k")).toEqual(entry());
    expect(redis.commands).toEqual(["GET"]);
  });

  it("stores an immutable entry (staleUntil null) without expiry", async () => {
    const store = createRedisStore({ client: await connect(url), prefix: shared.prefix });
    await store.set("k", entry({ expiresAt: null, staleUntil: null }));
    expect(await shared.admin.pTTL(`${shared.prefix}k`)).toBe(-1);
  });

  it("delete removes both tiers", async () => {
    const redis = counting(await connect(url));
    const store = createRedisStore({ client: redis, prefix: shared.prefix });
    await store.set("k", entry());
    await store.delete("k");
    expect(await shared.admin.exists(`${shared.prefix}k`)).toBe(0);
    expect(await store.get("k")).toBeUndefined();
    expect(redis.commands.at(-1)).toBe("GET"); // the memory tier missed too
  });

  it("clear removes only the keys under the shared.prefix, in SCAN batches", async () => {
    const store = createRedisStore({ client: await connect(url), prefix: shared.prefix });
    for (let i = 0; i < 250; i++) await shared.admin.set(`${shared.prefix}k${i}`, "{}");
    await store.set("k", entry());
    await shared.admin.set(`other:${shared.prefix}k`, "keep");
    await shared.admin.set("unrelated", "keep");
    await store.clear?.();
    // Only the generation that clear bumps, so that a fetch begun before it stores nothing.
    expect(await shared.admin.keys(`${shared.prefix}*`)).toEqual([`${shared.prefix}gen-all`]);
    expect(await shared.admin.get(`other:${shared.prefix}k`)).toBe("keep");
    expect(await shared.admin.get("unrelated")).toBe("keep");
    expect(store.size).toBe(0);
  });

  it("a malformed value in Redis is not served: the get reports it and fetches from the vendor", async () => {
    const { prompts, storeErrors } = promptClient(await connect(url), { prefix: shared.prefix });
    await prompts.get(classifier);
    const keys = await shared.admin.keys(`${shared.prefix}*`);
    for (const bad of ["not json", '{"value":{"vendor":"helicone"},"expiresAt":1,"staleUntil":2}', "null", "[]"]) {
      for (const key of keys) await shared.admin.set(key, bad);
      const fresh = promptClient(await connect(url), { prefix: shared.prefix });
      const before = upstream();
      expect((await fresh.prompts.get(classifier)).source).toBe("network");
      expect(upstream() - before).toBeGreaterThan(0);
      const errors = fresh.storeErrors().map((e) => String(e.error));
      expect(errors.length).toBeGreaterThan(0);
      for (const e of errors) expect(e).toContain("is not a cache entry; not served");
      // the fetch wrote good entries back
      for (const key of keys) expect(JSON.parse((await shared.admin.get(key)) ?? "null").entry.value.vendor).toBe("helicone");
    }
    // A well-formed entry whose content no longer matches its hash (edited in place) is not served either.
    for (const key of keys) {
      const stored = JSON.parse((await shared.admin.get(key)) ?? "null");
      stored.entry.value.promptId = "tampered";
      await shared.admin.set(key, JSON.stringify(stored));
    }
    const fresh = promptClient(await connect(url), { prefix: shared.prefix });
    expect((await fresh.prompts.get(classifier)).promptId).toBe(SEED.helicone.ticketClassifier.promptId);
    expect(fresh.storeErrors().map((e) => String(e.error))).toEqual(
      expect.arrayContaining([expect.stringContaining("does not match its content hash; not served")]),
    );
    expect(storeErrors()).toEqual([]);
  });
});

describe.skipIf(!redisUrl)("push invalidation across processes", () => {
  const url = redisUrl ?? "";
  const shared = sharedRedis(url, "pubsub");

  const subscribers = async () => {
    const reply = (await shared.admin.sendCommand(["PUBSUB", "NUMSUB", `${shared.prefix}invalidate`])) as [unknown, number];
    return Number(reply[1]);
  };
  /** A store with its own command and subscriber connections, as a separate process would have. */
  async function listening(): Promise<RedisStore> {
    const client = await connect(url);
    const subscriber = await subscriberFor(client);
    return createRedisStore({ client, subscriber, prefix: shared.prefix, timeoutMs: HEALTHY_TIMEOUT_MS });
  }
  /** Stores that all hold `keys` in memory, once every subscription is active. */
  async function warmed(stores: RedisStore[], keys: string[], expectedSubscribers: number) {
    await until(async () => (await subscribers()) === expectedSubscribers, "subscriptions");
    for (const key of keys) await stores[0]?.set(key, entry());
    for (const store of stores) for (const key of keys) await store.get(key); // a Redis hit fills memory
    for (const store of stores) for (const key of keys) expect(inMemory(store, key)).toBe(true);
  }

  it("delete on one store drops the key from another store's memory tier", async () => {
    const a = await listening();
    const b = await listening();
    await warmed([a, b], ["k", "other"], 2);
    await a.delete("k");
    await until(() => !inMemory(b, "k"), "B drops k");
    expect(await b.get("k")).toBeUndefined(); // gone from Redis too
    expect(inMemory(b, "other")).toBe(true); // only the named key
    expect(inMemory(a, "k")).toBe(false); // its own message is harmless
    await Promise.all([a.close(), b.close()]);
  });

  it("delete through a prompt client drops the entry from another prompt client's memory tier", async () => {
    const clientA = await connect(url);
    const subA = await connect(url);
    const clientB = await connect(url);
    const subB = await connect(url);
    const storeA = createRedisStore({ client: clientA, subscriber: subA, prefix: shared.prefix, timeoutMs: HEALTHY_TIMEOUT_MS });
    const storeB = createRedisStore({ client: clientB, subscriber: subB, prefix: shared.prefix, timeoutMs: HEALTHY_TIMEOUT_MS });
    await until(async () => (await subscribers()) === 2, "subscriptions");
    const events: PromptEvent[] = [];
    const prompts = (store: RedisStore) =>
      createPromptClient({
        vendors: [helicone({ apiKey: API_KEY, baseUrl: fleet.emu.urlFor("helicone") })],
        cache: { store },
        onEvent: (e) => events.push(e),
      });
    const a = prompts(storeA);
    const b = prompts(storeB);
    await a.get(classifier);
    expect((await b.get(classifier)).source).toBe("cache");
    // The keys B's cache hit filled its memory tier with (a prompt may have more than one).
    const keys = (await shared.admin.keys(`${shared.prefix}*`))
      .map((k) => k.slice(shared.prefix.length))
      .filter((k) => inMemory(storeB, k));
    expect(keys.length).toBeGreaterThan(0);
    await a.invalidate(classifier);
    await until(() => keys.every((key) => !inMemory(storeB, key)), "B drops the invalidated entries");
    const before = upstream();
    expect((await b.get(classifier)).source).toBe("network");
    expect(upstream() - before).toBeGreaterThan(0);
    expect(events.filter((e) => e.type === "store_error")).toEqual([]);
    await Promise.all([storeA.close(), storeB.close()]);
  });

  it("clear on one store clears another store's memory tier", async () => {
    const a = await listening();
    const b = await listening();
    await warmed([a, b], ["k1", "k2"], 2);
    await a.clear?.();
    await until(() => b.size === 0, "B clears its memory tier");
    expect(inMemory(b, "k1") || inMemory(b, "k2")).toBe(false);
    await Promise.all([a.close(), b.close()]);
  });

  it("without a subscriber nothing subscribes, and the memory tier keeps serving", async () => {
    const quiet = createRedisStore({ client: await connect(url), prefix: shared.prefix, timeoutMs: HEALTHY_TIMEOUT_MS });
    const a = await listening();
    const witness = await listening();
    await warmed([quiet, a, witness], ["k"], 2); // only a and witness subscribed
    await a.delete("k");
    await until(() => !inMemory(witness, "k"), "the witness receives the message");
    expect(inMemory(quiet, "k")).toBe(true);
    await quiet.close(); // a no-op
    await Promise.all([a.close(), witness.close()]);
  });

  it("a failed publish fails the delete, and the invalidating store's memory tier is dropped first", async () => {
    const redis = await connect(url);
    const failing: RedisCommandClient = {
      sendCommand: (args, options) =>
        args[0] === "PUBLISH" ? Promise.reject(new Error("connection lost")) : redis.sendCommand([...args], options),
    };
    const store = createRedisStore({ client: failing, prefix: shared.prefix, timeoutMs: HEALTHY_TIMEOUT_MS, cooldownMs: 0 });
    await store.set("k", entry());
    expect(inMemory(store, "k")).toBe(true);
    await expect(store.delete("k")).rejects.toThrow("PUBLISH failed: connection lost");
    expect(inMemory(store, "k")).toBe(false);
    await store.set("k", entry());
    await expect(store.clear?.()).rejects.toThrow("PUBLISH failed");
    expect(store.size).toBe(0);
  });

  it("close() unsubscribes: a later invalidation changes nothing", async () => {
    const a = await listening();
    const b = await listening();
    const witness = await listening();
    await warmed([a, b, witness], ["k"], 3);
    await b.close();
    expect(await subscribers()).toBe(2);
    await b.close(); // twice is harmless
    await a.delete("k");
    await until(() => !inMemory(witness, "k"), "the witness receives the message");
    expect(inMemory(b, "k")).toBe(true);
    await Promise.all([a.close(), witness.close()]);
  });
});

describe.skipIf(!redisUrl)("a slow Redis", () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(() => server.stop("SIGKILL"));

  it("a get does not wait for a paused Redis beyond timeoutMs: it reports a timeout and uses the vendor", async () => {
    const warm = promptClient(await connect(server.url), { timeoutMs: 100 });
    await warm.prompts.get(classifier);
    const cold = promptClient(await connect(server.url), { timeoutMs: 100 });
    const admin = await connect(server.url);
    // Every client's commands wait until the pause ends (this server is killed first).
    await admin.sendCommand(["CLIENT", "PAUSE", "600000", "ALL"]);
    expect((await warm.prompts.get(classifier)).source).toBe("cache"); // memory tier: no Redis
    const got = await cold.prompts.get(classifier);
    expect(got.source).toBe("network");
    const errors = cold.storeErrors().map((e) => String(e.error));
    expect(errors).toContainEqual(expect.stringContaining("GET timed out after 100 ms"));
    for (const e of errors) expect(e).not.toContain(API_KEY);
  });
});

describe.skipIf(!redisUrl)("Redis stopped and restarted mid-run", () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(() => server.stop("SIGKILL"));

  it("gets keep working while Redis is down, and the shared tier is used again after a restart", async () => {
    const redisA = await connect(server.url);
    const redisB = await connect(server.url);
    const a = promptClient(redisA); // its only Redis calls are made while Redis is up
    await a.prompts.get(classifier);

    await server.stop("SIGKILL");
    expect((await a.prompts.get(classifier)).source).toBe("cache"); // memory tier
    const b = promptClient(redisB, { timeoutMs: 200 }); // a new process's client: its memory tier is cold
    expect((await b.prompts.get(classifier)).source).toBe("network"); // Redis down: the vendor
    expect(b.storeErrors().length).toBeGreaterThan(0);
    for (const e of b.storeErrors()) expect(String(e.error)).not.toContain(API_KEY);

    server = await startRedisServer({ port: server.port });
    while (!redisA.isReady) await new Promise((r) => setTimeout(r, 20)); // node-redis reconnects by itself
    a.events.length = 0;
    await a.prompts.get(agent); // cold for A: fetched, written to the restarted Redis
    expect(a.storeErrors()).toEqual([]);
    const c = promptClient(await connect(server.url), { timeoutMs: HEALTHY_TIMEOUT_MS });
    const before = upstream();
    expect((await c.prompts.get(agent)).source).toBe("cache");
    expect(upstream() - before).toBe(0);
  });
});
