import { type CacheEntry, type CacheStore, createMemoryStore } from "@polyprompt/core";

/**
 * What the store needs from a Redis client: `sendCommand`, as node-redis (`redis` 6)
 * has it. Pass the client returned by `createClient()`, already connected.
 */
export interface RedisCommandClient {
  sendCommand(args: ReadonlyArray<string>, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
}

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
   * A second connection (`client.duplicate()`, connected by the caller) on which the store
   * subscribes to `${prefix}invalidate`, so a `delete` or `clear` in any process drops the entry
   * from this process's memory tier too. Without it, nothing subscribes.
   */
  subscriber?: RedisSubscriberClient;
}

/** The store `createRedisStore` returns: a `CacheStore` that can stop listening for invalidations. */
export interface RedisStore extends CacheStore {
  /**
   * Unsubscribes from the invalidation channel (a no-op without `subscriber`). Never quits the
   * caller's clients: close them yourself after this.
   */
  close(): Promise<void>;
}

/** A Redis command that failed, timed out, or returned an entry that is not one. Never holds credentials. */
export class RedisStoreError extends Error {
  override readonly name = "RedisStoreError";
}

const SCAN_COUNT = 100;
/** The invalidation message that clears every memory tier; keys never consist of a lone `*`. */
const ALL = "*";

/**
 * A `CacheStore` for `createPromptClient({ cache: { store } })`: an in-memory LRU in front of
 * Redis, so a fleet of processes fetches each version from the vendor once.
 *
 * - `get` answers from memory synchronously on a hit; otherwise reads Redis, and a Redis hit
 *   fills the memory tier.
 * - `set` writes both tiers (in Redis as JSON under `prefix + key`, expiring at `staleUntil`).
 * - Every Redis command is bounded by `timeoutMs`; a failure throws a `RedisStoreError`, which
 *   the client reports as a `store_error` event and treats as a miss.
 * - A value in Redis that is not a valid entry is not served: `get` throws (so it is reported)
 *   and the client's next fetch overwrites it.
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
  const { client, subscriber } = options;
  const prefix = options.prefix ?? "polyprompt:";
  const timeoutMs = options.timeoutMs ?? 250;
  const memory = createMemoryStore({ maxEntries: options.memory?.maxEntries ?? 1000 });
  const channel = `${prefix}invalidate`;
  // Bumped on every invalidation, local or received: a Redis read that was in flight across one
  // may hold the value just invalidated, so it is returned but not kept in memory.
  let generation = 0;
  const drop = (key: string): void => {
    generation++;
    if (key === ALL) memory.clear?.();
    else memory.delete(key);
  };

  const command = (args: string[]): Promise<unknown> => bounded(client, args, timeoutMs);

  const readRedis = async (key: string): Promise<CacheEntry | undefined> => {
    const before = generation;
    const reply = await command(["GET", prefix + key]);
    if (reply === null || reply === undefined) return undefined;
    const entry = parseEntry(reply, prefix + key);
    if (entry.staleUntil !== null && entry.staleUntil <= Date.now()) return undefined;
    if (generation !== before) return entry;
    memory.set(key, entry);
    return (memory.get(key) as CacheEntry | undefined) ?? entry;
  };

  let closed = false;
  const listener: RedisMessageListener = (message) => {
    if (!closed) drop(message);
  };
  // Subscribing runs in the background so creating the store stays synchronous; close() waits for it.
  const subscribed = subscriber?.subscribe(channel, listener);
  subscribed?.catch(() => {}); // not unhandled: node-redis resubscribes by itself after a reconnect

  return {
    get(key) {
      const hit = memory.get(key) as CacheEntry | undefined;
      return hit !== undefined ? hit : readRedis(key);
    },
    async set(key, entry) {
      memory.set(key, entry);
      const json = JSON.stringify(entry);
      if (entry.staleUntil === null) {
        await command(["SET", prefix + key, json]);
        return;
      }
      const ttl = Math.ceil(entry.staleUntil - Date.now());
      if (ttl > 0) await command(["SET", prefix + key, json, "PX", String(ttl)]);
      else await command(["UNLINK", prefix + key]);
    },
    async delete(key) {
      drop(key); // first, so this process stops serving it even when Redis is down
      await command(["UNLINK", prefix + key]);
      await command(["PUBLISH", channel, key]);
    },
    async clear() {
      drop(ALL);
      const match = `${escapeGlob(prefix)}*`;
      let cursor = "0";
      do {
        const reply = await command(["SCAN", cursor, "MATCH", match, "COUNT", String(SCAN_COUNT)]);
        if (!Array.isArray(reply) || reply.length !== 2 || !Array.isArray(reply[1])) {
          throw new RedisStoreError("@polyprompt/redis: SCAN returned an unexpected reply");
        }
        cursor = text(reply[0]) ?? "0";
        const keys = (reply[1] as unknown[]).map(text).filter((k): k is string => k !== undefined);
        if (keys.length > 0) await command(["UNLINK", ...keys]);
      } while (cursor !== "0");
      await command(["PUBLISH", channel, ALL]);
    },
    async close() {
      if (subscriber === undefined || closed) return;
      closed = true; // from now on a message changes nothing, even if unsubscribing fails
      try {
        // A failed subscribe still gets an unsubscribe: node-redis may hold the listener for a resubscribe.
        const unsubscribe = (subscribed ?? Promise.resolve()).catch(() => {}).then(() => subscriber.unsubscribe(channel, listener));
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

/** Runs one command, failing after `timeoutMs` (and dropping it from node-redis' queue if not yet sent). */
async function bounded(client: RedisCommandClient, args: string[], timeoutMs: number): Promise<unknown> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new RedisStoreError(`@polyprompt/redis: ${args[0]} timed out after ${timeoutMs} ms`));
      controller.abort();
    }, timeoutMs);
  });
  try {
    const call = Promise.resolve().then(() => client.sendCommand(args, { abortSignal: controller.signal }));
    call.catch(() => {}); // a late rejection (after the timeout) is not unhandled
    return await Promise.race([call, timeout]);
  } catch (err) {
    if (err instanceof RedisStoreError) throw err;
    throw new RedisStoreError(`@polyprompt/redis: ${args[0]} failed: ${safeMessage(err)}`);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits for `promise`, failing after `timeoutMs` (a subscriber command has no abort signal). */
async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, name: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisStoreError(`@polyprompt/redis: ${name} timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  promise.catch(() => {}); // a late rejection (after the timeout) is not unhandled
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function parseEntry(reply: unknown, redisKey: string): CacheEntry {
  const raw = text(reply);
  let parsed: unknown;
  try {
    parsed = raw === undefined ? undefined : JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  if (!isEntry(parsed)) throw new RedisStoreError(`@polyprompt/redis: the value under "${redisKey}" is not a cache entry; not served`);
  return parsed;
}

function isEntry(value: unknown): value is CacheEntry {
  if (typeof value !== "object" || value === null) return false;
  const e = value as Record<string, unknown>;
  const v = e.value as Record<string, unknown> | null | undefined;
  return (
    typeof v === "object" &&
    v !== null &&
    typeof v.vendor === "string" &&
    typeof v.promptId === "string" &&
    typeof v.versionId === "string" &&
    isTime(e.expiresAt) &&
    isTime(e.staleUntil)
  );
}

const isTime = (t: unknown): boolean => t === null || (typeof t === "number" && Number.isFinite(t));

const decoder = new TextDecoder();
function text(reply: unknown): string | undefined {
  if (typeof reply === "string") return reply;
  if (reply instanceof Uint8Array) return decoder.decode(reply);
  return undefined;
}

function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, "\\$&");
}

/** The error's message with any `scheme://user:password@` credentials cut out. */
function safeMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/([a-z][a-z0-9+.-]*:\/\/)[^@\s/]*@/gi, "$1***@").replace(/(AUTH|HELLO)\s+\S.*$/gim, "$1 ***");
}
