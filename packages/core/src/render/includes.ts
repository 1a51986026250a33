import { PromptError } from "../errors/prompt-error.js";
import type { PromptVersion } from "../model/types.js";
import type { PromptRefObject } from "../refs/types.js";
import type { CompiledTemplate } from "../contract/template-engine.js";

/** How deep included prompts may nest before polyprompt calls it a mistake. */
export const MAX_INCLUDE_DEPTH = 8;

/**
 * Fetches every prompt a template includes (Helicone's `{{hcp:…}}` partials), recursively,
 * and returns the text for each include key. Cycle-safe: a prompt message that includes
 * itself, directly or through others, is an `invalid_ref` error, as is nesting deeper than
 * MAX_INCLUDE_DEPTH.
 */
export async function resolveIncludes(
  version: Pick<PromptVersion, "vendor">,
  compiled: CompiledTemplate,
  fetchVersion: (ref: PromptRefObject) => Promise<PromptVersion>,
  compile: (version: PromptVersion) => CompiledTemplate,
  chain: readonly string[] = [],
): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  await Promise.all(
    compiled.includes.map(async (include) => {
      if (texts.has(include.key)) return;
      const id = `${include.ref.vendor}:${include.ref.promptId}@${include.ref.environment ?? include.ref.version ?? "production"}[${include.messageIndex}]`;
      const path = [...chain, id];
      if (chain.includes(id)) throw includeError(version, `Included prompts form a cycle: ${path.join(" → ")}.`);
      if (path.length > MAX_INCLUDE_DEPTH) {
        throw includeError(version, `Included prompts nest deeper than ${MAX_INCLUDE_DEPTH} levels: ${path.join(" → ")}.`);
      }
      const included = await fetchVersion(include.ref);
      const inner = compile(included);
      const innerTexts = inner.includes.length > 0 ? await resolveIncludes(included, inner, fetchVersion, compile, path) : undefined;
      texts.set(include.key, inner.includeText(include.messageIndex, innerTexts));
    }),
  );
  return texts;
}

function includeError(version: Pick<PromptVersion, "vendor">, message: string): PromptError {
  return new PromptError({ code: "invalid_ref", vendor: version.vendor, operation: "render", message });
}
