import { randomUUID } from "node:crypto";
import type { CacheEntry, CacheLease } from "@polyprompt/core";
import type { BoundedCommands } from "./redis-commands.js";

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

/**
 * Fleet-wide single flight on one Redis: a `SET NX PX` lease per key. The holder fetches and
 * stores; the others wait for its release notice (or poll), then read what it stored. A holder
 * that dies holds the key for at most `leaseMs`; a waiter then takes the lease over.
 */
export class FleetLeases {
  /** Waiters in this process, per key, woken by a release notice. */
  readonly #waiting = new Map<string, Set<() => void>>();

  constructor(
    readonly commands: BoundedCommands,
    readonly prefix: string,
    readonly options: FleetLeaseOptions,
    /** The key's entry in Redis when it is fresh (not merely servable). */
    readonly readFresh: (key: string) => Promise<CacheEntry | undefined>,
    readonly releasedChannel: string,
  ) {}

  async lease(key: string, signal: AbortSignal): Promise<CacheLease | undefined> {
    const leaseKey = `${this.prefix}lease:${key}`;
    const token = randomUUID();
    const deadline = Date.now() + this.options.maxWaitMs;
    while (!signal.aborted) {
      const taken = await this.commands.send(["SET", leaseKey, token, "NX", "PX", String(this.options.leaseMs)]);
      // Read after taking it too: the last holder may have stored the entry just before our miss ended.
      const filled = await this.readFresh(key);
      if (taken === "OK") {
        if (filled === undefined) return { release: () => this.#release(key, leaseKey, token) };
        await this.#release(key, leaseKey, token);
      }
      if (filled !== undefined) return { filled };
      if (Date.now() >= deadline) return undefined;
      await this.#waitForRelease(key, Math.min(this.options.pollMs, deadline - Date.now()), signal);
    }
    return undefined;
  }

  /** Wakes this process's waiters for `key` (a release notice arrived). */
  released(key: string): void {
    for (const wake of this.#waiting.get(key) ?? []) wake();
  }

  async #release(key: string, leaseKey: string, token: string): Promise<void> {
    await this.commands.send(["EVAL", RELEASE_SCRIPT, "1", leaseKey, token]);
    await this.commands.send(["PUBLISH", this.releasedChannel, key]);
  }

  #waitForRelease(key: string, ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const waiters = this.#waiting.get(key) ?? new Set<() => void>();
      this.#waiting.set(key, waiters);
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        waiters.delete(done);
        if (waiters.size === 0 && this.#waiting.get(key) === waiters) this.#waiting.delete(key);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      signal.addEventListener("abort", done, { once: true });
      waiters.add(done);
    });
  }
}
