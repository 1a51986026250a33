import { PromptError } from "../errors/prompt-error.js";
import type { PromptVersion } from "../model/types.js";
import { cacheKey, formatRef, parseRef } from "../refs/parse.js";
import type { PromptRefObject } from "../refs/types.js";
import type { CompiledTemplate } from "../contract/template-engine.js";
import type { RenderBudget } from "./render-limits.js";

/** One step of an include chain: who is included (`id`, for cycle checks) and how to show it. */
interface IncludeLink {
  id: string;
  label: string;
}

/** How deep included prompts may nest before polyprompt calls it a mistake. */
export const MAX_INCLUDE_DEPTH = 8;

/**
 * Fetches every prompt a template includes (partials, or any engine's
 * includes), recursively, and returns the text for each include key. Cycle-safe: a prompt
 * message that includes itself, directly or through others, is an `invalid_ref` error, as is
 * nesting deeper than MAX_INCLUDE_DEPTH. Every resolution and every substituted character is
 * charged to `budget`, so fan-out (K includes of K includes of …) ends in `invalid_prompt`
 * long before it costs memory.
 */
export async function resolveIncludes(
  version: Pick<PromptVersion, "vendor">,
  compiled: CompiledTemplate,
  fetchVersion: (ref: PromptRefObject) => Promise<PromptVersion>,
  compile: (version: PromptVersion) => CompiledTemplate,
  budget: RenderBudget,
  chain: readonly IncludeLink[] = [],
): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  await Promise.all(
    compiled.includes.map(async (include) => {
      if (texts.has(include.key)) return;
      // Identity is the cache key (each selector kind its own namespace: environment "3" is not
      // version 3, and two pinned versions of one prompt are two prompts); the label is for people.
      const parsed = parseRef(include.ref);
      const link: IncludeLink = {
        id: `${cacheKey(parsed)}[${include.messageIndex}]`,
        label: `${formatRef(parsed)}[${include.messageIndex}]`,
      };
      const path = [...chain, link];
      const shown = path.map((step) => step.label).join(" → ");
      if (chain.some((step) => step.id === link.id)) throw includeError(version, `Included prompts form a cycle: ${shown}.`);
      if (path.length > MAX_INCLUDE_DEPTH) {
        throw includeError(version, `Included prompts nest deeper than ${MAX_INCLUDE_DEPTH} levels: ${shown}.`);
      }
      budget.expand();
      const included = await fetchVersion(include.ref);
      const inner = compile(included);
      const innerTexts =
        inner.includes.length > 0 ? await resolveIncludes(included, inner, fetchVersion, compile, budget, path) : undefined;
      // The nested substitution happens here, inside includeText: meter it before it copies.
      const text = inner.includeText(include.messageIndex, budget.meter(innerTexts));
      texts.set(include.key, text);
    }),
  );
  return texts;
}

function includeError(version: Pick<PromptVersion, "vendor">, message: string): PromptError {
  return new PromptError({ code: "invalid_ref", vendor: version.vendor, operation: "render", message });
}
