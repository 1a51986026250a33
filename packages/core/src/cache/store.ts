import type { VendorPromptVersion } from "../contract/vendor.js";
import { LruMap } from "./lru-map.js";

/** A cached version, as stored. Plain JSON, so a shared store (e.g. Redis) can hold it. */
export interface CacheEntry {
  value: VendorPromptVersion & { fetchedAt: string };
  /** Epoch ms after which the entry is stale; `null` for an immutable version. */
  expiresAt: number | null;
  /** Epoch ms after which a stale entry is no longer served, even on errors. */
  staleUntil: number | null;
}

type MaybePromise<T> = T | Promise<T>;

/**
 * What `CacheStore.lease` answers: a fresh entry another process stored meanwhile (`filled`), or
 * the right to fetch: the holder stores what it fetched with `set`, then calls `release`.
 */
export type CacheLease = { readonly filled: CacheEntry } | { release(): MaybePromise<void> };

/**
 * Where the client keeps fetched versions. The default is an in-memory LRU; implement this to
 * share one cache across a fleet (Redis, Workers KV, …). Methods may be sync or async.
 *
 * @example
 * const redisStore: CacheStore = {
 *   async get(key) { const s = await redis.get(key); return s ? JSON.parse(s) : undefined; },
 *   async set(key, entry) { await redis.set(key, JSON.stringify(entry), "PX", 86_400_000); },
 *   async delete(key) { await redis.del(key); },
 * };
 */
export interface CacheStore {
  get(key: string): MaybePromise<CacheEntry | undefined>;
  set(key: string, entry: CacheEntry): MaybePromise<void>;
  delete(key: string): MaybePromise<void>;
  clear?(): MaybePromise<void>;
  /**
   * Optional, for a store shared by many processes: fleet-wide single flight. Called on a miss
   * (and before a background refresh), before the vendor is asked. Answers `{ filled }` when
   * another process stored a fresh entry for `key` while this one waited, or a lease, or
   * `undefined` when none could be had in time or `signal` aborted (the client then fetches
   * without one). Leases expire by themselves, so a holder that dies blocks no one for long.
   */
  lease?(key: string, signal: AbortSignal): Promise<CacheLease | undefined>;
  /**
   * Optional: the keys held that start with `prefix`, so `invalidateVersion` can find every
   * reference that holds a version. Without it, `invalidateVersion` drops nothing by search.
   */
  keys?(prefix: string): MaybePromise<Iterable<string>>;
  /** Entries held now, when the store can tell. */
  readonly size?: number;
}

/** The default store: an in-memory LRU. Entries are frozen so no caller can change them. */
export function createMemoryStore(options: { maxEntries: number }): CacheStore {
  const lru = new LruMap<string, CacheEntry>(options.maxEntries);
  return {
    get: (key) => lru.get(key),
    set: (key, entry) => lru.set(key, deepFreeze(entry)),
    delete: (key) => lru.delete(key),
    clear: () => lru.clear(),
    keys: (prefix) => [...lru.keys()].filter((key) => key.startsWith(prefix)),
    get size() {
      return lru.size;
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
