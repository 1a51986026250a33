/**
 * Typed references. `PromptRegistry` is empty until a generated file (`polyprompt types`, or
 * `generatePromptTypes`) augments it; then `prompts.render(ref, variables)` checks `variables`
 * against the prompt's own variables at compile time, and references autocomplete. A reference
 * the registry does not know keeps the loose `PromptVariables`, so nothing breaks without it.
 */
import type { PromptRefObject } from "../refs/types.js";
import type { PromptMessage, PromptVariables } from "./types.js";

/**
 * Each known reference → its prompt's variables. Augmented by the generated file:
 *
 * @example
 * declare module "@polyprompt/core" {
 *   interface PromptRegistry {
 *     "acme:support@production": { variables: { name: string | number | boolean; history: PromptHistory } };
 *   }
 * }
 */
// biome-ignore lint/suspicious/noEmptyInterface: declaration merging needs an interface to augment.
export interface PromptRegistry {}

/** What the registry says of one reference. */
export interface RegisteredPrompt {
  /** The prompt's variables: required ones without `?`. */
  variables: object;
}

/** The references the registry knows. */
export type RegisteredRef = keyof PromptRegistry & string;

/**
 * A reference as `render` takes it: a known one autocompletes, any other string or object
 * reference is accepted as before.
 */
// `string & {}` keeps the known references as completions instead of widening them to `string`.
export type TypedRef = RegisteredRef | (string & {}) | PromptRefObject;

/** The variables a render of `R` takes: the registry's for a known reference, else `PromptVariables`. */
export type VariablesOf<R> = R extends RegisteredRef
  ? PromptRegistry[R] extends RegisteredPrompt
    ? PromptRegistry[R]["variables"]
    : PromptVariables
  : PromptVariables;

/** A render's variables argument, optional when no variable is required. */
export type VariablesArgument<R, Options> =
  // biome-ignore lint/complexity/noBannedTypes: `{}` extends a variables type exactly when none of them is required.
  {} extends VariablesOf<R> ? [variables?: VariablesOf<R>, options?: Options] : [variables: VariablesOf<R>, options?: Options];

/** What a file variable takes: a URL (https or data:), or the URL with its media type. */
export type PromptFileInput = string | { url: string; mimeType?: string };

/** What a placeholder variable (chat history, few-shot examples) takes. */
export type PromptHistory = readonly PromptMessage[];
