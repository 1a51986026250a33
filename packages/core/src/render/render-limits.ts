import { PromptError } from "../errors/prompt-error.js";

/**
 * Bounds on the work one render may do through included prompts (partials, prompt dependencies
 * and any other include mechanism a template engine exposes). A registry's content is not trusted: a
 * few tiny prompts that include each other K times per level expand to K^depth copies.
 */
export interface RenderLimits {
  /**
   * Included prompts resolved in one render, nested ones counted each time they are reached.
   * Default 1 000: a real prompt has a handful of partials; a thousand leaves two orders of
   * magnitude of headroom and costs a few milliseconds on a warm cache.
   */
  maxIncludeExpansions: number;
  /**
   * Characters of included text substituted in one render, summed over every level of nesting.
   * Default 1 048 576 (about 1 MB of text, some 250 000 tokens): more than any model's context
   * window, so no prompt that a model can take comes close.
   */
  maxIncludedChars: number;
}

export const DEFAULT_RENDER_LIMITS: Readonly<RenderLimits> = /* @__PURE__ */ Object.freeze({
  maxIncludeExpansions: 1_000,
  maxIncludedChars: 1_048_576,
});

/** The limits with the caller's overrides; an override that is not a positive number is ignored. */
export function renderLimits(...overrides: (Partial<RenderLimits> | undefined)[]): RenderLimits {
  const limits = { ...DEFAULT_RENDER_LIMITS };
  for (const given of overrides) {
    if (!given) continue;
    for (const name of ["maxIncludeExpansions", "maxIncludedChars"] as const) {
      const value = given[name];
      if (typeof value === "number" && value > 0) limits[name] = value;
    }
  }
  return limits;
}

/**
 * What is left of one render's limits. Shared by every level of include resolution and by the
 * final substitution, so the bound holds for the render as a whole.
 */
export class RenderBudget {
  #expansions = 0;
  #chars = 0;
  #spent: PromptError | undefined;

  constructor(
    readonly limits: RenderLimits,
    readonly vendor: string | undefined,
  ) {}

  /** Counts one included prompt about to be resolved. */
  expand(): void {
    this.#check();
    if (++this.#expansions > this.limits.maxIncludeExpansions) {
      this.#fail(`expands more than maxIncludeExpansions (${this.limits.maxIncludeExpansions}) included prompts`);
    }
  }

  /** Counts included text about to be substituted. */
  substitute(chars: number): void {
    this.#check();
    this.#chars += chars;
    if (this.#chars > this.limits.maxIncludedChars) {
      this.#fail(`substitutes more than maxIncludedChars (${this.limits.maxIncludedChars}) characters of included text`);
    }
  }

  /**
   * The included texts as a map that charges each lookup before the engine copies the text,
   * so the bound holds before the memory is spent. Engines read includes through `get`.
   */
  meter(texts: ReadonlyMap<string, string> | undefined): ReadonlyMap<string, string> | undefined {
    if (!texts) return undefined;
    const budget = this;
    return new (class extends Map<string, string> {
      override get(key: string): string | undefined {
        const text = super.get(key);
        if (typeof text === "string") budget.substitute(text.length);
        return text;
      }
    })(texts);
  }

  // Once over, every later step of the same render fails at once: includes resolve in parallel.
  #check(): void {
    if (this.#spent) throw this.#spent;
  }

  #fail(what: string): never {
    this.#spent = new PromptError({
      code: "invalid_prompt",
      vendor: this.vendor,
      operation: "render",
      message: `This prompt ${what} in one render; its includes multiply. Raise the limit in the render or client options ({ limits }) only if the prompt is meant to be this large.`,
    });
    throw this.#spent;
  }
}
