import type { IncomingMessage, ServerResponse } from "node:http";

/** A handler's answer; the server serialises it (or mangles it, when a fault says so). */
export interface Reply {
  status: number;
  /** JSON-serialised unless `raw` is given. */
  body?: unknown;
  /** A pre-serialised body, sent with `contentType`. */
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({
  status,
  body,
  ...(headers ? { headers } : {}),
});

/** One vendor's view of the state: its own slice, and deterministic ids and clock. */
export interface VendorStore<State> {
  /** The vendor's slice of the emulator state (`state[vendor]`). Read it anew in each handler: a rollback replaces it. */
  readonly state: State;
  /** A fresh UUID, deterministic for the emulator's seed. */
  uuid(): string;
  /** A fresh unique name (`runtime:<seed>:<n>`), for vendors whose ids are not UUIDs. */
  mint(): string;
  /** ISO timestamp, strictly increasing across calls so "newest first" orders are stable. */
  now(): string;
}

export interface Context<State = unknown> {
  params: Record<string, string>;
  /** Query values (validated ones coerced to their spec types). */
  query: Record<string, unknown>;
  body: unknown;
  store: VendorStore<State>;
  /** `http://host:port` as the client addressed the emulator. */
  origin: string;
}

export interface Route<State = unknown> {
  method: string;
  /** Vendor-relative template, the same string as the path in our spec (`/prompt/{id}`). */
  path: string;
  handler: (ctx: Context<State>) => Reply;
  /** Changes state: saved after a successful answer, rolled back after any other. */
  write?: boolean;
  /** Served without the vendor's auth (e.g. a presigned download URL). */
  public?: boolean;
  /** Not described by the spec (no request validation). */
  unspecified?: boolean;
}

interface CompiledRoute<State> extends Route<State> {
  segments: string[];
}

/** Route tables are matched in declaration order; `{name}` matches one path segment. */
export class Router<State = unknown> {
  #routes: CompiledRoute<State>[];

  constructor(routes: Route<State>[]) {
    this.#routes = routes.map((r) => ({ ...r, segments: r.path.split("/").filter(Boolean) }));
  }

  match(method: string, path: string): { route: Route<State>; params: Record<string, string> } | undefined {
    const parts = path.split("/").filter(Boolean);
    for (const route of this.#routes) {
      if (route.method !== method || route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const seg = route.segments[i]!;
        const part = parts[i]!;
        if (seg.startsWith("{") && seg.endsWith("}")) {
          try {
            params[seg.slice(1, -1)] = decodeURIComponent(part);
          } catch {
            params[seg.slice(1, -1)] = part;
          }
        } else if (seg !== part) {
          ok = false;
          break;
        }
      }
      if (ok) return { route, params };
    }
    return undefined;
  }
}

export function sendReply(res: ServerResponse, reply: Reply, extraHeaders?: Record<string, string>): void {
  if (res.destroyed || res.writableEnded) return;
  const { payload, contentType } = serialize(reply);
  res.writeHead(reply.status, {
    "content-type": contentType,
    "content-length": String(Buffer.byteLength(payload)),
    ...reply.headers,
    ...extraHeaders,
  });
  res.end(payload);
}

export function serialize(reply: Reply): { payload: string; contentType: string } {
  if (reply.raw !== undefined) return { payload: reply.raw, contentType: reply.contentType ?? "text/plain; charset=utf-8" };
  return {
    payload: reply.body === undefined ? "" : JSON.stringify(reply.body),
    contentType: reply.contentType ?? "application/json; charset=utf-8",
  };
}

const MAX_BODY = 5 * 1024 * 1024;

/** A request the emulator cannot serve because of the request itself (answered 4xx, never a crash). */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "RequestError";
  }
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new RequestError(413, `request body larger than ${MAX_BODY} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
    // A client that goes away mid-body (or `close()`) ends the wait; settling twice is a no-op.
    req.on("close", () => reject(new Error("request closed before its body was read")));
  });
}
