import { randomUUID } from "node:crypto";
import type { CacheEntry, CacheLease } from "@polyprompt/core";
import { type BoundedCommands, text } from "./redis-commands.js";

export interface FleetLeaseOptions {
  /** How long a lease lasts: past it, a holder that died (or hangs) is replaced. */
  leaseMs: number;
  /** How often a waiter looks again when no release notice comes (the only way without a subscriber). */
  pollMs: number;
  /** How long a process waits for another's fetch in all, before fetching without a lease. */
  maxWaitMs: number;
}

// Deletes the lease only if this holder still has it: after an expiry another process may.
const RELEASE_SCRIPT = 'if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end';
// Takes the lease and, in the same step, reads the key's invalidation generation (see
// InvalidationGenerations): what the holder stores later is written only if it has not moved.
const ACQUIRE_SCRIPT = `if redis.call("SET", KEYS[1], ARGV[1], "NX", "PX", ARGV[2]) then
  return (redis.call("GET", KEYS[2]) or "0") .. ":" .. (redis.call("GET", KEYS[3]) or "0")
end
return false`;

/**
 * Fleet-wide single flight on one Redis: a `SET NX PX` lease per key. The holder fetches and
 * stores; the others wait for its release notice (or poll), then read what it stored. A holder
 * that dies holds the key for at most `leaseMs`; a waiter then takes the lease over.
 */
export class FleetLeases {
  /** Waiters in this process, per key, woken by a release notice. */
  readonly #waiting = new Map<string, Set<() => void>>();
  /** The keys this process holds a lease on, with the invalidation generation read when it was taken. */
  readonly #held = new Map<string, string>();

  constructor(
    readonly commands: BoundedCommands,
    readonly prefix: string,
    readonly options: FleetLeaseOptions,
    /** The key's entry in Redis when it is fresh (not merely servable). */
    readonly readFresh: (key: string) => Promise<CacheEntry | undefined>,
    readonly releasedChannel: string,
    /** The Redis keys of a key's invalidation generation: its own, and the one `clear` bumps. */
    readonly generationKeys: (key: string) => [string, string],
  ) {}

  /** The generation read when this process took `key`'s lease, while it holds it. */
  heldGeneration(key: string): string | undefined {
    return this.#held.get(key);
  }

  async lease(key: string, signal: AbortSignal): Promise<CacheLease | undefined> {
    const leaseKey = `${this.prefix}lease:${key}`;
    const token = randomUUID();
    const deadline = Date.now() + this.options.maxWaitMs;
    while (!signal.aborted) {
      // Listening before asking: a release notice that arrives between our read and our wait
      // must still wake us (otherwise we would sleep a whole `pollMs`).
      const notice = this.#listen(key);
      try {
        const [generation, generationAll] = this.generationKeys(key);
        const taken = await this.commands.send([
          "EVAL",
          ACQUIRE_SCRIPT,
          "3",
          leaseKey,
          generation,
          generationAll,
          token,
          String(this.options.leaseMs),
        ]);
        // Read after taking it too: the last holder may have stored the entry just before our miss ended.
        const filled = await this.readFresh(key);
        const generationSeen = text(taken);
        if (generationSeen !== undefined) {
          if (filled === undefined) {
            this.#held.set(key, generationSeen);
            return { release: () => this.#release(key, leaseKey, token) };
          }
          await this.#release(key, leaseKey, token);
        }
        if (filled !== undefined) return { filled };
        if (Date.now() >= deadline) return undefined;
        await notice.wait(Math.min(this.options.pollMs, deadline - Date.now()), signal);
      } finally {
        notice.stop();
      }
    }
    return undefined;
  }

  /** Wakes this process's waiters for `key` (a release notice arrived). */
  released(key: string): void {
    for (const wake of this.#waiting.get(key) ?? []) wake();
  }

  async #release(key: string, leaseKey: string, token: string): Promise<void> {
    this.#held.delete(key);
    await this.commands.send(["EVAL", RELEASE_SCRIPT, "1", leaseKey, token]);
    await this.commands.send(["PUBLISH", this.releasedChannel, key]);
  }

  /**
   * Starts listening for `key`'s release notice. `wait` resolves at the notice (at once if it
   * already came), after `ms`, or when `signal` aborts; `stop` stops listening without waiting.
   */
  #listen(key: string): { wait(ms: number, signal: AbortSignal): Promise<void>; stop(): void } {
    const waiters = this.#waiting.get(key) ?? new Set<() => void>();
    this.#waiting.set(key, waiters);
    let heard = false;
    let wake = (): void => {
      heard = true;
    };
    const notified = (): void => wake();
    waiters.add(notified);
    const stop = (): void => {
      waiters.delete(notified);
      if (waiters.size === 0 && this.#waiting.get(key) === waiters) this.#waiting.delete(key);
    };
    const wait = (ms: number, signal: AbortSignal): Promise<void> =>
      new Promise((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          signal.removeEventListener("abort", done);
          stop();
          resolve();
        };
        const timer = setTimeout(done, Math.max(0, ms));
        signal.addEventListener("abort", done, { once: true });
        if (heard || signal.aborted) done();
        else wake = done;
      });
    return { wait, stop };
  }
}
