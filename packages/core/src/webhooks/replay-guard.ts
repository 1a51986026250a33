import { PromptError } from "../errors/prompt-error.js";

/**
 * Remembers which webhook deliveries were already handled, so a captured request sent again
 * within the signature's tolerance is refused. Implement it over a shared store (Redis
 * `SET key 1 NX PX ttlMs`) to refuse a replay whichever process of a fleet receives it.
 *
 * @example
 * const guard: ReplayGuard = {
 *   claim: async (id, ttlMs) => (await redis.set(`webhook:${id}`, "1", { NX: true, PX: ttlMs })) === "OK",
 * };
 */
export interface ReplayGuard {
  /** True when `id` is seen for the first time (it is then remembered for `ttlMs`); false for a replay. */
  claim(id: string, ttlMs: number): boolean | Promise<boolean>;
}

export interface MemoryReplayGuardOptions {
  /** Most ids remembered at once; the oldest goes first. Default 10 000. */
  maxEntries?: number;
  /** The clock, in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

/**
 * A replay guard in this process's memory: bounded, each id forgotten after its `ttlMs`.
 * Handlers claim an id only for a delivery whose signature checked, so forged requests cannot
 * fill it and push real ids out.
 *
 * @example
 * const replayGuard = createMemoryReplayGuard({ maxEntries: 1_000 });
 * replayGuard.claim("1700000000.ab12…", 600_000); // true, then false until it expires
 */
export function createMemoryReplayGuard(options: MemoryReplayGuardOptions = {}): ReplayGuard {
  const maxEntries = options.maxEntries ?? 10_000;
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
    throw new PromptError({
      code: "invalid_config",
      operation: "createMemoryReplayGuard",
      message: `maxEntries must be a whole number, 1 or more; got ${String(options.maxEntries)}.`,
    });
  }
  const now = options.now ?? Date.now;
  // Insertion order is claim order: the first entries are the oldest claims.
  const expiries = new Map<string, number>();
  return {
    claim(id, ttlMs) {
      const at = now();
      const known = expiries.get(id);
      if (known !== undefined && known > at) return false;
      expiries.delete(id);
      // Drop expired entries from the oldest end; one with a longer TTL stops the sweep, and is
      // bounded by maxEntries all the same.
      for (const [oldest, expiresAt] of expiries) {
        if (expiresAt > at) break;
        expiries.delete(oldest);
      }
      while (expiries.size >= maxEntries) expiries.delete(expiries.keys().next().value!);
      expiries.set(id, at + Math.max(0, ttlMs));
      return true;
    },
  };
}
