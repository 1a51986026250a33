import type { PromptParams } from "./types.js";

/** A model parameter with a name of its own in `PromptParams` (everything but `extra`). */
export type ParamName = keyof Omit<PromptParams, "extra">;

/** What a parameter's value must be to be mapped; anything else stays in `extra` or is refused. */
export type ParamKind = "number" | "string" | "boolean" | "stop";

export interface ParamSpec {
  /** Its key in an OpenAI-style (snake_case) request body. */
  readonly wire: string;
  readonly kind: ParamKind;
  /** False for parameters OpenAI Chat has no slot for (`topK`): converters drop them. */
  readonly openai: boolean;
}

/**
 * The one map between the model's camelCase parameters and their OpenAI-style snake_case keys.
 * Vendor normalizers read payloads through it and `toOpenAIChat` writes bodies through it, so
 * the three can never disagree on a name.
 *
 * `maxTokens` is `max_tokens` here; `max_completion_tokens`, its newer twin, is handled by the
 * code on each side (see the adapters' body normalizers and `toOpenAIChat`).
 */
export const OPENAI_PARAMS: { readonly [P in ParamName]: ParamSpec } = {
  temperature: { wire: "temperature", kind: "number", openai: true },
  maxTokens: { wire: "max_tokens", kind: "number", openai: true },
  topP: { wire: "top_p", kind: "number", openai: true },
  topK: { wire: "top_k", kind: "number", openai: false },
  stop: { wire: "stop", kind: "stop", openai: true },
  seed: { wire: "seed", kind: "number", openai: true },
  frequencyPenalty: { wire: "frequency_penalty", kind: "number", openai: true },
  presencePenalty: { wire: "presence_penalty", kind: "number", openai: true },
  parallelToolCalls: { wire: "parallel_tool_calls", kind: "boolean", openai: true },
  reasoningEffort: { wire: "reasoning_effort", kind: "string", openai: true },
};

/** Every parameter name, in the order the map lists them. */
export const PARAM_NAMES = /* @__PURE__ */ Object.keys(OPENAI_PARAMS) as ParamName[];

/**
 * A lookup from payload keys to parameter names: each given parameter under its camelCase name,
 * its snake_case wire key, or both. It has no prototype, so `constructor` or `__proto__` in a
 * payload finds nothing.
 *
 * @example
 * const byKey = paramLookup(["maxTokens", "topP"], { camel: true, snake: true });
 * byKey.get("max_tokens"); // "maxTokens"
 */
/* @__NO_SIDE_EFFECTS__ */ export function paramLookup(
  names: readonly ParamName[],
  styles: { camel: boolean; snake: boolean },
): ReadonlyMap<string, ParamName> {
  const lookup = new Map<string, ParamName>();
  for (const name of names) {
    if (styles.camel) lookup.set(name, name);
    if (styles.snake) lookup.set(OPENAI_PARAMS[name].wire, name);
  }
  return lookup;
}

/** True when `value` has the kind a parameter needs; `stop` takes a string or a string array. */
export function hasParamKind(kind: ParamKind, value: unknown): boolean {
  switch (kind) {
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "string":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
    case "stop":
      return typeof value === "string" || (Array.isArray(value) && value.every((x) => typeof x === "string"));
  }
}
