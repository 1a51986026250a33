import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { keyRing, type KeyRing } from "./auth.js";
import { checkFaultSpec, Faults, type FaultController, type FaultSpec } from "./faults.js";
import { readBody, RequestError, Router, sendReply, serialize, type Context, type Reply } from "./http.js";
import { Requests, type RequestLog } from "./requests.js";
import { specValidators, type SpecValidators } from "./specs.js";
import { emptyState, seedState, Store, type EmulatorState } from "./state.js";
import {
  isVendor,
  joinList,
  perVendor,
  vendorModule,
  vendorModules,
  vendorNames,
  type RegisteredVendor,
  type Vendor,
  type VendorSeeds,
} from "./vendor-table.js";

/** The API keys the emulator accepts when none are configured, per vendor. */
export const EMULATOR_KEYS: Readonly<Record<Vendor, string>> = Object.freeze(perVendor((v) => v.defaultKey));

/** Ids of the seed data, per vendor. Stable across runs: tests and demos can hard-code them. */
export const SEED: VendorSeeds = Object.freeze(perVendor((v) => v.seedIds)) as VendorSeeds;

export type SeedIds = typeof SEED;

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Seeds the fault PRNG and the ids of objects created at runtime. Default 1. */
  seed?: number;
  /** Accepted keys per vendor; the first of each is reported in `apiKeys`. A vendor left out accepts `EMULATOR_KEYS[vendor]`. */
  apiKeys?: Partial<Record<Vendor, readonly string[]>>;
  /**
   * Load the state from this JSON file when it exists (refused with a one-line error when it is
   * not a complete state), and write the whole state to it (atomically) after each write. A
   * write that cannot be saved answers 500 and changes nothing.
   */
  dataFile?: string;
  /** Start with the seed data (`SEED`). Default true; ignored when `dataFile` exists. */
  seedData?: boolean;
  /** Receives one line per request. */
  log?: (line: string) => void;
}

export interface Emulator {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /**
   * A vendor's base URL (`${url}/<vendor>`): the vendor's paths live below it.
   *
   * @example
   * const client = vendorClient({ baseUrl: emu.urlFor(vendor), apiKey: emu.apiKeys[vendor] });
   */
  urlFor(vendor: Vendor): string;
  /** The first accepted key of each vendor. */
  apiKeys: Readonly<Record<Vendor, string>>;
  /**
   * The environment variables that point a vendor's clients at the emulator (its base URL and
   * `apiKeys[vendor]`, as the vendor's clients name them); without a vendor, every vendor's.
   *
   * @example
   * const child = spawn("node", ["app.js"], { env: { ...process.env, ...emu.clientEnv() } });
   */
  clientEnv(vendor?: Vendor): Record<string, string>;
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
  vendor: RegisteredVendor;
  router: Router;
  validators: SpecValidators;
  keys: KeyRing;
  store: Context["store"];
}

type Matched = NonNullable<ReturnType<Router["match"]>>;

/**
 * Starts the emulator; resolves once it listens. Rejects when `dataFile` holds something that is
 * not a complete emulator state.
 *
 * @example
 * const emu = await startEmulator();
 * const baseUrl = emu.urlFor(vendor); // point the vendor's client here, with emu.apiKeys[vendor]
 * await emu.close();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const seed = options.seed ?? 1;
  const seedData = options.seedData ?? true;
  const log = options.log;
  const keys = perVendor((v) => {
    const given = options.apiKeys?.[v.name];
    return given?.length ? [...given] : [v.defaultKey];
  });
  const initial = () => (seedData ? seedState() : emptyState());
  const store = new Store(seed, (options.dataFile && Store.load(options.dataFile)) || initial(), options.dataFile);
  const faults = new Faults(seed);
  const requests = new Requests();
  const mounts = new Map<Vendor, Mount>();
  for (const vendor of vendorModules) {
    const name = vendor.name;
    mounts.set(name, {
      vendor,
      router: new Router(vendor.routes({ seed, mountPath: `/${name}` })),
      validators: specValidators(vendor.specFile),
      keys: keyRing(keys[name]),
      store: store.forVendor(name),
    });
  }
  const closing = new AbortController();
  let url = "";

  const reset = () => {
    store.replace(initial());
    faults.clear();
    faults.reseed();
    requests.reset();
  };

  const serve = async (
    mount: Mount,
    method: string,
    path: string,
    matched: Matched | undefined,
    req: IncomingMessage,
    search: URLSearchParams,
  ): Promise<Reply> => {
    const { dialect } = mount.vendor;
    if (!matched) return dialect.notFound(method, path);
    const { route, params } = matched;
    if (!route.public) {
      const problem = mount.vendor.auth.authorize(req, mount.keys);
      if (problem) return dialect.unauthorized(problem, { method, path });
    }
    const validator = route.unspecified ? undefined : mount.validators.get(`${method} ${route.path}`);
    const raw = await readBody(req);
    let body: unknown;
    if (validator?.hasBody || raw.trim() !== "") {
      try {
        body = raw.trim() === "" ? {} : JSON.parse(raw);
      } catch {
        return dialect.badJson();
      }
    }
    const query: Record<string, unknown> = Object.fromEntries(search);
    const issues = [...(validator?.query?.(query) ?? []), ...(validator?.body?.(body) ?? [])];
    if (issues.length > 0) return dialect.invalid(issues);
    const ctx: Context = { params, query, body, store: mount.store, origin: req.headers.host ? `http://${req.headers.host}` : url };
    try {
      // A write is all or nothing: a throw, an error answer or a failed save leaves the state as it was.
      return route.write
        ? store.write(
            mount.vendor.name,
            () => route.handler(ctx),
            (reply) => reply.status < 400,
          )
        : route.handler(ctx);
    } catch (error) {
      log?.(
        `emulator: ${mount.vendor.name} ${method} ${path} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      return dialect.internalError(error);
    }
  };

  const handleVendor = async (mount: Mount, path: string, req: IncomingMessage, res: ServerResponse, search: URLSearchParams) => {
    const vendor = mount.vendor.name;
    const method = (req.method ?? "GET").toUpperCase();
    const started = performance.now();
    const matched = mount.router.match(method, path);
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
      sendReply(res, mount.vendor.dialect.faultError(spec.status), spec.headers);
      return done(res.statusCode);
    }
    const reply = await serve(mount, method, path, matched, req, search);
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
      return faults.remove(decodePathSegment(one[1]!))
        ? adminJson(200, { removed: one[1] })
        : adminJson(404, { error: `no fault ${one[1]}` });
    }
    if (method === "GET" && path === "/requests")
      return adminJson(200, { total: requests.total(), byRoute: requests.byRoute(), recent: requests.recent() });
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

  const mountList = joinList(
    vendorNames.map((n) => `/${n}`),
    "and",
  );

  /** Routes one request. Anything it throws is answered by the listener, never left to end the process. */
  const handle = (req: IncomingMessage, res: ServerResponse, onError: (error: unknown) => void) => {
    const parsed = parseRequestUrl(req.url);
    const pathname = parsed.pathname;
    if (pathname === "/__admin" || pathname.startsWith("/__admin/")) {
      handleAdmin(pathname.slice("/__admin".length), req).then((reply) => sendReply(res, reply), onError);
      return;
    }
    const slash = pathname.indexOf("/", 1);
    const name = slash === -1 ? pathname.slice(1) : pathname.slice(1, slash);
    const mount = isVendor(name) ? mounts.get(name) : undefined;
    if (!mount) {
      sendReply(res, {
        status: 404,
        body: { error: `Not found. The vendor APIs are mounted under ${mountList}; admin routes under /__admin.` },
      });
      return;
    }
    handleVendor(mount, slash === -1 ? "/" : pathname.slice(slash), req, res, parsed.searchParams).catch(onError);
  };

  const server = createServer((req, res) => {
    const onError = (error: unknown) => {
      const status = error instanceof RequestError ? error.status : 500;
      log?.(`emulator: ${req.method} ${req.url} failed (${status}): ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) sendReply(res, { status, body: { error: status === 500 ? "emulator error" : (error as Error).message } });
      else res.destroy();
    };
    try {
      handle(req, res, onError);
    } catch (error) {
      onError(error);
    }
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
  const urlFor = (vendor: Vendor) => {
    if (!isVendor(vendor))
      throw new TypeError(`urlFor: unknown vendor ${JSON.stringify(vendor)}; the emulator serves ${vendorNames.join(", ")}`);
    return `${url}/${vendor}`;
  };
  const apiKeys = Object.freeze(perVendor((v) => keys[v.name][0]!));
  const clientEnv = (vendor: RegisteredVendor) => vendor.clientEnv(urlFor(vendor.name), apiKeys[vendor.name]);
  return {
    url,
    urlFor,
    apiKeys,
    clientEnv: (vendor?: Vendor) =>
      vendor === undefined ? Object.assign({}, ...vendorModules.map(clientEnv)) : clientEnv(vendorModule(vendor)),
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

/** The request target as a URL; a target `new URL` refuses (`http://[`) is the client's fault: 400. */
function parseRequestUrl(target: string | undefined): URL {
  try {
    return new URL(target ?? "/", "http://emulator");
  } catch {
    throw new RequestError(400, `bad request target ${JSON.stringify(target)}`);
  }
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new RequestError(400, `bad percent-encoding in ${JSON.stringify(segment)}`);
  }
}

/** The replacement bodies of `body` faults. */
function faultBody(kind: "malformed" | "html" | "empty", status: number | undefined): Reply {
  if (kind === "html") {
    const code = status ?? 502;
    const title = `${code} ${STATUS_CODES[code] ?? "Error"}`;
    return {
      status: code,
      raw: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
      contentType: "text/html",
    };
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
