import { type CacheEntry, type CacheStore, createMemoryStore } from "@polyprompt/core";

/**
 * What the store needs from a Redis client: `sendCommand`, as node-redis (`redis` 6)
 * has it. Pass the client returned by `createClient()`, already connected.
 */
export interface RedisCommandClient {
  sendCommand(args: ReadonlyArray<string>, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
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
}

/** A Redis command that failed, timed out, or returned an entry that is not one. Never holds credentials. */
export class RedisStoreError extends Error {
  override readonly name = "RedisStoreError";
}

const SCAN_COUNT = 100;

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
 *
 * @example
 * const redis = await createClient({ url: process.env.REDIS_URL }).on("error", log).connect();
 * const prompts = createPromptClient({ vendors, cache: { store: createRedisStore({ client: redis }) } });
 */
export function createRedisStore(options: RedisStoreOptions): CacheStore {
  const { client } = options;
  const prefix = options.prefix ?? "polyprompt:";
  const timeoutMs = options.timeoutMs ?? 250;
  const memory = createMemoryStore({ maxEntries: options.memory?.maxEntries ?? 1000 });

  const command = (args: string[]): Promise<unknown> => bounded(client, args, timeoutMs);

  const readRedis = async (key: string): Promise<CacheEntry | undefined> => {
    const reply = await command(["GET", prefix + key]);
    if (reply === null || reply === undefined) return undefined;
    const entry = parseEntry(reply, prefix + key);
    if (entry.staleUntil !== null && entry.staleUntil <= Date.now()) return undefined;
    memory.set(key, entry);
    return (memory.get(key) as CacheEntry | undefined) ?? entry;
  };

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
      memory.delete(key);
      await command(["UNLINK", prefix + key]);
    },
    async clear() {
      memory.clear?.();
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
