import type { WriteOptions } from "../contract/vendor.js";
import type { RequestRuntime, Send, VendorHttp } from "../http/request.js";
import { DEFAULT_RETRY } from "../http/retry.js";
import type { Shape } from "../http/shape.js";
import { readVendorResponse, type ErrorDialect } from "../vendor-kit/error-dialect.js";

/** Default time limit of one write or check request. */
export const DEFAULT_WRITE_TIMEOUT_MS = 30_000;

/**
 * The runtime of a write: no retries at all. A write that failed may still have been applied
 * (a 5xx after the commit, a lost response), so repeating it blindly could write twice; the
 * caller re-runs `publishVersion`, which checks first.
 */
export function writeRuntime(options: WriteOptions = {}): RequestRuntime {
  return {
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    timeoutMs: options.timeoutMs ?? DEFAULT_WRITE_TIMEOUT_MS,
    retry: { retries: 0, minDelayMs: 0, maxDelayMs: 0 },
    ...(options.signal ? { signal: options.signal } : {}),
  };
}

/**
 * The runtime of the reads a write makes first (the idempotency check, a base version): reads
 * are safe to repeat, so they keep the default read retries.
 */
export function checkRuntime(options: WriteOptions = {}): RequestRuntime {
  return { ...writeRuntime(options), retry: DEFAULT_RETRY };
}

/**
 * Sends one write, exactly once (`idempotent: false`: the kit's HTTP never retries it whatever
 * the runtime says), and reads the answer with the vendor's error dialect.
 */
export function sendWrite<T>(
  http: VendorHttp,
  dialect: ErrorDialect,
  runtime: RequestRuntime,
  operation: string,
  shape: Shape<T>,
  send: Send,
): Promise<T> {
  return http.call(runtime, operation, send, (result) => readVendorResponse(http, dialect, operation, shape, result), {
    idempotent: false,
  });
}
