import type { CacheEntry, CacheLease, CacheStore } from "./store.js";

/** The store operations a failure can come from, as named in `store_error` events. */
export type StoreOperation = "cache.get" | "cache.set" | "cache.delete" | "cache.clear" | "cache.lease" | "cache.keys";

/** A store whose calls never throw: a failing store behaves as an empty one, and says so. */
export interface GuardedStore<Context> {
  /**
   * Synchronous when the store is (the in-memory LRU): a warm hit then costs no promise and no
   * microtask. A promise when the store returns one.
   */
  get(key: string, context: Context): CacheEntry | undefined | Promise<CacheEntry | undefined>;
  set(key: string, entry: CacheEntry, context: Context): Promise<void>;
  delete(key: string, context: Context): Promise<void>;
  clear(context: Context): Promise<void>;
  /** `undefined` when the store has no leases, or failed to give one: fetch without. */
  lease(key: string, signal: AbortSignal, context: Context): Promise<CacheLease | undefined>;
  /** Releases a lease; a failure is reported (the lease then ends when it expires). */
  release(lease: CacheLease, context: Context): Promise<void>;
  /** `[]` when the store cannot list keys, or failed to. */
  keys(prefix: string, context: Context): Promise<string[]>;
  readonly size: number | undefined;
}

/**
 * Wraps a `CacheStore` (sync or async, possibly remote and down) so that every failure goes to
 * `onError` instead of the caller: a cache must never turn a working vendor into an outage.
 * `context` is passed through to `onError`, to say which request saw the failure.
 *
 * @example
 * const guarded = guardStore(redisStore, (err, operation, ref) => log.warn({ err, operation, ref }));
 * await guarded.delete(key, ref); // never throws
 */
export function guardStore<Context>(
  store: CacheStore,
  onError: (error: unknown, operation: StoreOperation, context: Context) => void,
): GuardedStore<Context> {
  const run = async <T>(operation: StoreOperation, context: Context, call: () => T | Promise<T>): Promise<T | undefined> => {
    try {
      return await call();
    } catch (err) {
      onError(err, operation, context);
      return undefined;
    }
  };
  return {
    get(key, context) {
      let got: ReturnType<CacheStore["get"]>;
      try {
        got = store.get(key);
      } catch (err) {
        onError(err, "cache.get", context);
        return undefined;
      }
      if (!isPromiseLike(got)) return got;
      return Promise.resolve(got).then(undefined, (err: unknown) => {
        onError(err, "cache.get", context);
        return undefined;
      });
    },
    set: async (key, entry, context) => void (await run("cache.set", context, () => store.set(key, entry))),
    delete: async (key, context) => void (await run("cache.delete", context, () => store.delete(key))),
    clear: async (context) => void (await run("cache.clear", context, () => store.clear?.())),
    lease: (key, signal, context) => run("cache.lease", context, () => store.lease?.(key, signal)),
    release: async (lease, context) => void (await run("cache.lease", context, () => ("release" in lease ? lease.release() : undefined))),
    keys: async (prefix, context) => [...((await run("cache.keys", context, () => store.keys?.(prefix))) ?? [])],
    get size() {
      return store.size;
    },
  };
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | undefined)?.then === "function";
}
