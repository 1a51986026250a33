/** Retry policy for reads. Writes are never retried. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2. */
  retries: number;
  /** Base of the exponential backoff. Default 250 ms. */
  minDelayMs: number;
  /** Cap on any single wait, including one a vendor asks for with Retry-After. Default 5 000 ms. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { retries: 2, minDelayMs: 250, maxDelayMs: 5_000 };

/**
 * Exponential backoff with full jitter: a uniform wait in [0, min(max, min·2^attempt)).
 * `attempt` counts from 0 for the first retry.
 */
export function backoffDelay(attempt: number, policy: RetryOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/**
 * How long the vendor asked us to wait, from `retry-after-ms` or `Retry-After` (seconds or an
 * HTTP date), or undefined when it did not say (or said something unreadable).
 */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get("retry-after-ms");
  if (ms !== null) {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return Math.ceil(value);
  }
  const after = headers.get("retry-after");
  if (after === null || after.trim() === "") return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.ceil(seconds * 1000) : undefined;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
