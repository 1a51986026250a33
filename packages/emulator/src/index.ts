import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { checkFaultSpec, Faults, type FaultController, type FaultSpec, type Vendor } from "./faults.js";
import { heliconeDialect, heliconeRoutes } from "./helicone.js";
import { readBody, Router, sendReply, serialize, type Context, type Reply, type VendorDialect } from "./http.js";
import { Requests, type RequestLog } from "./requests.js";
import { Presigner } from "./s3.js";
import { SEED, seedState } from "./seed.js";
import { specValidators, type SpecValidators } from "./specs.js";
import { emptyState, Store, type EmulatorState } from "./state.js";
import { telaDialect, telaRoutes } from "./tela.js";

export { SEED, type SeedIds } from "./seed.js";
export { mulberry32 } from "./random.js";
export type { FaultBody, FaultController, FaultHandle, FaultInfo, FaultMatch, FaultSpec, Vendor } from "./faults.js";
export type { RequestFilter, RequestLog, RequestRecord } from "./requests.js";
export type { EmulatorState } from "./state.js";

/** The API keys the emulator accepts when none are configured. */
export const EMULATOR_KEYS = { helicone: "sk-helicone-emulator-0000", tela: "tela-emulator-key-0000" } as const;

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Seeds the fault PRNG and the ids of objects created at runtime. Default 1. */
  seed?: number;
  /** Accepted bearer keys per vendor; the first of each is reported in `apiKeys`. Default `EMULATOR_KEYS`. */
  apiKeys?: { helicone?: string[]; tela?: string[] };
  /** Load the state from this JSON file when it exists, and write the whole state to it (atomically) after each write. */
  dataFile?: string;
  /** Start with the seed data (`SEED`). Default true; ignored when `dataFile` exists. */
  seedData?: boolean;
  /** Receives one line per request. */
  log?: (line: string) => void;
}

export interface Emulator {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** A vendor's base URL (`${url}/<vendor>`): the vendor's paths live below it. */
  urlFor(vendor: Vendor): string;
  /** The first accepted key of each vendor. */
  apiKeys: { helicone: string; tela: string };
  faults: FaultController;
  requests: RequestLog;
  /** Ids of the seed data. */
  seed: typeof SEED;
  /** A deep copy of the current state. */
  state(): EmulatorState;
  /** Back to the seed data (or empty, with `seedData: false`); clears faults and the request log, restarts the PRNG. */
  reset(): void;
  /** Closes the server and destroys open (keep-alive) sockets. */
  close(): Promise<void>;
}

interface Mount {
  router: Router;
  dialect: VendorDialect;
  validators: SpecValidators;
  keys: Buffer[];
}

type Matched = NonNullable<ReturnType<Router["match"]>>;

const digest = (key: string) => createHash("sha256").update(key).digest();

/** Starts the emulator; resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const seed = options.seed ?? 1;
  const seedData = options.seedData ?? true;
  const log = options.log;
  const keys = {
    helicone: options.apiKeys?.helicone?.length ? options.apiKeys.helicone : [EMULATOR_KEYS.helicone],
    tela: options.apiKeys?.tela?.length ? options.apiKeys.tela : [EMULATOR_KEYS.tela],
  };
  const initial = () => (seedData ? seedState() : emptyState());
  const store = new Store(seed, (options.dataFile && Store.load(options.dataFile)) || initial(), options.dataFile);
  const faults = new Faults(seed);
  const requests = new Requests();
  const presigner = new Presigner(seed);
  const mounts: Record<Vendor, Mount> = {
    helicone: { router: new Router(heliconeRoutes(presigner)), dialect: heliconeDialect, validators: specValidators("helicone"), keys: keys.helicone.map(digest) },
    tela: { router: new Router(telaRoutes()), dialect: telaDialect, validators: specValidators("tela"), keys: keys.tela.map(digest) },
  };
  const closing = new AbortController();
  let url = "";

  const reset = () => {
    store.state = initial();
    store.persist();
    faults.clear();
    faults.reseed();
    requests.reset();
  };

  /** Constant-time check of `Authorization: Bearer <key>` against every accepted key. */
  const authorized = (mount: Mount, req: IncomingMessage): "missing" | "invalid" | undefined => {
    const header = req.headers.authorization;
    if (!header) return "missing";
    const m = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (!m) return "invalid";
    const given = digest(m[1]!.trim());
    let ok = false;
    for (const key of mount.keys) ok = timingSafeEqual(given, key) || ok;
    return ok ? undefined : "invalid";
  };

  const serve = async (vendor: Vendor, method: string, path: string, matched: Matched | undefined, req: IncomingMessage, search: URLSearchParams): Promise<Reply> => {
    const mount = mounts[vendor];
    if (!matched) return mount.dialect.notFound(method, path);
    const { route, params } = matched;
    if (!route.public) {
      const problem = authorized(mount, req);
      if (problem) return mount.dialect.unauthorized(problem);
    }
    const validator = route.unspecified ? undefined : mount.validators.get(`${method} ${route.path}`);
    const raw = await readBody(req);
    let body: unknown;
    if (validator?.hasBody || raw.trim() !== "") {
      try {
        body = raw.trim() === "" ? {} : JSON.parse(raw);
      } catch {
        return mount.dialect.badJson();
      }
    }
    const query: Record<string, unknown> = Object.fromEntries(search);
    const issues = [...(validator?.query?.(query) ?? []), ...(validator?.body?.(body) ?? [])];
    if (issues.length > 0) return mount.dialect.invalid(issues);
    const ctx: Context = { params, query, body, store, origin: req.headers.host ? `http://${req.headers.host}` : url };
    let reply: Reply;
    try {
      reply = route.handler(ctx);
    } catch (error) {
      log?.(`emulator: ${vendor} ${method} ${path} threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return mount.dialect.internalError(error);
    }
    if (route.write && reply.status < 400) store.persist();
    return reply;
  };

  const handleVendor = async (vendor: Vendor, path: string, req: IncomingMessage, res: ServerResponse, search: URLSearchParams) => {
    const method = (req.method ?? "GET").toUpperCase();
    const started = performance.now();
    const matched = mounts[vendor].router.match(method, path);
    const decision = faults.decide({ vendor, method, path });
    requests.record({ vendor, method, path, route: matched?.route.path ?? null, fault: decision?.id ?? null });
    const done = (status: number | string) =>
      log?.(`${method} /${vendor}${path} ${status} ${Math.round(performance.now() - started)}ms${decision ? ` [${decision.id}]` : ""}`);
    const spec: FaultSpec = decision?.spec ?? {};
    if (spec.latencyMs) await sleep(spec.latencyMs, closing.signal);
    if (closing.signal.aborted) return;
    if (spec.reset) {
      req.socket.destroy();
      return done("reset");
    }
    if (spec.body && spec.body !== "truncated") {
      sendReply(res, faultBody(spec.body, spec.status), spec.headers);
      return done(`${res.statusCode} ${spec.body}`);
    }
    if (spec.status !== undefined && spec.body !== "truncated") {
      sendReply(res, mounts[vendor].dialect.faultError(spec.status), spec.headers);
      return done(res.statusCode);
    }
    const reply = await serve(vendor, method, path, matched, req, search);
    if (spec.body === "truncated") {
      truncate(res, { ...reply, status: spec.status ?? reply.status }, spec.headers);
      return done(`${spec.status ?? reply.status} truncated`);
    }
    sendReply(res, reply, spec.headers);
    done(reply.status);
  };

  const handleAdmin = async (path: string, req: IncomingMessage): Promise<Reply> => {
    const method = req.method ?? "GET";
    const adminJson = (status: number, body: unknown): Reply => ({ status, body });
    if (method === "GET" && path === "/state") return adminJson(200, store.state);
    if (method === "GET" && path === "/faults") return adminJson(200, faults.list());
    if (method === "POST" && path === "/faults") {
      let spec: unknown;
      try {
        spec = JSON.parse((await readBody(req)) || "{}");
      } catch {
        return adminJson(400, { error: "the body must be a JSON fault spec" });
      }
      const problem = checkFaultSpec(spec);
      if (problem) return adminJson(400, { error: problem });
      const handle = faults.add(spec as FaultSpec);
      return adminJson(201, { id: handle.id, spec: handle.spec });
    }
    if (method === "DELETE" && path === "/faults") {
      faults.clear();
      return adminJson(200, { cleared: true });
    }
    const one = /^\/faults\/([^/]+)$/.exec(path);
    if (method === "DELETE" && one) {
      return faults.remove(decodeURIComponent(one[1]!)) ? adminJson(200, { removed: one[1] }) : adminJson(404, { error: `no fault ${one[1]}` });
    }
    if (method === "GET" && path === "/requests") return adminJson(200, { total: requests.total(), byRoute: requests.byRoute(), recent: requests.recent() });
    if (method === "DELETE" && path === "/requests") {
      requests.reset();
      return adminJson(200, { reset: true });
    }
    if (method === "POST" && path === "/reset") {
      reset();
      return adminJson(200, { reset: true });
    }
    return adminJson(404, { error: `unknown admin route ${method} /__admin${path}` });
  };

  const server = createServer((req, res) => {
    const parsed = new URL(req.url ?? "/", "http://emulator");
    const pathname = parsed.pathname;
    const onError = (error: unknown) => {
      log?.(`emulator: ${req.method} ${pathname} failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) sendReply(res, { status: 500, body: { error: "emulator error" } });
      else res.destroy();
    };
    if (pathname === "/__admin" || pathname.startsWith("/__admin/")) {
      handleAdmin(pathname.slice("/__admin".length), req).then((reply) => sendReply(res, reply), onError);
      return;
    }
    const mount = /^\/(helicone|tela)(\/.*)?$/.exec(pathname);
    if (!mount) {
      sendReply(res, { status: 404, body: { error: `Not found. The vendor APIs are mounted under /helicone and /tela; admin routes under /__admin.` } });
      return;
    }
    handleVendor(mount[1] as Vendor, mount[2] || "/", req, res, parsed.searchParams).catch(onError);
  });

  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  url = `http://${shownHost}:${port}`;

  let closed: Promise<void> | undefined;
  return {
    url,
    urlFor: (vendor: Vendor) => `${url}/${vendor}`,
    apiKeys: { helicone: keys.helicone[0]!, tela: keys.tela[0]! },
    faults,
    requests,
    seed: SEED,
    state: () => structuredClone(store.state),
    reset,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closed;
    },
  };
}

/** The replacement bodies of `body` faults. */
function faultBody(kind: "malformed" | "html" | "empty", status: number | undefined): Reply {
  if (kind === "html") {
    const code = status ?? 502;
    const title = `${code} ${STATUS_CODES[code] ?? "Error"}`;
    return { status: code, raw: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`, contentType: "text/html" };
  }
  if (kind === "empty") return { status: status ?? 200, raw: "", contentType: "application/json; charset=utf-8" };
  return { status: status ?? 200, raw: '{"data": {"id": "7f3c2a", "name": "Customer Sup', contentType: "application/json; charset=utf-8" };
}

/** Sends the status line, headers and part of the body with a `content-length` promising more, then kills the socket. */
function truncate(res: ServerResponse, reply: Reply, extraHeaders?: Record<string, string>): void {
  if (res.destroyed) return;
  const { payload: text, contentType } = serialize(reply);
  const payload = Buffer.from(text);
  const declared = Math.max(payload.length, 32);
  const sent = payload.subarray(0, Math.floor(payload.length / 2));
  res.writeHead(reply.status, { "content-type": contentType, "content-length": String(declared), ...reply.headers, ...extraHeaders });
  res.write(sent, () => setImmediate(() => res.socket?.destroy()));
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
