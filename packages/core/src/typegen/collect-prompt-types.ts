/**
 * What a generated registry says of each reference: its prompt's variables, with included
 * prompts' variables added, each as the TypeScript type a render takes.
 */
import type { PromptClient } from "../client/options.js";
import type { TemplateEngine } from "../contract/template-engine.js";
import { PromptError } from "../errors/prompt-error.js";
import type { PromptVariable, PromptVersion } from "../model/types.js";
import { formatRef, parseRef } from "../refs/parse.js";

/** One variable of a registry entry. */
export interface TypedVariable {
  name: string;
  /** TypeScript type text, e.g. `string | number | boolean` or `PromptFileInput`. */
  type: string;
  required: boolean;
  description?: string;
}

/** Where prompts are read from: a client (the vendors), or a bundle's entries (`bundleReader`). */
export type PromptReader = Pick<PromptClient, "get" | "includedRefs">;

/** One reference of a generated registry. */
export interface PromptTypeEntry {
  ref: string;
  variables: TypedVariable[];
}

/**
 * The TypeScript type of each variable type name every dialect shares; an engine's
 * `variableTypes` overrides them, and a name neither knows (a vendor's custom type) is `unknown`,
 * since the vendor accepts any value for it.
 */
export const DEFAULT_VARIABLE_TYPES: Readonly<Record<string, string>> = /* @__PURE__ */ Object.freeze({
  string: "string",
  number: "number",
  boolean: "boolean",
  array: "readonly unknown[]",
  object: "Record<string, unknown>",
  file: "PromptFileInput",
  placeholder: "PromptHistory",
});

/** Bound on the included prompts followed from one reference (nesting included). */
const MAX_INCLUDES = 1_000;

/**
 * Fetches each reference through `client` and lists its variables, following included prompts
 * (partials, dependencies): a variable of an included prompt is one of the
 * including prompt's too, required if any prompt requires it.
 *
 * @example
 * const entries = await collectPromptTypes(prompts, ["acme:support@production"], [acmeTemplate]);
 */
export async function collectPromptTypes(
  client: PromptReader,
  refs: readonly string[],
  engines: readonly TemplateEngine[],
): Promise<PromptTypeEntry[]> {
  const entries: PromptTypeEntry[] = [];
  for (const ref of refs) {
    const version = await client.get(ref);
    const variables = new Map<string, TypedVariable>();
    const add = (from: PromptVersion) => {
      for (const variable of from.variables) merge(variables, typed(variable, engineFor(engines, from)));
    };
    add(version);
    const seen = new Set<string>();
    const pending = client.includedRefs(version);
    while (pending.length > 0) {
      const includeRef = pending.shift()!;
      const key = formatRef(parseRef(includeRef));
      if (seen.has(key)) continue;
      seen.add(key);
      if (seen.size > MAX_INCLUDES) {
        throw new PromptError({
          code: "invalid_prompt",
          vendor: version.vendor,
          operation: "collectPromptTypes",
          message: `${ref} includes more than ${MAX_INCLUDES} prompts; types were not generated.`,
        });
      }
      const included = await client.get(includeRef);
      add(included);
      pending.push(...client.includedRefs(included));
    }
    entries.push({ ref, variables: [...variables.values()] });
  }
  return entries;
}

function engineFor(engines: readonly TemplateEngine[], version: PromptVersion): TemplateEngine | undefined {
  return engines.find((engine) => engine.syntax === version.template);
}

function typed(variable: PromptVariable, engine: TemplateEngine | undefined): TypedVariable {
  return {
    name: variable.name,
    type: typeScriptType(variable.type, engine),
    required: variable.required,
    ...(variable.description === undefined ? {} : { description: variable.description }),
  };
}

/** Own properties only: a type named `constructor` is a custom type, not `Object`'s. */
function typeScriptType(name: string, engine: TemplateEngine | undefined): string {
  const own = engine?.variableTypes;
  if (own !== undefined && Object.hasOwn(own, name)) return own[name]!;
  return Object.hasOwn(DEFAULT_VARIABLE_TYPES, name) ? DEFAULT_VARIABLE_TYPES[name]! : "unknown";
}

function merge(variables: Map<string, TypedVariable>, variable: TypedVariable): void {
  const known = variables.get(variable.name);
  if (known === undefined) variables.set(variable.name, variable);
  else if (variable.required && !known.required) variables.set(variable.name, { ...known, required: true });
}
