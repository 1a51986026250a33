import type { PromptError } from "../errors/prompt-error.js";

/** Counters since the client was created. */
export interface PromptClientStats {
  /** Served from a fresh cache entry. */
  hits: number;
  /** Not in the cache (or past `maxStaleMs`): went to the vendor. */
  misses: number;
  /** Served from an expired entry, during a refresh or because the vendor failed. */
  staleServed: number;
  /** Background refreshes started. */
  refreshes: number;
  /** Background refreshes that failed. */
  refreshErrors: number;
  /** Calls that joined a request already in flight instead of making their own. */
  coalesced: number;
  /** Calls answered with the caller's fallback. */
  fallbacks: number;
  /** Calls answered from the `bootstrap` snapshot (each also starts or joins a refresh). */
  bootstrapServed: number;
  /** Store calls that failed or timed out (each also a `store_error` event); the call went on without the store. */
  storeErrors: number;
  /** Entries held by the store now, when it can tell. */
  size?: number;
}

export type PromptEventType =
  | "hit"
  | "miss"
  | "stale"
  | "coalesced"
  | "refresh"
  | "refresh_error"
  | "evict"
  | "fallback"
  | "bootstrap"
  | "retry"
  | "store_error";

/**
 * One thing the client did, as it happens. `ref` is the reference in canonical form; for a
 * `store_error` during `clear()`, which concerns no one reference, `vendor` and `ref` are `"*"`.
 */
export interface PromptEvent {
  type: PromptEventType;
  vendor: string;
  ref: string;
  error?: PromptError;
  /** For `retry`: the attempt about to start (1 = first retry) and the wait before it. */
  attempt?: number;
  delayMs?: number;
}
