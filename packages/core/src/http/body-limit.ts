import { readStreamWithin } from "./read-stream-within.js";
import type { FetchLike } from "./request.js";

/** The largest response body polyprompt reads by default: 10 MB, far above any real prompt. */
// A literal: a bundler keeps an arithmetic expression at the top level as a possible side effect.
export const DEFAULT_MAX_RESPONSE_BYTES = 10_485_760; // 10 MiB

/** Statuses whose Response may not carry a body (the constructor throws otherwise). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * Wraps a fetch so that every response body is read in full, but never past `maxBytes`.
 * The bytes counted are those the body stream yields: fetch has already decompressed them,
 * so a small gzip body that inflates past the limit is cut as soon as it does. Past the limit
 * the stream is cancelled (the connection closes) and `tooLarge()` is thrown.
 *
 * The returned Response holds the bytes in memory, so whatever parses it (openapi-fetch)
 * reads at most `maxBytes`.
 *
 * @example
 * const bounded = limitResponseBody(fetch, 1_000_000, () => new Error("too large"));
 * const response = await bounded(new Request("https://api.example.com/x"));
 */
export function limitResponseBody(fetch: FetchLike, maxBytes: number, tooLarge: () => Error): FetchLike {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (response.body === null || NULL_BODY_STATUSES.has(response.status)) return response;
    // A declared length says it all when nothing inflates the body on the way.
    const declared = Number(response.headers.get("content-length"));
    if (!response.headers.has("content-encoding") && Number.isFinite(declared) && declared > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      throw tooLarge();
    }
    const bytes = await readStreamWithin(response.body, maxBytes);
    if (bytes === undefined) throw tooLarge();
    return new Response(bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
