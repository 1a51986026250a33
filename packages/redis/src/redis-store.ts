import { type CacheEntry, type CacheStore, createMemoryStore } from "@polyprompt/core";
import { decodeEntry, encodeEntry } from "./entry-codec.js";
import { FleetLeases } from "./fleet-leases.js";
import { BoundedCommands, type RedisCommandClient, RedisStoreError, safeMessage, text, withTimeout } from "./redis-commands.js";

/** Called by the subscriber connection with each message on a channel. */
export type RedisMessageListener = (message: string, channel: string) => unknown;

/**
 * What the store needs from a subscriber connection: node-redis' `subscribe`/`unsubscribe` with a
 * listener. Structural, so the package's types do not tie to one node-redis minor. Pass
 * `client.duplicate()`, already connected: a connection in subscriber mode runs no other commands.
 */
export interface RedisSubscriberClient {
  subscribe(channel: string, listener: RedisMessageListener): Promise<unknown>;
  unsubscribe(channel: string, listener: RedisMessageListener): Promise<unknown>;
  /** node-redis' event emitter: the store listens for `ready` (a reconnect) and stops listening on `close`. */
  on?(event: "ready", listener: () => void): unknown;
  off?(event: "ready", listener: () => void): unknown;
}

export interface RedisStoreOptions {
  /** The caller's node-redis client, already connected. The store never connects or quits it. */
  client: RedisCommandClient;
  /** Put before every key in Redis. Default `"polyprompt:"`. */
  prefix?: string;
  /** Bound on each Redis command; past it the operation fails (and the client reports `store_error`). Default 250 ms. */
  timeoutMs?: number;
  /** The in-memory tier in front of Redis. Default `{ maxEntries: 1000 }`. */
  memory?: { maxEntries?: number };
  /**
   * After a command fails or times out, how long the store sends nothing to Redis (calls go
   * straight to memory and the vendor) before trying again. Default 1,000 ms.
   */
  cooldownMs?: number;
  /**
   * Fleet-wide single flight: on a miss, one process takes a lease on the key and fetches; the
   * others wait for what it stores. `leaseMs` (default 5,000)
   * bounds how long a holder that died holds the key; `maxWaitMs` (default twice that) how long
   * a process waits in all before fetching by itself; `pollMs` (default 100) how often a waiter
   * looks again when no release notice comes (without `subscriber`, notices never come).
   * `false` turns leases off.
   */
  lease?: false | { leaseMs?: number; maxWaitMs?: number; pollMs?: number };
  /**
   * A second connection (`client.duplicate()`, connected by the caller) on which the store
   * subscribes to `${prefix}invalidate`, so a `delete` or `clear` in any process drops the entry
   * from this process's memory tier too, and to `${prefix}released`, so a process waiting on
   * another's lease wakes as soon as it is released. Without it, nothing subscribes.
   */
  subscriber?: RedisSubscriberClient;
}

/** The store `createRedisStore` returns: a `CacheStore` that can stop listening for invalidations. */
export interface RedisStore extends CacheStore {
  /**
   * Claims `id` for `ttlMs` across the fleet: true the first time, false while the claim lasts.
   * A `ReplayGuard` for webhook handlers, so a delivery replayed to another process is refused too.
   */
  claim(id: string, ttlMs: number): Promise<boolean>;
  /**
   * Unsubscribes from the invalidation channel (a no-op without `subscriber`). Never quits the
   * caller's clients: close them yourself after this.
   */
  close(): Promise<void>;
}

const SCAN_COUNT = 100;
/**
 * How long a key's invalidation generation outlives its last bump: far longer than any lease, so
 * a holder never sees a bumped generation expire back to its old value. (If it expires anyway,
 * the holder sees a mismatch and skips its write, which costs a refetch, never a stale entry.)
 */
const GENERATION_TTL_MS = "600000";
// Invalidating: the entry goes, and its generation moves, in one step.
const DELETE_SCRIPT = 'redis.call("UNLINK", KEYS[1]) redis.call("INCR", KEYS[2]) redis.call("PEXPIRE", KEYS[2], ARGV[1]) return 1';
// A lease holder's write: only if no invalidation (of the key, or a clear) came since it took the lease.
const GUARDED_SET_SCRIPT = `if ((redis.call("GET", KEYS[2]) or "0") .. ":" .. (redis.call("GET", KEYS[3]) or "0")) ~= ARGV[1] then return 0 end
if ARGV[3] == "" then redis.call("SET", KEYS[1], ARGV[2]) else redis.call("SET", KEYS[1], ARGV[2], "PX", ARGV[3]) end
return 1`;
/** The invalidation message that clears every memory tier; keys never consist of a lone `*`. */
const ALL = "*";

/**
 * A `CacheStore` for `createPromptClient({ cache: { store } })`: an in-memory LRU in front of
 * Redis, so a fleet of processes fetches each version from the vendor once.
 *
 * - `get` answers from memory synchronously on a hit; otherwise reads Redis, and a Redis hit
 *   fills the memory tier.
 * - `set` writes both tiers (in Redis as JSON with a content hash under `prefix + key`, expiring
 *   at `staleUntil`), so every process agrees on `fetchedAt` and freshness.
 * - `lease` makes a miss fleet-wide single flight: one process fetches, the others wait for it.
 * - Every Redis command is bounded by `timeoutMs`; a failure throws a `RedisStoreError`, which
 *   the client reports as a `store_error` event and treats as a miss. After a failure the store
 *   leaves Redis alone for `cooldownMs`, and when Redis answers again it empties its memory
 *   tier: invalidations published meanwhile never reached it.
 * - A value in Redis that is not a valid entry, or does not match its hash, is not served: `get`
 *   throws (so it is reported) and the client's next fetch overwrites it.
 * - `delete` and `clear` publish the key (or `"*"`) on `${prefix}invalidate`; with `subscriber`,
 *   every store listening on that channel drops it from its memory tier.
 *
 * @example
 * const redis = await createClient({ url: process.env.REDIS_URL }).on("error", log).connect();
 * const subscriber = await redis.duplicate().on("error", log).connect();
 * const store = createRedisStore({ client: redis, subscriber });
 * const prompts = createPromptClient({ vendors, cache: { store } });
 * // on shutdown
 * await store.close();
 * await Promise.all([subscriber.quit(), redis.quit()]);
 */
export function createRedisStore(options: RedisStoreOptions): RedisStore {
  const { subscriber } = options;
  const prefix = options.prefix ?? "polyprompt:";
  const timeoutMs = options.timeoutMs ?? 250;
  const memory = createMemoryStore({ maxEntries: options.memory?.maxEntries ?? 1000 });
  const invalidateChannel = `${prefix}invalidate`;
  const releasedChannel = `${prefix}released`;
  // Bumped on every invalidation, local or received: a Redis read that was in flight across one
  // may hold the value just invalidated, so it is returned but not kept in memory.
  let generation = 0;
  const drop = (key: string): void => {
    generation++;
    if (key === ALL) memory.clear?.();
    else memory.delete(key);
  };
  const commands = new BoundedCommands(options.client, timeoutMs, options.cooldownMs ?? 1_000, () => drop(ALL));
  const command = (args: string[]): Promise<unknown> => commands.send(args);

  const readRedis = async (key: string): Promise<CacheEntry | undefined> => {
    const before = generation;
    const reply = await command(["GET", prefix + key]);
    if (reply === null || reply === undefined) return undefined;
    const entry = decodeEntry(reply, prefix + key);
    if (entry.staleUntil !== null && entry.staleUntil <= Date.now()) return undefined;
    if (generation !== before) return entry;
    memory.set(key, entry);
    return (memory.get(key) as CacheEntry | undefined) ?? entry;
  };

  // Invalidation generations: a process that took a lease before an invalidation (here or in
  // another process) and stores after it would write back what was just invalidated.
  const generationKeys = (key: string): [string, string] => [`${prefix}gen:${key}`, `${prefix}gen-all`];

  const leaseOptions = options.lease === false ? undefined : { leaseMs: 5_000, pollMs: 100, ...options.lease };
  const leases =
    leaseOptions === undefined
      ? undefined
      : new FleetLeases(
          commands,
          prefix,
          { maxWaitMs: leaseOptions.leaseMs * 2, ...leaseOptions },
          async (key) => {
            const entry = await readRedis(key);
            return entry !== undefined && (entry.expiresAt === null || entry.expiresAt > Date.now()) ? entry : undefined;
          },
          releasedChannel,
          generationKeys,
        );

  /** Every key under `match` (a SCAN pattern), a batch at a time. */
  const scan = async (match: string, onBatch: (redisKeys: string[]) => Promise<void>): Promise<void> => {
    let cursor = "0";
    do {
      const reply = await command(["SCAN", cursor, "MATCH", match, "COUNT", String(SCAN_COUNT)]);
      if (!Array.isArray(reply) || reply.length !== 2 || !Array.isArray(reply[1])) {
        throw new RedisStoreError("@polyprompt/redis: SCAN returned an unexpected reply");
      }
      cursor = text(reply[0]) ?? "0";
      const keys = (reply[1] as unknown[]).map(text).filter((k): k is string => k !== undefined);
      if (keys.length > 0) await onBatch(keys);
    } while (cursor !== "0");
  };

  let closed = false;
  const listener: RedisMessageListener = (message, channel) => {
    if (closed) return;
    if (channel === releasedChannel) leases?.released(message);
    else drop(message);
  };
  const channels = leases === undefined ? [invalidateChannel] : [invalidateChannel, releasedChannel];
  // Subscribing runs in the background so creating the store stays synchronous; close() waits for it.
  const subscribed = subscriber === undefined ? undefined : Promise.all(channels.map((c) => subscriber.subscribe(c, listener)));
  subscribed?.catch(() => {}); // not unhandled: node-redis resubscribes by itself after a reconnect
  // The caller connected the subscriber before creating the store, so a later `ready` is a
  // reconnect: invalidations published while it was down never arrived, so memory is dropped.
  const reconnected = (): void => {
    if (!closed) drop(ALL);
  };
  subscriber?.on?.("ready", reconnected);

  return {
    get(key) {
      const hit = memory.get(key) as CacheEntry | undefined;
      return hit !== undefined ? hit : readRedis(key);
    },
    async set(key, entry) {
      const json = encodeEntry(entry);
      const ttl = entry.staleUntil === null ? "" : String(Math.ceil(entry.staleUntil - Date.now()));
      if (ttl !== "" && Number(ttl) <= 0) {
        await command(["UNLINK", prefix + key]);
        return;
      }
      const seen = leases?.heldGeneration(key);
      if (seen === undefined) {
        memory.set(key, entry);
        await command(ttl === "" ? ["SET", prefix + key, json] : ["SET", prefix + key, json, "PX", ttl]);
        return;
      }
      const [generation, generationAll] = generationKeys(key);
      const written = await command(["EVAL", GUARDED_SET_SCRIPT, "3", prefix + key, generation, generationAll, seen, json, ttl]);
      // Not written: invalidated since this fetch began. The callers still get what was fetched.
      if (written === 1) memory.set(key, entry);
    },
    async delete(key) {
      drop(key); // first, so this process stops serving it even when Redis is down
      await command(["EVAL", DELETE_SCRIPT, "2", prefix + key, generationKeys(key)[0], GENERATION_TTL_MS]);
      await command(["PUBLISH", invalidateChannel, key]);
    },
    async clear() {
      drop(ALL);
      await scan(`${escapeGlob(prefix)}*`, async (keys) => void (await command(["UNLINK", ...keys])));
      await command(["INCR", generationKeys("")[1]]); // after the scan, which deleted it too
      await command(["PUBLISH", invalidateChannel, ALL]);
    },
    lease: leases === undefined ? undefined : (key, signal) => leases.lease(key, signal),
    async keys(keyPrefix) {
      const found = new Set((await memory.keys?.(keyPrefix)) ?? []);
      try {
        await scan(`${escapeGlob(prefix + keyPrefix)}*`, async (redisKeys) => {
          for (const k of redisKeys) found.add(k.slice(prefix.length));
        });
      } catch {
        // Redis is down: the keys this process holds are still worth dropping. The deletes that
        // follow fail against Redis too, and those failures are what the client reports.
      }
      return found;
    },
    async claim(id, ttlMs) {
      return (await command(["SET", `${prefix}claim:${id}`, "1", "NX", "PX", String(Math.max(1, Math.ceil(ttlMs)))])) === "OK";
    },
    async close() {
      if (subscriber === undefined || closed) return;
      closed = true; // from now on a message changes nothing, even if unsubscribing fails
      subscriber.off?.("ready", reconnected);
      try {
        // A failed subscribe still gets an unsubscribe: node-redis may hold the listener for a resubscribe.
        const unsubscribe = (subscribed ?? Promise.resolve())
          .catch(() => {})
          .then(() => Promise.all(channels.map((c) => subscriber.unsubscribe(c, listener))));
        await withTimeout(unsubscribe, timeoutMs, "UNSUBSCRIBE");
      } catch (err) {
        if (err instanceof RedisStoreError) throw err;
        throw new RedisStoreError(`@polyprompt/redis: UNSUBSCRIBE failed: ${safeMessage(err)}`);
      }
    },
    get size() {
      return memory.size;
    },
  };
}

function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, "\\$&");
}
