import type { IncomingMessage, ServerResponse } from "node:http";
import type { SchemaIssue } from "./specs.js";
import type { Store } from "./state.js";

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

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({ status, body, ...(headers ? { headers } : {}) });

export interface Context {
  params: Record<string, string>;
  /** Query values (validated ones coerced to their spec types). */
  query: Record<string, unknown>;
  body: unknown;
  store: Store;
  /** `http://host:port` as the client addressed the emulator. */
  origin: string;
}

export interface Route {
  method: string;
  /** Vendor-relative template, the same string as the path in our spec (`/prompt/{id}`). */
  path: string;
  handler: (ctx: Context) => Reply;
  /** Changes state: persist after a successful answer. */
  write?: boolean;
  /** Served without the vendor's bearer auth (the S3-like body download). */
  public?: boolean;
  /** Not described by the spec (no request validation). */
  unspecified?: boolean;
}

interface CompiledRoute extends Route {
  segments: string[];
}

/** Route tables are matched in declaration order; `{name}` matches one path segment. */
export class Router {
  #routes: CompiledRoute[];

  constructor(routes: Route[]) {
    this.#routes = routes.map((r) => ({ ...r, segments: r.path.split("/").filter(Boolean) }));
  }

  match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
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

/** How one vendor answers the cross-cutting failures. */
export interface VendorDialect {
  /** No `Authorization` header, or a wrong key. */
  unauthorized(reason: "missing" | "invalid"): Reply;
  /** An unknown route. */
  notFound(method: string, path: string): Reply;
  /** The body is not JSON. */
  badJson(): Reply;
  /** Request validation against our spec failed. */
  invalid(issues: SchemaIssue[]): Reply;
  /** A fault's `status` answer. */
  faultError(status: number): Reply;
  /** A handler threw. */
  internalError(error: unknown): Reply;
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
  return { payload: reply.body === undefined ? "" : JSON.stringify(reply.body), contentType: reply.contentType ?? "application/json; charset=utf-8" };
}

const MAX_BODY = 5 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error("request body too large"));
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
