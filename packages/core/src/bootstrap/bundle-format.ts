import type { VendorPromptVersion } from "../contract/vendor.js";
import type { PromptRefObject } from "../refs/types.js";

/** The `format` tag of every bundle this version of polyprompt writes and reads. */
export const BUNDLE_FORMAT = "polyprompt-bundle/1";

/**
 * A version as a bundle keeps it: the normalized version, without the provenance a client stamps
 * when it serves it (`source`, `fetchedAt`), and with `capturedAt`, when it was fetched from the
 * vendor for the bundle.
 */
export type BundledVersion = VendorPromptVersion & {
  /** ISO 8601: when the vendor was asked for this version. */
  capturedAt: string;
};

/** One reference and the version it resolved to when the bundle was made. */
export interface BundleEntry {
  /**
   * The reference in canonical form, e.g. `"acme:support/chat@production"`; the object form
   * only for an environment the string form can't name (e.g. one called `"3"`).
   */
  ref: string | PromptRefObject;
  version: BundledVersion;
}

/**
 * A snapshot of prompts, as one JSON value: what `createBundle` returns and
 * `createPromptClient({ bootstrap })` starts from. Plain JSON, so an edge deploy can import it
 * as a module (`import bundle from "./prompts.bundle.json"`).
 */
export interface PromptBundle {
  format: typeof BUNDLE_FORMAT;
  /** ISO 8601: when the bundle was made. */
  createdAt: string;
  entries: BundleEntry[];
}

/**
 * Bounds on the work `readBundle` does, whatever it is given. A value past a bound is refused
 * with `invalid_config` before any entry is checked.
 */
export interface BundleLimits {
  /** Entries in one bundle. Default 1 000. */
  maxEntries: number;
  /** Nesting of objects and arrays, from the bundle itself down. Default 64. */
  maxDepth: number;
  /** Objects, arrays and scalars in the whole value. Default 1 000 000. */
  maxValues: number;
  /** Characters in all strings and keys together. Default 50 000 000. */
  maxChars: number;
}

export const DEFAULT_BUNDLE_LIMITS: Readonly<BundleLimits> = /* @__PURE__ */ Object.freeze({
  maxEntries: 1_000,
  maxDepth: 64,
  maxValues: 1_000_000,
  maxChars: 50_000_000,
});
