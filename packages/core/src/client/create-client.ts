import { BootstrapEntries } from "../bootstrap/bootstrap-entries.js";
import { readBundle } from "../bootstrap/read-bundle.js";
import { guardStore } from "../cache/guarded-store.js";
import { createMemoryStore } from "../cache/store.js";
import { PromptError } from "../errors/prompt-error.js";
import type { FetchLike, RequestRuntime } from "../http/request.js";
import { DEFAULT_RETRY } from "../http/retry.js";
import type { PromptSource, PromptVariables, PromptVersion, PromptVersionInfo, RenderedPrompt } from "../model/types.js";
import type { PromptRef } from "../refs/types.js";
import { resolveIncludes } from "../render/includes.js";
import { RenderBudget, renderLimits } from "../render/render-limits.js";
import { renderCompiled } from "../render/render-prompt.js";
import type { CachedVersion } from "./cached-version.js";
import { CachedVersions } from "./cached-versions.js";
import { asPromptError } from "./client-errors.js";
import { CompiledTemplates } from "./compiled-templates.js";
import { EventReporter, type EventSubject } from "./event-reporter.js";
import type { PromptClient, PromptClientOptions, RenderPromptOptions } from "./options.js";
import { SingleFlight } from "./single-flight.js";
import { VendorDirectory } from "./vendor-directory.js";

export type { CacheOptions, FallbackVersion, GetOptions, PromptClient, PromptClientOptions, RenderPromptOptions } from "./options.js";

const CACHE_DEFAULTS = { ttlMs: 60_000, maxEntries: 1_000, staleWhileRevalidate: true, maxStaleMs: 86_400_000 };

/**
 * Creates the client apps use to fetch and render prompts from any registered vendor. Each
 * client owns its cache, its requests in flight and its compiled templates; nothing is global.
 *
 * @example
 * const prompts = createPromptClient({
 *   vendors: [acme({ apiKey: process.env.ACME_API_KEY! })], // each vendor from "@polyprompt/core/<vendor>"
 * });
 * const rendered = await prompts.render("acme:abc123@staging", { name: "Ada" });
 * const body = toOpenAIChat(rendered);
 */
export function createPromptClient(options: PromptClientOptions): PromptClient {
  const directory = new VendorDirectory(options.vendors ?? []);
  const reporter = new EventReporter(options.onEvent);
  const runtime: RequestRuntime = {
    fetch: (options.fetch as FetchLike | undefined) ?? ((input, init) => globalThis.fetch(input, init)),
    timeoutMs: options.timeoutMs ?? 10_000,
    retry: options.retry === false ? { ...DEFAULT_RETRY, retries: 0 } : { ...DEFAULT_RETRY, ...options.retry },
  };
  const policy = options.cache === false ? undefined : { ...CACHE_DEFAULTS, ...options.cache };
  const reportStoreError = (err: unknown, operation: string, subject: EventSubject): void =>
    reporter.report("store_error", subject, "storeErrors", {
      error: asPromptError(err, subject.vendor === "*" ? undefined : subject.vendor, operation),
    });
  const store = policy ? guardStore(policy.store ?? createMemoryStore({ maxEntries: policy.maxEntries }), reportStoreError) : undefined;
  const versions = new CachedVersions({
    cache: store && policy ? { store, policy } : undefined,
    flights: new SingleFlight<CachedVersion>(),
    reporter,
    runtime,
    bootstrap: new BootstrapEntries(
      options.bootstrap === undefined ? undefined : readBundle(options.bootstrap),
      (name) => directory.vendor(name) !== undefined,
    ),
  });
  const compiled = new CompiledTemplates(directory, policy?.maxEntries ?? 1_000);
  // What a warm `get` hands out: one frozen object per cached value, built on its first hit.
  // Frozen at every depth, so sharing it between callers cannot let one change another's.
  const fromCache = new WeakMap<CachedVersion, PromptVersion>();
  const served = (value: CachedVersion, source: PromptSource): PromptVersion => {
    // A store that does not freeze (a custom one) gets a fresh top-level object per call, as do
    // the rarer sources: the cache's frozen body stays shared beneath it either way.
    if (source !== "cache" || !Object.isFrozen(value)) return { ...value, source };
    let version = fromCache.get(value);
    if (version === undefined) {
      version = Object.freeze({ ...value, source });
      fromCache.set(value, version);
    }
    return version;
  };

  async function render(ref: PromptRef, variables: PromptVariables = {}, renderOptions?: RenderPromptOptions): Promise<RenderedPrompt> {
    const found = versions.lookup(directory.resolve(ref), renderOptions);
    // A warm hit is synchronous: awaiting it anyway would cost a microtask on every call.
    const { value, source } = found instanceof Promise ? await found : found;
    const template = compiled.for(value, source);
    // A budget only for a template that includes others (or text given for its includes).
    const budget =
      template.includes.length === 0 && renderOptions?.included === undefined
        ? undefined
        : new RenderBudget(renderLimits(options.limits, renderOptions?.limits), value.vendor);
    const included =
      template.includes.length === 0 || budget === undefined
        ? renderOptions?.included
        : await resolveIncludes(
            value,
            template,
            (includeRef) => client.get(includeRef, { signal: renderOptions?.signal }),
            (v) => compiled.for(v, v.source),
            budget,
          );
    return renderCompiled(
      value,
      source,
      template,
      variables,
      { missing: renderOptions?.missing, extraVariables: renderOptions?.extraVariables, included },
      budget,
    );
  }

  const client: PromptClient = {
    async get(ref, getOptions) {
      const found = versions.lookup(directory.resolve(ref), getOptions);
      const { value, source } = found instanceof Promise ? await found : found;
      return served(value, source);
    },

    // The registry's typing is for callers; here every reference takes any variables.
    render: render as PromptClient["render"],

    async listVersions(ref, listOptions): Promise<PromptVersionInfo[]> {
      const r = directory.resolve(ref);
      if (r.parsed.selector.kind !== "production") {
        throw new PromptError({
          code: "invalid_ref",
          vendor: r.parsed.vendor,
          operation: "listVersions",
          message: `listVersions takes a prompt, not a version: write "${r.parsed.vendor}:${r.parsed.promptId}".`,
        });
      }
      const infos = await r.vendor.listVersions(r.parsed.promptId, { ...runtime, signal: listOptions?.signal });
      const fetchedAt = new Date().toISOString();
      return infos.map((info) => ({ ...info, source: "network", fetchedAt }));
    },

    async listPrompts(name, listOptions) {
      const vendor = directory.vendor(name);
      if (!vendor) {
        throw new PromptError({
          code: "invalid_ref",
          vendor: name,
          operation: "listPrompts",
          message: `No vendor "${name}" in this client.`,
        });
      }
      if (!vendor.listPrompts) {
        throw new PromptError({
          code: "unsupported",
          vendor: name,
          operation: "listPrompts",
          message: `${name} has no prompt listing in polyprompt.`,
        });
      }
      return vendor.listPrompts({ ...runtime, signal: listOptions?.signal });
    },

    includedRefs: (version) => compiled.for(version, version.source).includes.map((include) => include.ref),

    invalidate: async (ref) => versions.invalidate(directory.resolve(ref)),
    async invalidateVersion(ref) {
      const r = directory.resolve(ref);
      if (r.parsed.selector.kind !== "versionId") {
        throw new PromptError({
          code: "invalid_ref",
          vendor: r.parsed.vendor,
          operation: "invalidateVersion",
          message: `invalidateVersion takes a version id: write "${r.parsed.vendor}:${r.parsed.promptId}#<versionId>".`,
        });
      }
      await versions.invalidateVersion(r, r.parsed.selector.versionId);
    },
    clear: () => versions.clear(),
    stats: () => reporter.stats(store?.size),
  };
  return client;
}
