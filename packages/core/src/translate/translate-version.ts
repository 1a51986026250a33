import { PromptError } from "../errors/prompt-error.js";
import type { PromptVersion } from "../model/types.js";
import type { TemplateDialect } from "./dialect.js";
import { translationRefused, type TranslationLoss } from "./loss.js";

export interface TranslateOptions {
  /** The target dialect, or its syntax name looked up in `dialects`. */
  to: TemplateDialect | string;
  /** The version's own dialect; by default looked up in `dialects` by `version.template`. */
  from?: TemplateDialect;
  /** Dialects to look names up in (each vendor entry point exports its `<vendor>Dialect`). */
  dialects?: readonly TemplateDialect[];
  /** Convert even when something is lost, and list each loss. Default: refuse with `unsupported`. */
  allowLossy?: boolean;
}

export interface TranslateResult {
  version: PromptVersion;
  /** Everything the target could not express; empty unless `allowLossy`. */
  losses: TranslationLoss[];
}

/**
 * A version rewritten in another template dialect, through the neutral form. What the target
 * cannot express is never dropped silently: without `allowLossy` the call throws `unsupported`
 * listing every problem; with it, the version is converted and each loss is returned.
 *
 * @example
 * import { acmeDialect } from "@polyprompt/core/acme";
 * import { otherDialect } from "@polyprompt/core/other";
 * const { version } = translateVersion(acmeVersion, { from: acmeDialect, to: otherDialect });
 */
export function translateVersion(version: PromptVersion, options: TranslateOptions): TranslateResult {
  const lookUp = (syntax: string): TemplateDialect | undefined => options.dialects?.find((dialect) => dialect.syntax === syntax);
  const to = typeof options.to === "string" ? lookUp(options.to) : options.to;
  if (to === undefined) {
    throw new PromptError({
      code: "invalid_config",
      operation: "translate",
      message: `No dialect "${String(options.to)}" among the ${options.dialects?.length ?? 0} given: pass it in \`dialects\` or as the dialect object.`,
    });
  }
  const from = options.from ?? lookUp(version.template) ?? (to.syntax === version.template ? to : undefined);
  if (from === undefined) {
    throw new PromptError({
      code: "invalid_config",
      operation: "translate",
      message: `No dialect for the version's template "${version.template}": pass it as \`from\` or in \`dialects\`.`,
    });
  }
  if (from.syntax !== version.template) {
    throw new PromptError({
      code: "invalid_config",
      operation: "translate",
      message: `The version's template is "${version.template}", not "${from.syntax}".`,
    });
  }
  // Same dialect: nothing to translate (and nothing to lose, e.g. Mustache paths stay paths).
  if (from.syntax === to.syntax) return { version: { ...version }, losses: [] };
  const written = to.write(from.read(version));
  if (written.losses.length > 0 && options.allowLossy !== true) throw translationRefused(from.syntax, to.syntax, written.losses);
  return written;
}
