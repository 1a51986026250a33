import type { BootstrapEntries } from "../bootstrap/bootstrap-entries.js";
import type { GuardedStore } from "../cache/guarded-store.js";
import type { CacheEntry } from "../cache/store.js";
import { entryFor, freshness, servableOnFailure, type CachePolicy } from "../cache/policy.js";
import type { RequestRuntime } from "../http/request.js";
import { cacheKey, promptKeyPrefix } from "../refs/parse.js";
import type { ParsedRef } from "../refs/types.js";
import type { CachedVersion, Found } from "./cached-version.js";
import { abortedError, asPromptError } from "./client-errors.js";
import type { EventReporter, EventSubject } from "./event-reporter.js";
import { fallbackVersion } from "./fallback.js";
import type { GetOptions } from "./options.js";
import type { Flight, SingleFlight } from "./single-flight.js";
import type { ResolvedRef } from "./vendor-directory.js";

export interface CachedVersionsParts {
  /** Absent when caching is off: requests are still coalesced. */
  cache: { store: GuardedStore<EventSubject>; policy: CachePolicy } | undefined;
  flights: SingleFlight<CachedVersion>;
  reporter: EventReporter;
  runtime: RequestRuntime;
  /** The `bootstrap` snapshot: served when the cache has nothing fresh or stale for a key. */
  bootstrap: BootstrapEntries;
}

/**
 * Versions through the cache: the get path (fresh, stale-while-revalidate, fetch, serve stale on
 * failure, bootstrap, fallback), the background refresh, and invalidation with its fence.
 */
export class CachedVersions {
  constructor(readonly parts: CachedVersionsParts) {}

  /**
   * Synchronous on a warm hit from a synchronous store (no promise, no microtask: callers are
   * async functions that await it once); a promise otherwise. Throws (rather than rejecting)
   * only for an already-aborted signal, inside the callers' async functions.
   */
  lookup(r: ResolvedRef, options?: GetOptions): Found | Promise<Found> {
    // Like fetch: an already-aborted signal rejects before any work, cached or not.
    if (options?.signal?.aborted) throw abortedError(r);
    const got = this.parts.cache?.store.get(r.key, r.subject);
    if (got instanceof Promise) return got.then((entry) => this.#served(r, entry, options));
    return this.#served(r, got, options);
  }

  #served(r: ResolvedRef, entry: CacheEntry | undefined, options: GetOptions | undefined): Found | Promise<Found> {
    const { cache, reporter } = this.parts;
    if (entry && cache) {
      const state = freshness(entry, Date.now(), cache.policy);
      if (state === "fresh") {
        reporter.report("hit", r.subject, "hits");
        return { value: entry.value, source: "cache" };
      }
      if (state === "stale") {
        reporter.report("stale", r.subject, "staleServed");
        this.#refreshInBackground(r);
        return { value: entry.value, source: "stale" };
      }
    }
    return this.#notCached(r, entry, options);
  }

  /** No fresh or stale entry: the bootstrap snapshot, else the network, else stale on failure or the fallback. */
  async #notCached(r: ResolvedRef, entry: CacheEntry | undefined, options: GetOptions | undefined): Promise<Found> {
    const { cache, reporter } = this.parts;
    const booted = this.parts.bootstrap.get(r.key);
    if (booted) {
      // Stale from the start: served at once, and refreshed every time until the vendor answers.
      reporter.report("bootstrap", r.subject, "bootstrapServed");
      this.#refreshInBackground(r);
      return { value: booted, source: "bootstrap" };
    }
    reporter.report("miss", r.subject, "misses");
    try {
      return { value: await this.parts.flights.wait(this.#flight(r, false), options?.signal, () => abortedError(r)), source: "network" };
    } catch (err) {
      const error = asPromptError(err, r.parsed.vendor, "get");
      if (error.code === "aborted") throw error;
      if (entry && error.code !== "not_found" && servableOnFailure(entry, Date.now())) {
        reporter.report("stale", r.subject, "staleServed", { error });
        return { value: entry.value, source: "stale" };
      }
      if (entry && error.code === "not_found") {
        await cache?.store.delete(r.key, r.subject);
        reporter.report("evict", r.subject, undefined, { error });
      }
      if (options?.fallback !== undefined && !entry) {
        const value = await fallbackVersion(options.fallback, error, { ...r.parsed, template: r.vendor.templateEngine.syntax });
        reporter.report("fallback", r.subject, "fallbacks", { error });
        return { value, source: "fallback" };
      }
      throw error;
    }
  }

  /**
   * Drops one key, after fencing the requests in flight that could write it (see
   * `SingleFlight.fence`): its own, and for a version id, any request for the same prompt,
   * since each also stores what it fetched under its version id.
   */
  async invalidate(r: ResolvedRef): Promise<void> {
    const prompt = promptKeyPrefix(r.parsed);
    const byId = r.parsed.selector.kind === "versionId";
    this.parts.flights.fence((key) => key === r.key || (byId && key.startsWith(prompt)));
    // A caller who invalidates wants the vendor's version, not the snapshot's.
    this.parts.bootstrap.delete(r.key);
    await this.parts.cache?.store.delete(r.key, r.subject);
  }

  /**
   * Drops every cached reference to `r`'s prompt whose entry holds `versionId` (its labels or
   * environments may have moved), after fencing the prompt's requests in flight. Finds them with
   * the store's `keys`; the snapshot's entries are searched too.
   */
  async invalidateVersion(r: ResolvedRef, versionId: string): Promise<void> {
    const prompt = promptKeyPrefix(r.parsed);
    this.parts.flights.fence((key) => key.startsWith(prompt));
    this.parts.bootstrap.deleteWhere((key, value) => key.startsWith(prompt) && value.versionId === versionId);
    const store = this.parts.cache?.store;
    if (!store) return;
    for (const key of await store.keys(prompt, r.subject)) {
      const got = store.get(key, r.subject);
      const entry = got instanceof Promise ? await got : got;
      if (entry?.value.versionId === versionId) await store.delete(key, r.subject);
    }
  }

  /** Empties the cache, after fencing every request in flight. */
  async clear(): Promise<void> {
    this.parts.flights.fenceAll();
    this.parts.bootstrap.deleteWhere(() => true);
    await this.parts.cache?.store.clear({ vendor: "*", ref: "*" });
  }

  /** Starts (or joins) the one upstream request for this key. */
  #flight(r: ResolvedRef, pinned: boolean): Flight<CachedVersion> {
    const { flight, joined } = this.parts.flights.join(r.key, (f) => this.#fetch(r, f), pinned);
    if (joined) this.parts.reporter.report("coalesced", r.subject, "coalesced");
    return flight;
  }

  async #fetch(r: ResolvedRef, flight: Flight<CachedVersion>): Promise<CachedVersion> {
    const store = this.parts.cache?.store;
    // Fleet-wide single flight, when the store is shared: another process may fetch it for us.
    const lease = await store?.lease(r.key, flight.signal, r.subject);
    if (lease && "filled" in lease) {
      this.parts.reporter.report("coalesced", r.subject, "coalesced");
      this.#replacedBootstrap(r, lease.filled.value, flight);
      return lease.filled.value;
    }
    try {
      const version = await r.vendor.getVersion(r.parsed, {
        ...this.parts.runtime,
        signal: flight.signal,
        onRetry: (info) =>
          this.parts.reporter.report("retry", r.subject, undefined, { error: info.error, attempt: info.attempt, delayMs: info.delayMs }),
      });
      const value = { ...version, fetchedAt: new Date().toISOString() };
      this.#replacedBootstrap(r, value, flight);
      await this.#remember(r, value, flight);
      return value;
    } finally {
      // Released after the write, so the processes waiting on the lease find the entry.
      if (lease) await store?.release(lease, r.subject);
    }
  }

  /** The vendor has answered: its version replaces the snapshot's, cached or not. */
  #replacedBootstrap(r: ResolvedRef, value: CachedVersion, flight: Flight<CachedVersion>): void {
    if (!flight.fenced) this.parts.bootstrap.replaced(r.parsed, r.parsed.selector.kind === "versionId" ? undefined : value.versionId);
  }

  /** Caches a fetched version, unless an invalidation fenced its request. */
  async #remember(r: ResolvedRef, value: CachedVersion, flight: Flight<CachedVersion>): Promise<void> {
    const cache = this.parts.cache;
    if (!cache || flight.fenced) return;
    const now = Date.now();
    const written = [r.key];
    await cache.store.set(r.key, entryFor(value, r.parsed.selector.kind === "versionId", now, cache.policy), r.subject);
    if (r.parsed.selector.kind !== "versionId" && !flight.fenced) {
      // The same version is now known by its id too: `#versionId` lookups hit without a fetch.
      const byId: ParsedRef = { ...r.parsed, selector: { kind: "versionId", versionId: value.versionId } };
      written.push(cacheKey(byId));
      await cache.store.set(written[1]!, entryFor(value, true, now, cache.policy), r.subject);
    }
    // Fenced while writing: an async store may apply our write after the invalidation's delete.
    if (flight.fenced) for (const key of written) await cache.store.delete(key, r.subject);
  }

  #refreshInBackground(r: ResolvedRef): void {
    const { flights, reporter, cache } = this.parts;
    const joining = flights.has(r.key);
    const f = this.#flight(r, true);
    if (joining) return;
    reporter.report("refresh", r.subject, "refreshes");
    f.promise.then(undefined, async (err: unknown) => {
      const error = asPromptError(err, r.parsed.vendor, "refresh");
      if (error.code === "not_found") {
        // Deleted upstream: never keep serving it, from the cache or from the snapshot.
        this.parts.bootstrap.delete(r.key);
        await cache?.store.delete(r.key, r.subject);
        reporter.report("evict", r.subject, undefined, { error });
      } else {
        reporter.report("refresh_error", r.subject, "refreshErrors", { error });
      }
    });
  }
}
