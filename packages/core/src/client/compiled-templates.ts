import { LruMap } from "../cache/lru-map.js";
import type { CompiledTemplate, TemplateEngine } from "../contract/template-engine.js";
import { PromptError } from "../errors/prompt-error.js";
import type { PromptSource } from "../model/types.js";
import { compileWith } from "../render/render-prompt.js";
import type { CachedVersion } from "./cached-version.js";

/**
 * One client's compiled templates, so a render on a warm cache parses nothing. Two levels:
 * by object (the in-memory store hands out the same frozen object every time) and by identity
 * (vendor, version id, update time), for equal copies such as those a shared store returns.
 */
export class CompiledTemplates {
  readonly #byObject = new WeakMap<CachedVersion, CompiledTemplate>();
  readonly #byIdentity: LruMap<string, CompiledTemplate>;

  constructor(
    readonly engines: {
      engineFor(syntax: string): TemplateEngine | undefined;
      vendor(name: string): { templateEngine: TemplateEngine } | undefined;
    },
    maxEntries: number,
  ) {
    this.#byIdentity = new LruMap(maxEntries);
  }

  /** The compiled template of `value`, compiling it at most once per identity. */
  for(value: CachedVersion, source: PromptSource): CompiledTemplate {
    const known = this.#byObject.get(value);
    if (known) return known;
    const engine = this.engines.engineFor(value.template);
    if (!engine) {
      throw new PromptError({
        code: "unsupported",
        vendor: value.vendor,
        operation: "render",
        message: `No vendor of this client renders template syntax "${value.template}": add the vendor whose templateEngine has that syntax to options.vendors.`,
      });
    }
    // Only a version its own vendor fetched has an identity to trust beyond the object itself
    // (a bundle is the caller's JSON: it must not decide what a fetched version compiles to).
    const trusted = source !== "fallback" && source !== "bootstrap" && this.engines.vendor(value.vendor)?.templateEngine === engine;
    const key = trusted ? `${value.vendor}\u0000${value.versionId}\u0000${value.updatedAt ?? value.createdAt}` : undefined;
    const compiled = (key !== undefined ? this.#byIdentity.get(key) : undefined) ?? compileWith(engine, value);
    if (key !== undefined) this.#byIdentity.set(key, compiled);
    this.#byObject.set(value, compiled);
    return compiled;
  }
}
