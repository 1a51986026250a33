/** The largest webhook body read by default: 1 MiB, far above any prompt event. */
export const DEFAULT_MAX_WEBHOOK_BYTES = 1024 * 1024;

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
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return { ok: false, reason: "too_large" };
    }
    chunks.push(value);
  }
  return { ok: true, bytes: joinChunks(chunks, total) };
}

/** The chunks as one array of `total` bytes. */
export function joinChunks(chunks: readonly Uint8Array[], total: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(new ArrayBuffer(total));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
