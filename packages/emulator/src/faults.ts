import { mulberry32 } from "./random.js";
import { isVendor, vendorList, type Vendor } from "./vendor-table.js";

export type { Vendor } from "./vendor-table.js";

/** What a fault applies to. Every given field must match; an empty match applies to every vendor request. */
export interface FaultMatch {
  /** A registered vendor's name. */
  vendor?: Vendor;
  /** HTTP method, case-insensitive. */
  method?: string;
  /** Vendor-relative path without the query string, e.g. `/v1/prompt-2025/query/*`. `*` matches any run of characters, `/` included. */
  path?: string;
}

export type FaultBody = "malformed" | "truncated" | "html" | "empty";

export interface FaultSpec {
  match?: FaultMatch;
  /** Chance that a matching request is faulted, 0..1 (default 1). Drawn from the emulator's seeded PRNG. */
  probability?: number;
  /** Apply at most this many times, then the fault is spent and removed. */
  times?: number;
  /** Delay before anything else happens. On its own: delay, then serve normally. */
  latencyMs?: number;
  /** Answer this status with a vendor-shaped error body (unless `body` says otherwise). */
  status?: number;
  /** Extra response headers, e.g. `{ "retry-after": "2" }`. Also added to a normally served response (latency-only faults). */
  headers?: Record<string, string>;
  /**
   * - `malformed`: broken JSON with a JSON content type (status 200 unless `status` is given);
   * - `truncated`: the real response, with a `content-length` larger than the bytes written, then the socket is destroyed;
   * - `html`: an nginx-style HTML error page (502 unless `status` is given);
   * - `empty`: an empty body with a JSON content type (status 200 unless `status` is given).
   */
  body?: FaultBody;
  /** Destroy the socket without writing a response. */
  reset?: boolean;
}

export interface FaultHandle {
  readonly id: string;
  readonly spec: FaultSpec;
  /** How many times the fault has been applied so far. */
  readonly applied: number;
  remove(): void;
}

export interface FaultInfo {
  id: string;
  spec: FaultSpec;
  applied: number;
  /** Applications left when `times` is set, else `null`. */
  remaining: number | null;
}

export interface FaultRequest {
  vendor: Vendor;
  method: string;
  /** Vendor-relative path, no query string. */
  path: string;
}

/** The fault chosen for one request, or `undefined` when it is served normally. */
export interface FaultDecision {
  id: string;
  spec: FaultSpec;
}

export interface FaultController {
  add(spec: FaultSpec): FaultHandle;
  clear(): void;
  list(): FaultInfo[];
}

const patterns = new Map<string, RegExp>();

/** `*` wildcard match over the whole string. */
export function wildcardMatch(pattern: string, value: string): boolean {
  let re = patterns.get(pattern);
  if (!re) {
    re = new RegExp(
      `^${pattern
        .split("*")
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*")}$`,
    );
    if (patterns.size < 500) patterns.set(pattern, re);
  }
  return re.test(value);
}

/** Checks a fault spec (from code or from the admin route) and returns an error message, or `undefined` when it is valid. */
export function checkFaultSpec(spec: unknown): string | undefined {
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) return "a fault spec must be an object";
  const s = spec as Record<string, unknown>;
  const known = new Set(["match", "probability", "times", "latencyMs", "status", "headers", "body", "reset"]);
  for (const key of Object.keys(s)) if (!known.has(key)) return `unknown fault field "${key}"`;
  if (s.match !== undefined) {
    if (typeof s.match !== "object" || s.match === null || Array.isArray(s.match)) return "match must be an object";
    const m = s.match as Record<string, unknown>;
    for (const key of Object.keys(m)) if (!["vendor", "method", "path"].includes(key)) return `unknown match field "${key}"`;
    if (m.vendor !== undefined && !isVendor(m.vendor)) return `match.vendor must be ${vendorList()}`;
    if (m.method !== undefined && typeof m.method !== "string") return "match.method must be a string";
    if (m.path !== undefined && typeof m.path !== "string") return "match.path must be a string";
  }
  const num = (key: string, min: number, max: number, int = false) => {
    const v = s[key];
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max || (int && !Number.isInteger(v))) {
      return `${key} must be a${int ? "n integer" : " number"} in [${min}, ${max}]`;
    }
    return undefined;
  };
  const numError =
    num("probability", 0, 1) ??
    num("times", 1, Number.MAX_SAFE_INTEGER, true) ??
    num("latencyMs", 0, 600_000) ??
    num("status", 100, 599, true);
  if (numError) return numError;
  if (s.headers !== undefined) {
    if (typeof s.headers !== "object" || s.headers === null || Array.isArray(s.headers)) return "headers must be an object";
    for (const v of Object.values(s.headers)) if (typeof v !== "string") return "header values must be strings";
  }
  if (s.body !== undefined && !["malformed", "truncated", "html", "empty"].includes(s.body as string)) {
    return 'body must be one of "malformed", "truncated", "html", "empty"';
  }
  if (s.reset !== undefined && typeof s.reset !== "boolean") return "reset must be a boolean";
  return undefined;
}

interface Entry {
  id: string;
  spec: FaultSpec;
  applied: number;
}

/**
 * The emulator's fault table. Faults are tried in the order they were added; the first one that
 * matches the request and wins its probability draw is applied (one fault per request).
 * Probability draws come from a seeded PRNG, so the same seed and the same request sequence give
 * the same faults.
 */
export class Faults implements FaultController {
  #entries: Entry[] = [];
  #next = 1;
  #random: () => number;
  #seed: number;

  constructor(seed: number) {
    this.#seed = seed;
    this.#random = mulberry32(seed);
  }

  /** Restarts the PRNG from the seed (used by the admin reset). */
  reseed(): void {
    this.#random = mulberry32(this.#seed);
  }

  add(spec: FaultSpec): FaultHandle {
    const error = checkFaultSpec(spec);
    if (error) throw new TypeError(`Invalid fault spec: ${error}`);
    const entry: Entry = { id: `fault-${this.#next++}`, spec: structuredClone(spec), applied: 0 };
    this.#entries.push(entry);
    const remove = () => {
      this.#entries = this.#entries.filter((e) => e !== entry);
    };
    return {
      id: entry.id,
      spec: entry.spec,
      get applied() {
        return entry.applied;
      },
      remove,
    };
  }

  remove(id: string): boolean {
    const before = this.#entries.length;
    this.#entries = this.#entries.filter((e) => e.id !== id);
    return this.#entries.length !== before;
  }

  clear(): void {
    this.#entries = [];
  }

  list(): FaultInfo[] {
    return this.#entries.map((e) => ({
      id: e.id,
      spec: structuredClone(e.spec),
      applied: e.applied,
      remaining: e.spec.times === undefined ? null : e.spec.times - e.applied,
    }));
  }

  /** Picks the fault for one request (and counts it as applied), or returns `undefined`. */
  decide(request: FaultRequest): FaultDecision | undefined {
    for (const entry of this.#entries) {
      const { match = {}, probability = 1, times } = entry.spec;
      if (match.vendor && match.vendor !== request.vendor) continue;
      if (match.method && match.method.toUpperCase() !== request.method.toUpperCase()) continue;
      if (match.path && !wildcardMatch(match.path, request.path)) continue;
      if (probability < 1 && this.#random() >= probability) continue;
      entry.applied++;
      if (times !== undefined && entry.applied >= times) this.#entries = this.#entries.filter((e) => e !== entry);
      return { id: entry.id, spec: entry.spec };
    }
    return undefined;
  }
}
