import { LruMap } from "../cache/lru-map.js";
import type { TemplateEngine } from "../contract/template-engine.js";
import type { PromptVendor } from "../contract/vendor.js";
import { PromptError } from "../errors/prompt-error.js";
import { cacheKey, formatRef, parseRef } from "../refs/parse.js";
import type { ParsedRef, PromptRef } from "../refs/types.js";
import type { EventSubject } from "./event-reporter.js";

/** A reference checked against the client's vendors, with its cache key. */
export interface ResolvedRef {
  parsed: ParsedRef;
  key: string;
  vendor: PromptVendor;
  /** For events: the vendor and the canonical reference. */
  subject: EventSubject;
}

/** The client's vendors by name, and their engines by syntax. Nothing here is shared between clients. */
export class VendorDirectory {
  readonly #vendors = new Map<string, PromptVendor>();
  readonly #engines = new Map<string, TemplateEngine>();
  // Parsing the same string on every warm call would cost more than the cache lookup.
  readonly #resolved = new LruMap<string, ResolvedRef>(1_000);

  constructor(vendors: readonly PromptVendor[]) {
    for (const vendor of vendors) {
      if (this.#vendors.has(vendor.name)) {
        throw new PromptError({
          code: "invalid_config",
          operation: "createPromptClient",
          vendor: vendor.name,
          message: `Two vendors are named "${vendor.name}": give each vendor in options.vendors once.`,
        });
      }
      this.#vendors.set(vendor.name, vendor);
      if (!this.#engines.has(vendor.templateEngine.syntax)) this.#engines.set(vendor.templateEngine.syntax, vendor.templateEngine);
    }
  }

  /** The engine of one of this client's vendors for `syntax`, if any. */
  engineFor(syntax: string): TemplateEngine | undefined {
    return this.#engines.get(syntax);
  }

  /** The vendor named `name`, if the client has it. */
  vendor(name: string): PromptVendor | undefined {
    return this.#vendors.get(name);
  }

  /** Parses and checks a reference; `invalid_ref` for a malformed one or an unknown vendor. */
  resolve(ref: PromptRef): ResolvedRef {
    if (typeof ref === "string") {
      const known = this.#resolved.get(ref);
      if (known) return known;
    }
    const parsed = parseRef(ref);
    const vendor = this.#vendors.get(parsed.vendor);
    if (!vendor) {
      const known = [...this.#vendors.keys()].map((v) => `"${v}"`).join(", ") || "none";
      throw new PromptError({
        code: "invalid_ref",
        operation: "parseRef",
        vendor: parsed.vendor,
        message: `Unknown vendor "${parsed.vendor}" in "${formatRef(parsed)}". Registered vendors: ${known}.`,
      });
    }
    vendor.checkRef?.(parsed);
    const resolved: ResolvedRef = { parsed, key: cacheKey(parsed), vendor, subject: { vendor: parsed.vendor, ref: formatRef(parsed) } };
    if (typeof ref === "string") this.#resolved.set(ref, resolved);
    return resolved;
  }
}
