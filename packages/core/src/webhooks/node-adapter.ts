// Structural types only: the core imports nothing from `node:`, yet this adapter must accept
// Node's IncomingMessage/ServerResponse and Express's request and response as they are.
import { joinChunks } from "../http/read-stream-within.js";
import { DEFAULT_MAX_WEBHOOK_BYTES } from "./bounded-body.js";
import { refusal } from "./webhook-response.js";

/** The parts of a Node `IncomingMessage` (or an Express request) the adapter uses. */
export interface NodeRequestLike {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
  /** What a body parser left (Express): raw bytes from `express.raw()`, or a parsed object from `express.json()`. */
  body?: unknown;
  /** True once something has read the body to its end. */
  readableEnded?: boolean;
  on(event: "data", listener: (chunk: Uint8Array | string) => void): unknown;
  on(event: "end", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
}

/** The parts of a Node `ServerResponse` (or an Express response) the adapter uses. */
export interface NodeResponseLike {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(chunk?: Uint8Array): unknown;
}

export interface NodeListenerOptions {
  /** Largest body read; past it the answer is 413 and the rest is discarded unread. Default 1 MiB. */
  maxBodyBytes?: number;
}

/** Set by the framework from the body; the request is rebuilt from the bytes. */
const SKIPPED_HEADERS = new Set(["content-length", "transfer-encoding", "connection", "keep-alive"]);

/**
 * Serves a fetch-style handler (`(Request) => Promise<Response>`) as a Node `(req, res)`
 * listener, for `http.createServer` and Express. The raw body is read (bounded) and handed
 * over untouched, since webhook signatures are computed over its exact bytes.
 *
 * With Express, mount the route before `express.json()`, or give it
 * `express.raw({ type: "application/json" })`: a body already parsed into an object has lost
 * its bytes, and is answered 500 with a message saying so.
 *
 * @example
 * // `handler`: a vendor's webhook handler, from `@polyprompt/core/<vendor>/webhook`
 * app.post("/webhooks/prompts", express.raw({ type: "application/json" }), toNodeListener(handler));
 * // or: http.createServer(toNodeListener(handler)).listen(3000);
 */
export function toNodeListener(
  handler: (request: Request) => Promise<Response>,
  options: NodeListenerOptions = {},
): (req: NodeRequestLike, res: NodeResponseLike) => void {
  const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_WEBHOOK_BYTES;
  return (req, res) => {
    serve(handler, req, res, maxBytes).catch(async () => {
      // A handler that throws is a bug; its message may say anything, so none of it is sent.
      await send(res, refusal(500, "internal_error", "The webhook handler failed.")).catch(() => undefined);
    });
  };
}

async function serve(
  handler: (request: Request) => Promise<Response>,
  req: NodeRequestLike,
  res: NodeResponseLike,
  maxBytes: number,
): Promise<void> {
  const method = (req.method ?? "GET").toUpperCase();
  let body: Uint8Array<ArrayBuffer> | undefined;
  if (method !== "GET" && method !== "HEAD") {
    const read = await rawBody(req, maxBytes);
    if (read instanceof Response) return send(res, read);
    body = read;
  }
  const url = `http://localhost${req.url?.startsWith("/") ? req.url : "/"}`;
  await send(res, await handler(new Request(url, { method, headers: headersOf(req), body })));
}

/** The body's bytes, or the answer when they cannot be had. */
async function rawBody(req: NodeRequestLike, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | Response> {
  const given = req.body;
  if (given instanceof Uint8Array) return given.byteLength > maxBytes ? tooLarge() : new Uint8Array(given);
  if (typeof given === "string") {
    const bytes = new TextEncoder().encode(given);
    return bytes.byteLength > maxBytes ? tooLarge() : bytes;
  }
  // body-parser marks what it read with `_body`. Express 4 sets `req.body = {}` even when it
  // did not parse (another content type): the stream is then still unread and is used.
  const parsed = (req as { _body?: unknown })._body === true || req.readableEnded === true;
  if (parsed) {
    return refusal(
      500,
      "body_already_parsed",
      typeof given === "object" && given !== null
        ? 'A body parser (express.json()?) read this request before the webhook handler, and its signature is over the raw bytes. Mount the webhook route before body parsers, or give it express.raw({ type: "application/json" }).'
        : "Something read this request's body before the webhook handler, which needs the raw bytes. Mount the webhook route before it.",
    );
  }
  const declared = Number(firstHeader(req.headers["content-length"]) ?? Number.NaN);
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    let over = Number.isFinite(declared) && declared > maxBytes;
    if (over) resolve(tooLarge());
    // Past the bound the stream keeps flowing into nothing: the connection stays usable, and
    // the client, still sending, gets to read the 413.
    req.on("data", (chunk) => {
      if (over) return;
      const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
      total += bytes.byteLength;
      if (total > maxBytes) {
        over = true;
        chunks.length = 0;
        resolve(tooLarge());
      } else chunks.push(bytes);
    });
    req.on("end", () => {
      if (!over) resolve(joinChunks(chunks, total));
    });
    req.on("error", reject);
  });
}

const tooLarge = (): Response => refusal(413, "payload_too_large", "The body is larger than this webhook accepts.");

function headersOf(req: NodeRequestLike): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || SKIPPED_HEADERS.has(name.toLowerCase())) continue;
    for (const one of Array.isArray(value) ? value : [value]) {
      try {
        headers.append(name, one);
      } catch {
        // A value fetch refuses (Node's parser let it through) is one the handler never reads.
      }
    }
  }
  return headers;
}

const firstHeader = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

async function send(res: NodeResponseLike, response: Response): Promise<void> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    res.setHeader(name, value);
  });
  res.end(bytes);
}
