import type { PromptVersion, PromptVersionInfo } from "../model/types.js";
import type { ParsedRef } from "../refs/types.js";
import type { RequestRuntime } from "../http/request.js";
import type { TemplateEngine } from "./template-engine.js";

/** What an adapter returns: the client stamps `source` and `fetchedAt`. */
export type VendorPromptVersion = Omit<PromptVersion, "source" | "fetchedAt">;
export type VendorPromptVersionInfo = Omit<PromptVersionInfo, "source" | "fetchedAt">;

/**
 * The one interface every prompt registry implements. Each built-in vendor factory returns one;
 * a custom registry is a plain object of this shape.
 *
 * Adapters do HTTP through `createVendorHttp` (retries, timeouts, redaction) and validate every
 * payload before use. They never cache: the client does.
 *
 * @example
 * const myRegistry: PromptVendor = {
 *   name: "acme",
 *   templateEngine: myEngine,
 *   async getVersion(ref, runtime) { ... },
 *   async listVersions(promptId, runtime) { ... },
 * };
 * createPromptClient({ vendors: [myRegistry] });
 */
export interface PromptVendor {
  /** The name used in references: `"acme"` in `"acme:abc123"`. */
  readonly name: string;
  /** The template dialect this vendor's versions are written in. */
  readonly templateEngine: TemplateEngine;
  /** Rejects, with `invalid_ref`, references this vendor cannot express (e.g. `@2.1` on Tela). */
  checkRef?(ref: ParsedRef): void;
  /** Fetches one version with its body. Must throw `not_found` when it does not exist. */
  getVersion(ref: ParsedRef, runtime: RequestRuntime): Promise<VendorPromptVersion>;
  /** Every version of a prompt, newest first. */
  listVersions(promptId: string, runtime: RequestRuntime): Promise<VendorPromptVersionInfo[]>;
}
