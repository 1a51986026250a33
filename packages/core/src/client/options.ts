import type { CacheStore } from "../cache/store.js";
import type { PromptSummary, PromptVendor } from "../contract/vendor.js";
import type { FetchLike } from "../http/request.js";
import type { RetryOptions } from "../http/retry.js";
import type { PromptRef, PromptRefObject } from "../refs/types.js";
import type { PromptVersion, PromptVersionInfo, RenderedPrompt } from "../model/types.js";
import type { RenderOptions } from "../contract/template-engine.js";
import type { ExtraVariablesOption } from "../render/extra-variables.js";
import type { RenderLimits } from "../render/render-limits.js";
import type { TypedRef, VariablesArgument } from "../model/prompt-registry.js";
import type { PromptClientStats, PromptEvent } from "./events.js";

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
  /** Bounds on the work one render does through included prompts. See README, Limits. */
  limits?: Partial<RenderLimits>;
  /**
   * A snapshot to start from, as `createBundle` makes it (e.g. `import bundle from "./prompts.bundle.json"`).
   * Checked at once by `readBundle` (a bad one throws `invalid_config`). Its entries are served
   * at once, with `source: "bootstrap"`, and refreshed in the background like stale entries; the
   * first version the vendor returns for a reference replaces its entry. With the vendor down,
   * they keep being served. Held in memory only: the client never reads or writes files.
   * Entries of vendors this client doesn't have are ignored.
   */
  bootstrap?: unknown;
  /** Sees each cache, refresh, retry, fallback and bootstrap event as it happens. Errors it throws are ignored. */
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

export type RenderPromptOptions = GetOptions &
  RenderOptions &
  ExtraVariablesOption & {
    /** This render's bounds on included prompts, over the client's `limits`. */
    limits?: Partial<RenderLimits>;
  };

export interface PromptClient {
  /**
   * One version with its body. `source` says whether it came from the network, the cache, a
   * stale entry, the fallback or the bootstrap. The version is frozen at every depth (a warm hit
   * hands out the same object each time): spread it to change a copy.
   */
  get(ref: PromptRef, options?: GetOptions): Promise<PromptVersion>;
  /** Every version of a prompt, newest first. Not cached. */
  listVersions(ref: PromptRef, options?: { signal?: AbortSignal }): Promise<PromptVersionInfo[]>;
  /**
   * Every prompt the vendor's key can see (`unsupported` for a vendor without a listing). Not cached.
   *
   * @example
   * const prompts = await client.listPrompts("acme"); // [{ promptId: "support/chat" }, …]
   */
  listPrompts(vendor: string, options?: { signal?: AbortSignal }): Promise<PromptSummary[]>;
  /**
   * `get` then render, resolving included prompts (partials, dependencies) through the cache. With a
   * generated `PromptRegistry` (README, Typed prompts), `variables` is checked against the
   * prompt's own at compile time; other references take any `PromptVariables`.
   *
   * @example
   * const rendered = await prompts.render("acme:support@production", { name: "Ada" });
   */
  render<R extends TypedRef>(ref: R, ...args: VariablesArgument<R, RenderPromptOptions>): Promise<RenderedPrompt>;
  /**
   * The prompts `version`'s template includes (partials, prompt dependencies), as
   * references. `createBundle` uses it to capture them; renders resolve them by themselves.
   */
  includedRefs(version: PromptVersion): PromptRefObject[];
  /**
   * Drops exactly this reference's entry (and its bootstrap entry) (not a prefix match). Once it resolves, no request that
   * started before it answers a later `get` or writes to the cache.
   */
  invalidate(ref: PromptRef): Promise<void>;
  /**
   * Drops every cached reference that holds one version (`ref` names it by `versionId`): its
   * environment or label entries included, wherever the store can list them. For webhooks: when
   * a label leaves a version, the entries that served it are found by what they hold, not by a
   * name the event does not carry. Fences like `invalidate`.
   *
   * @example
   * await prompts.invalidateVersion({ vendor: "acme", promptId: "support", versionId: "7" });
   */
  invalidateVersion(ref: PromptRef): Promise<void>;
  /** Empties the cache and the bootstrap snapshot, with the same fence as `invalidate` for every key. */
  clear(): Promise<void>;
  stats(): PromptClientStats;
}
