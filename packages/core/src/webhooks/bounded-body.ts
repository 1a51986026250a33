import { readStreamWithin } from "../http/read-stream-within.js";

/** The largest webhook body read by default: 1 MiB, far above any prompt event. */
export const DEFAULT_MAX_WEBHOOK_BYTES = 1_048_576; // 1 MiB, a literal for the reason in http/body-limit.ts

/** A body read in full, or the news that it was larger than allowed (the rest left unread). */
export type BoundedBody = { ok: true; bytes: Uint8Array<ArrayBuffer> } | { ok: false; reason: "too_large" };

/**
 * Reads a request's body, but never more than `maxBytes`: a declared `content-length` past it
 * is refused unread, and a streamed body is cancelled as soon as it passes it, so an oversize
 * body is never held whole.
 *
 * @example
 * const body = await readBodyWithin(request, DEFAULT_MAX_WEBHOOK_BYTES);
 * if (!body.ok) return new Response("too large", { status: 413 });
 */
export async function readBodyWithin(request: Request, maxBytes: number): Promise<BoundedBody> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await request.body?.cancel().catch(() => undefined);
    return { ok: false, reason: "too_large" };
  }
  if (request.body === null) return { ok: true, bytes: new Uint8Array(new ArrayBuffer(0)) };
  const bytes = await readStreamWithin(request.body, maxBytes);
  return bytes === undefined ? { ok: false, reason: "too_large" } : { ok: true, bytes };
}
