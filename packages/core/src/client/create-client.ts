import { createMemoryStore, LruMap, type CacheEntry, type CacheStore } from "../cache/store.js";
import { PromptError } from "../errors/prompt-error.js";
import type { FetchLike, RequestRuntime } from "../http/request.js";
import { DEFAULT_RETRY, type RetryOptions } from "../http/retry.js";
import type { PromptSource, PromptVariables, PromptVersion, PromptVersionInfo, RenderedPrompt } from "../model/types.js";
import { cacheKey, formatRef, parseRef } from "../refs/parse.js";
import type { ParsedRef, PromptRef } from "../refs/types.js";
import type { CompiledTemplate, RenderOptions } from "../contract/template-engine.js";
import { registerTemplateEngine } from "../render/engine-registry.js";
import { compileVersion, compiledBefore, rememberCompiled, renderCompiled } from "../render/render-prompt.js";
import { resolveIncludes } from "../render/includes.js";
import type { PromptClientStats, PromptEvent, PromptEventType } from "./events.js";
import type { PromptVendor, VendorPromptVersion } from "../contract/vendor.js";

export interface CacheOptions {
  /** How long a fetched version is fresh. Default 60 000 ms. */
  ttlMs?: number;
  /** Bound of the default in-memory LRU. Default 1 000. */
  maxEntries?: number;
  /** Serve an expired entry at once while one background refresh runs. Default true. */
  staleWhileRevalidate?: boolean;
  /** How long past its expiry an entry may still be served when the vendor fails. Default 86 400 000 ms (1 day). */
  maxStaleMs?: number;
  /** Where entries live. Default: an in-memory LRU of `maxEntries`. */
  store?: CacheStore;
}

export interface PromptClientOptions {
  vendors: PromptVendor[];
  /** Default `globalThis.fetch`, looked up at call time. */
  fetch?: FetchLike | typeof globalThis.fetch;
  /** `false` turns caching off; concurrent identical requests are still coalesced. */
  cache?: CacheOptions | false;
  /** `false` turns retries off. */
  retry?: Partial<RetryOptions> | false;
  /** Bound on each attempt, body included. Default 10 000 ms. */
  timeoutMs?: number;
  /** Sees each cache, refresh, retry and fallback event as it happens. Errors it throws are ignored. */
  onEvent?: (event: PromptEvent) => void;
}

/** A version the caller supplies for when nothing is cached and the vendor fails. */
export type FallbackVersion = Partial<Omit<PromptVersion, "source" | "fetchedAt">> & Pick<PromptVersion, "messages">;

export interface GetOptions {
  /** Cancels at once with code `aborted`. Other callers sharing the request are not affected. */
  signal?: AbortSignal;
  /** Used only when nothing is cached and the fetch fails. A function is called only then. */
  fallback?: FallbackVersion | (() => FallbackVersion | Promise<FallbackVersion>);
}

export type RenderPromptOptions = GetOptions & RenderOptions;

export interface PromptClient {
  /** One version with its body. `source` says whether it came from the network, the cache, a stale entry or the fallback. */
  get(ref: PromptRef, options?: GetOptions): Promise<PromptVersion>;
  /** Every version of a prompt, newest first. Not cached. */
  listVersions(ref: PromptRef, options?: { signal?: AbortSignal }): Promise<PromptVersionInfo[]>;
  /** `get` then `renderPrompt`, resolving included prompts (Helicone partials) through the cache. */
  render(ref: PromptRef, variables?: PromptVariables, options?: RenderPromptOptions): Promise<RenderedPrompt>;
  /** Drops exactly this reference's entry (not a prefix match). */
  invalidate(ref: PromptRef): Promise<void>;
  /** Empties the cache. */
  clear(): Promise<void>;
  stats(): PromptClientStats;
}

/** A version as the cache holds it: everything but its provenance. */
type Cached = VendorPromptVersion & { fetchedAt: string };

interface Resolved {
  parsed: ParsedRef;
  key: string;
  vendor: PromptVendor;
}

/** A request in flight, shared by every caller that wants the same key. */
interface Flight {
  promise: Promise<VendorPromptVersion & { fetchedAt: string }>;
  controller: AbortController;
  /** Callers still waiting; when the last one gives up, the request is cancelled. */
  waiters: number;
  /** True when a background refresh waits on it: it must run to the end. */
  pinned: boolean;
}

const DEFAULTS = { ttlMs: 60_000, maxEntries: 1_000, staleWhileRevalidate: true, maxStaleMs: 86_400_000 };

/**
 * Creates the client apps use to fetch and render prompts from any registered vendor.
 *
 * @example
 * const prompts = createPromptClient({
 *   vendors: [helicone({ apiKey: process.env.HELICONE_API_KEY! }), tela({ apiKey: process.env.TELA_API_KEY! })],
 * });
 * const rendered = await prompts.render("helicone:abc123@staging", { name: "Ada" });
 * const body = toOpenAIChat(rendered);
 */
export function createPromptClient(options: PromptClientOptions): PromptClient {
  const vendors = new Map<string, PromptVendor>();
  for (const vendor of options.vendors ?? []) {
    if (vendors.has(vendor.name)) {
      throw new PromptError({ code: "invalid_ref", operation: "createPromptClient", message: `Two vendors are named "${vendor.name}".` });
    }
    vendors.set(vendor.name, vendor);
    registerTemplateEngine(vendor.templateEngine);
  }

  const userFetch = options.fetch as FetchLike | undefined;
  const runtime: RequestRuntime = {
    fetch: userFetch ?? ((input, init) => globalThis.fetch(input, init)),
    timeoutMs: options.timeoutMs ?? 10_000,
    retry: options.retry === false ? { ...DEFAULT_RETRY, retries: 0 } : { ...DEFAULT_RETRY, ...options.retry },
  };
  const cache = options.cache === false ? undefined : { ...DEFAULTS, ...options.cache };
  const store = cache ? (cache.store ?? createMemoryStore({ maxEntries: cache.maxEntries })) : undefined;
  const onEvent = options.onEvent;

  const counters: PromptClientStats = { hits: 0, misses: 0, staleServed: 0, refreshes: 0, refreshErrors: 0, coalesced: 0, fallbacks: 0 };
  const flights = new Map<string, Flight>();
  // Parsing the same string on every warm call would cost more than the cache lookup.
  const resolvedRefs = new LruMap<string, Resolved>(1_000);
  // Compiled per version id and update time: a render on a warm cache parses nothing.
  const compiledTemplates = new LruMap<string, CompiledTemplate>(cache?.maxEntries ?? 1_000);

  const emit = (type: PromptEventType, r: Resolved, extra?: Partial<PromptEvent>): void => {
    if (!onEvent) return;
    try {
      onEvent({ type, vendor: r.parsed.vendor, ref: formatRef(r.parsed), ...extra });
    } catch {
      // An observer must never break a fetch.
    }
  };

  function resolve(ref: PromptRef): Resolved {
    if (typeof ref === "string") {
      const known = resolvedRefs.get(ref);
      if (known) return known;
    }
    const parsed = parseRef(ref);
    const vendor = vendors.get(parsed.vendor);
    if (!vendor) {
      const known = [...vendors.keys()].map((v) => `"${v}"`).join(", ") || "none";
      throw new PromptError({
        code: "invalid_ref",
        operation: "parseRef",
        vendor: parsed.vendor,
        message: `Unknown vendor "${parsed.vendor}" in "${formatRef(parsed)}". Registered vendors: ${known}.`,
      });
    }
    vendor.checkRef?.(parsed);
    const resolved = { parsed, key: cacheKey(parsed), vendor };
    if (typeof ref === "string") resolvedRefs.set(ref, resolved);
    return resolved;
  }

  async function storeGet(r: Resolved): Promise<CacheEntry | undefined> {
    if (!store) return undefined;
    try {
      const found = store.get(r.key);
      return found instanceof Promise ? await found : found;
    } catch (err) {
      emit("store_error", r, { error: asPromptError(err, r, "cache.get") });
      return undefined;
    }
  }

  async function storeCall(r: Resolved, op: string, run: () => unknown): Promise<void> {
    try {
      await run();
    } catch (err) {
      emit("store_error", r, { error: asPromptError(err, r, op) });
    }
  }

  function entryFor(value: VendorPromptVersion & { fetchedAt: string }, selectorIsExact: boolean): CacheEntry {
    const now = Date.now();
    // A version fetched by id never changes, except a Tela draft, which can still be edited.
    const immutable = selectorIsExact && !value.draft;
    const expiresAt = immutable ? null : now + cache!.ttlMs;
    return { value, expiresAt, staleUntil: expiresAt === null ? null : expiresAt + cache!.maxStaleMs };
  }

  async function remember(r: Resolved, value: VendorPromptVersion & { fetchedAt: string }): Promise<void> {
    if (!store) return;
    await storeCall(r, "cache.set", () => store.set(r.key, entryFor(value, r.parsed.selector.kind === "versionId")));
    if (r.parsed.selector.kind !== "versionId") {
      // The same version is now known by its id too: `#versionId` lookups hit without a fetch.
      const byId: ParsedRef = { ...r.parsed, selector: { kind: "versionId", versionId: value.versionId } };
      await storeCall(r, "cache.set", () => store.set(cacheKey(byId), entryFor(value, true)));
    }
  }

  /** Starts (or joins) the one upstream request for this key. */
  function flight(r: Resolved, pinned: boolean): Flight {
    let f = flights.get(r.key);
    if (f) {
      counters.coalesced++;
      emit("coalesced", r);
      if (pinned) f.pinned = true;
      return f;
    }
    const controller = new AbortController();
    const run = async (): Promise<VendorPromptVersion & { fetchedAt: string }> => {
      const version = await r.vendor.getVersion(r.parsed, {
        ...runtime,
        signal: controller.signal,
        onRetry: (info) => emit("retry", r, { error: info.error, attempt: info.attempt, delayMs: info.delayMs }),
      });
      const value = { ...version, fetchedAt: new Date().toISOString() };
      await remember(r, value);
      return value;
    };
    const created: Flight = { promise: run(), controller, waiters: 0, pinned };
    flights.set(r.key, created);
    const done = (): void => {
      if (flights.get(r.key) === created) flights.delete(r.key);
    };
    created.promise.then(done, done);
    return created;
  }

  /** Waits for a flight on behalf of one caller, who may give up through its signal. */
  function wait(r: Resolved, f: Flight, signal: AbortSignal | undefined): Promise<VendorPromptVersion & { fetchedAt: string }> {
    if (signal?.aborted) return Promise.reject(abortedError(r));
    f.waiters++;
    return new Promise((resolve, reject) => {
      let waiting = true;
      const leave = (): boolean => {
        if (!waiting) return false;
        waiting = false;
        f.waiters--;
        signal?.removeEventListener("abort", onAbort);
        return true;
      };
      const onAbort = (): void => {
        if (!leave()) return;
        if (f.waiters === 0 && !f.pinned) {
          // Nobody else wants it: cancel the request, and let the next caller start afresh.
          if (flights.get(r.key) === f) flights.delete(r.key);
          f.controller.abort();
        }
        reject(abortedError(r));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      f.promise.then(
        (value) => leave() && resolve(value),
        (err: unknown) => leave() && reject(err),
      );
    });
  }

  function refreshInBackground(r: Resolved): void {
    const joining = flights.has(r.key);
    const f = flight(r, true);
    if (joining) return;
    counters.refreshes++;
    emit("refresh", r);
    f.promise.then(undefined, async (err: unknown) => {
      const error = asPromptError(err, r, "refresh");
      if (error.code === "not_found") {
        // Deleted upstream: never keep serving it.
        await storeCall(r, "cache.delete", () => store?.delete(r.key));
        emit("evict", r, { error });
      } else {
        counters.refreshErrors++;
        emit("refresh_error", r, { error });
      }
    });
  }

  /** A cached or fetched version and where it came from; `get` adds the provenance to a copy. */
  interface Found {
    value: Cached;
    source: PromptSource;
  }

  async function lookup(ref: PromptRef, options?: GetOptions): Promise<Found> {
    const r = resolve(ref);
    // Like fetch: an already-aborted signal rejects before any work, cached or not.
    if (options?.signal?.aborted) throw abortedError(r);
    const entry = await storeGet(r);
    const now = Date.now();
    if (entry) {
      if (entry.expiresAt === null || now < entry.expiresAt) {
        counters.hits++;
        emit("hit", r);
        return { value: entry.value, source: "cache" };
      }
      if (cache!.staleWhileRevalidate && entry.staleUntil !== null && now < entry.staleUntil) {
        counters.staleServed++;
        emit("stale", r);
        refreshInBackground(r);
        return { value: entry.value, source: "stale" };
      }
    }
    counters.misses++;
    emit("miss", r);
    try {
      return { value: await wait(r, flight(r, false), options?.signal), source: "network" };
    } catch (err) {
      const error = asPromptError(err, r, "get");
      if (error.code === "aborted") throw error;
      if (entry && error.code !== "not_found" && entry.staleUntil !== null && Date.now() < entry.staleUntil) {
        counters.staleServed++;
        emit("stale", r, { error });
        return { value: entry.value, source: "stale" };
      }
      if (entry && error.code === "not_found") {
        await storeCall(r, "cache.delete", () => store?.delete(r.key));
        emit("evict", r, { error });
      }
      if (options?.fallback !== undefined && !entry) return { value: await useFallback(r, options.fallback, error), source: "fallback" };
      throw error;
    }
  }

  async function get(ref: PromptRef, options?: GetOptions): Promise<PromptVersion> {
    const { value, source } = await lookup(ref, options);
    return { ...value, source };
  }

  async function useFallback(r: Resolved, fallback: NonNullable<GetOptions["fallback"]>, error: PromptError): Promise<Cached> {
    let given: FallbackVersion;
    try {
      given = typeof fallback === "function" ? await fallback() : fallback;
    } catch {
      throw error;
    }
    if (typeof given !== "object" || given === null || !Array.isArray(given.messages)) throw error;
    counters.fallbacks++;
    emit("fallback", r, { error });
    const now = new Date().toISOString();
    return {
      vendor: r.parsed.vendor,
      promptId: r.parsed.promptId,
      versionId: "fallback",
      version: "fallback",
      environments: [],
      draft: false,
      createdAt: now,
      raw: [],
      template: r.vendor.templateEngine.syntax,
      params: {},
      tools: [],
      variables: [],
      ...given,
      fetchedAt: now,
    };
  }

  function compiledFor(value: Cached, source: PromptSource): CompiledTemplate {
    // Fast path: the same cached object as last time (the in-memory store keeps it).
    const known = compiledBefore(value);
    if (known) return known;
    const engine = vendors.get(value.vendor)?.templateEngine;
    if (!engine || engine.syntax !== value.template || source === "fallback") {
      // Not a vendor-fetched version: no identity to trust beyond the object itself.
      return compileVersion(value);
    }
    // An equal copy (e.g. from a shared store) compiled before: same id, same update time.
    const key = `${value.vendor}\u0000${value.versionId}\u0000${value.updatedAt ?? value.createdAt}`;
    const compiled = compiledTemplates.get(key);
    if (compiled) {
      rememberCompiled(value, compiled);
      return compiled;
    }
    const fresh = compileVersion(value);
    compiledTemplates.set(key, fresh);
    return fresh;
  }

  async function render(ref: PromptRef, variables: PromptVariables = {}, options?: RenderPromptOptions): Promise<RenderedPrompt> {
    const { value, source } = await lookup(ref, options);
    const compiled = compiledFor(value, source);
    const included =
      compiled.includes.length === 0
        ? options?.included
        : await resolveIncludes(value, compiled, (includeRef) => get(includeRef, { signal: options?.signal }), (v) => compiledFor(v, v.source));
    return renderCompiled(value, source, compiled, variables, { missing: options?.missing, included });
  }

  async function listVersions(ref: PromptRef, options?: { signal?: AbortSignal }): Promise<PromptVersionInfo[]> {
    const r = resolve(ref);
    if (r.parsed.selector.kind !== "production") {
      throw new PromptError({
        code: "invalid_ref",
        vendor: r.parsed.vendor,
        operation: "listVersions",
        message: `listVersions takes a prompt, not a version: write "${r.parsed.vendor}:${r.parsed.promptId}".`,
      });
    }
    const infos = await r.vendor.listVersions(r.parsed.promptId, { ...runtime, signal: options?.signal });
    const fetchedAt = new Date().toISOString();
    return infos.map((info) => ({ ...info, source: "network", fetchedAt }));
  }

  return {
    get,
    render,
    listVersions,
    async invalidate(ref) {
      const r = resolve(ref);
      await store?.delete(r.key);
    },
    async clear() {
      await store?.clear?.();
    },
    stats() {
      const size = store?.size;
      return size === undefined ? { ...counters } : { ...counters, size };
    },
  };
}

function abortedError(r: Resolved): PromptError {
  return new PromptError({ code: "aborted", vendor: r.parsed.vendor, operation: "get", message: `Fetching ${formatRef(r.parsed)} was aborted by the caller.` });
}

function asPromptError(err: unknown, r: Resolved, operation: string): PromptError {
  if (PromptError.is(err)) return err;
  return new PromptError({
    code: "vendor_error",
    vendor: r.parsed.vendor,
    operation,
    message: `${r.parsed.vendor} ${operation} failed: ${err instanceof Error ? err.message : String(err)}`,
  });
}
