import type { VendorPromptVersion } from "../contract/vendor.js";
import type { CacheEntry } from "./store.js";

/**
 * What a cache entry is worth now:
 * - `fresh`: serve it;
 * - `stale`: serve it, and refresh it in the background;
 * - `expired`: fetch; serve it only if the fetch fails and `servableOnFailure` says so.
 */
export type Freshness = "fresh" | "stale" | "expired";

export interface CachePolicy {
  /** How long a fetched version is fresh. */
  ttlMs: number;
  /** How long past its expiry an entry may still be served when the vendor fails. */
  maxStaleMs: number;
  /** Serve an expired entry at once while one background refresh runs. */
  staleWhileRevalidate: boolean;
}

/**
 * The entry's freshness at `now`. Pure.
 *
 * @example
 * freshness({ value, expiresAt: 1_000, staleUntil: 5_000 }, 2_000, policy); // "stale"
 */
export function freshness(entry: CacheEntry, now: number, policy: Pick<CachePolicy, "staleWhileRevalidate">): Freshness {
  if (entry.expiresAt === null || now < entry.expiresAt) return "fresh";
  if (policy.staleWhileRevalidate && servableOnFailure(entry, now)) return "stale";
  return "expired";
}

/** True while an expired entry may still stand in for a vendor that fails. Pure. */
export function servableOnFailure(entry: CacheEntry, now: number): boolean {
  return entry.staleUntil !== null && now < entry.staleUntil;
}

/**
 * The entry to store for a version fetched at `now`. A version fetched by id (`exact`) never
 * changes, except a draft, which can still be edited: it is kept without expiry. Pure.
 */
export function entryFor(
  value: CacheEntry["value"] & VendorPromptVersion,
  exact: boolean,
  now: number,
  policy: Omit<CachePolicy, "staleWhileRevalidate">,
): CacheEntry {
  const immutable = exact && !value.draft;
  const expiresAt = immutable ? null : now + policy.ttlMs;
  return { value, expiresAt, staleUntil: expiresAt === null ? null : expiresAt + policy.maxStaleMs };
}
