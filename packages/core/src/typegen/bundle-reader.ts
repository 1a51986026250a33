/** A bundle's entries read like a client: for typing a pulled prompt directory with no vendor key. */
import type { PromptBundle } from "../bootstrap/bundle-format.js";
import type { TemplateEngine } from "../contract/template-engine.js";
import { PromptError } from "../errors/prompt-error.js";
import type { PromptVersion } from "../model/types.js";
import { formatRef, parseRef } from "../refs/parse.js";
import type { PromptRef } from "../refs/types.js";
import type { PromptReader } from "./collect-prompt-types.js";

/**
 * `get` finds the entry of a reference (in canonical form), `includedRefs` asks the version's
 * template engine. Nothing is fetched: a reference the bundle lacks is `not_found`.
 *
 * @example
 * const reader = bundleReader(await bundleFromDirectory("prompts", { dialects }), [acmeTemplate]);
 */
export function bundleReader(bundle: PromptBundle, engines: readonly TemplateEngine[]): PromptReader & { refs: string[] } {
  const versions = new Map<string, PromptVersion>();
  for (const { ref, version } of bundle.entries) {
    const { capturedAt, ...rest } = version;
    versions.set(formatRef(parseRef(ref)), { ...rest, source: "bootstrap", fetchedAt: capturedAt });
  }
  return {
    refs: [...versions.keys()],
    async get(ref: PromptRef) {
      const parsed = parseRef(ref);
      const version = versions.get(formatRef(parsed));
      if (version !== undefined) return version;
      throw new PromptError({
        code: "not_found",
        vendor: parsed.vendor,
        operation: "get",
        message: `${formatRef(parsed)} is not in the bundle (pull it first).`,
      });
    },
    includedRefs(version) {
      const engine = engines.find((candidate) => candidate.syntax === version.template);
      if (engine === undefined) {
        throw new PromptError({
          code: "unsupported",
          vendor: version.vendor,
          operation: "includedRefs",
          message: `No template engine for syntax "${version.template}" was given.`,
        });
      }
      return engine.compile(version).includes.map((include) => include.ref);
    },
  };
}
