/**
 * A `fetch` over `node:http` and `node:https`, for the CLI's one-shot processes. Node 20's
 * built-in fetch (undici) costs a process that makes one request and exits about 200 ms more
 * than `node:http` does, most of it at exit (benchmark 8 in BENCHMARKS.md): more than the whole
 * start-up budget of `polyprompt get`. It does what the core's requests need, and no more:
 *
 * - method, headers and a buffered request body; the caller's abort signal;
 * - gzip, deflate and brotli responses decoded, as fetch does;
 * - redirects returned as they are, not followed (no vendor API redirects a prompt read).
 *
 * Libraries keep the platform's fetch: this is the CLI's transport, passed as `fetch`.
 */
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { Readable } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";

const DECODERS: Record<string, () => NodeJS.ReadWriteStream> = {
  gzip: createGunzip,
  "x-gzip": createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** Statuses whose responses have no body, which `Response` refuses one for. */
const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * `fetch(input, init)` over node:http(s).
 *
 * @example
 * createPromptClient({ vendors, fetch: nodeFetch });
 */
export async function nodeFetch(input: Request | string | URL, init?: RequestInit): Promise<Response> {
  const request = input instanceof Request && init === undefined ? input : new Request(input, init);
  const url = new URL(request.url);
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new TypeError(`fetch failed: unsupported protocol ${url.protocol}`);
  const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
  const headers: Record<string, string> = Object.fromEntries(request.headers);
  headers["accept-encoding"] ??= "gzip, deflate, br";
  if (body !== undefined) headers["content-length"] = String(body.byteLength);
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<Response>((resolve, reject) => {
    const outgoing = send(url, { method: request.method, headers, signal: request.signal }, (incoming) => {
      try {
        resolve(toResponse(incoming, request.method));
      } catch (err) {
        incoming.destroy();
        reject(err);
      }
    });
    outgoing.on("error", (err) => reject(new TypeError(`fetch failed: ${err.message}`, { cause: err })));
    outgoing.end(body);
  });
}

function toResponse(incoming: IncomingMessage, method: string): Response {
  const status = incoming.statusCode ?? 0;
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  if (NULL_BODY.has(status) || method === "HEAD") {
    incoming.resume();
    return new Response(null, { status, statusText: incoming.statusMessage ?? "", headers });
  }
  const encoding = incoming.headers["content-encoding"]?.trim().toLowerCase();
  const decoder = encoding === undefined ? undefined : DECODERS[encoding];
  let stream: Readable = incoming;
  if (decoder) {
    // The body is handed over decoded, as fetch hands it: its encoding and length no longer apply.
    const decoded = decoder() as unknown as Readable;
    incoming.on("error", (err) => decoded.destroy(err));
    stream = incoming.pipe(decoded as unknown as NodeJS.WritableStream) as unknown as Readable;
    headers.delete("content-encoding");
    headers.delete("content-length");
  }
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, { status, statusText: incoming.statusMessage ?? "", headers });
}
