import type { PromptClient } from "../client/options.js";
import { PromptError } from "../errors/prompt-error.js";
import type { PromptVersion } from "../model/types.js";
import { cacheKey, formatRef, parseRef } from "../refs/parse.js";
import type { ParsedRef, PromptRef, PromptRefObject } from "../refs/types.js";
import { BUNDLE_FORMAT, DEFAULT_BUNDLE_LIMITS, type BundleEntry, type BundledVersion, type PromptBundle } from "./bundle-format.js";

/**
 * Fetches each reference through `prompts` and returns a bundle of them, for
 * `createPromptClient({ bootstrap })`. The prompts each version includes (partials,
 * prompt dependencies), and theirs, are captured as entries of their own, so a bootstrapped
 * client renders them through an outage too. Writes nothing: save the value where the deploy
 * can import it (e.g. `JSON.stringify(bundle)` into `prompts.bundle.json` at build time).
 *
 * @example
 * const bundle = await createBundle(prompts, ["acme:abc123@production", "acme:support/chat"]);
 * await writeFile("prompts.bundle.json", JSON.stringify(bundle, null, 2)); // at build time, not at run time
 */
export async function createBundle(
  prompts: PromptClient,
  refs: readonly PromptRef[],
  options: { maxEntries?: number; signal?: AbortSignal } = {},
): Promise<PromptBundle> {
  const maxEntries = options.maxEntries ?? DEFAULT_BUNDLE_LIMITS.maxEntries;
  const entries: BundleEntry[] = [];
  const seen = new Set<string>();
  const queue = refs.map((ref) => parseRef(ref));
  // Breadth first, each reference once: include cycles end here, and render reports them.
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const key = cacheKey(next);
    if (seen.has(key)) continue;
    seen.add(key);
    if (entries.length >= maxEntries) {
      throw new PromptError({
        code: "invalid_config",
        vendor: next.vendor,
        operation: "createBundle",
        message: `A bundle holds at most ${maxEntries} entries (included prompts count too): give fewer references or a larger maxEntries.`,
      });
    }
    const version = await prompts.get(refObject(next), { signal: options.signal });
    entries.push({ ref: bundleRef(next), version: bundled(version) });
    for (const include of prompts.includedRefs(version)) queue.push(parseRef(include));
  }
  return { format: BUNDLE_FORMAT, createdAt: new Date().toISOString(), entries };
}

/** The canonical string, or the object form for an environment the string form can't name (e.g. "3"). */
function bundleRef(ref: ParsedRef): BundleEntry["ref"] {
  const text = formatRef(ref);
  return text.startsWith("{") ? refObject(ref) : text;
}

function refObject(ref: ParsedRef): PromptRefObject {
  const s = ref.selector;
  const base = { vendor: ref.vendor, promptId: ref.promptId };
  if (s.kind === "environment") return { ...base, environment: s.environment };
  if (s.kind === "version") return { ...base, version: s.version };
  if (s.kind === "latest") return { ...base, version: "latest" };
  if (s.kind === "versionId") return { ...base, versionId: s.versionId };
  return base;
}

function bundled(version: PromptVersion): BundledVersion {
  const { source: _source, fetchedAt, ...rest } = version;
  return { ...rest, capturedAt: fetchedAt };
}
