import type { CachedVersion } from "../client/cached-version.js";
import { cacheKey, parseRef } from "../refs/parse.js";
import type { ParsedRef } from "../refs/types.js";
import type { PromptBundle } from "./bundle-format.js";

/**
 * One client's bootstrap snapshot, by cache key. In memory only: nothing is read from or written
 * to disk. An entry is served until the vendor answers for its key once; then the network
 * version (and the cache) replaces it.
 */
export class BootstrapEntries {
  readonly #byKey = new Map<string, CachedVersion>();

  /** Only entries of vendors the client has: a bundle shared by several apps may hold others. */
  constructor(bundle: PromptBundle | undefined, hasVendor: (name: string) => boolean) {
    for (const entry of bundle?.entries ?? []) {
      const parsed = parseRef(entry.ref);
      if (!hasVendor(parsed.vendor)) continue;
      const { capturedAt, ...version } = entry.version;
      const value: CachedVersion = Object.freeze({ ...version, fetchedAt: capturedAt });
      this.#byKey.set(cacheKey(parsed), value);
      // The same version is known by its id too, as the cache does for fetched versions.
      const byId = cacheKey({ ...parsed, selector: { kind: "versionId", versionId: value.versionId } });
      if (!this.#byKey.has(byId)) this.#byKey.set(byId, value);
    }
  }

  get size(): number {
    return this.#byKey.size;
  }

  get(key: string): CachedVersion | undefined {
    return this.#byKey.get(key);
  }

  /** Forgets what the vendor has now answered for: `ref` and the version id it resolved to. */
  replaced(ref: ParsedRef, versionId: string | undefined): void {
    this.#byKey.delete(cacheKey(ref));
    if (versionId !== undefined) this.#byKey.delete(cacheKey({ ...ref, selector: { kind: "versionId", versionId } }));
  }

  delete(key: string): void {
    this.#byKey.delete(key);
  }

  /** Drops every entry whose key `matches`. */
  deleteWhere(matches: (key: string, value: CachedVersion) => boolean): void {
    for (const [key, value] of [...this.#byKey]) if (matches(key, value)) this.#byKey.delete(key);
  }
}
