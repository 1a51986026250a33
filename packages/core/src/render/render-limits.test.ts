import { describe, expect, it } from "vitest";
import { PromptError } from "../errors/prompt-error.js";
import { DEFAULT_RENDER_LIMITS, RenderBudget, renderLimits } from "./render-limits.js";

describe("renderLimits", () => {
  it("defaults, then each override in order; nonsense values are ignored", () => {
    expect(renderLimits()).toEqual(DEFAULT_RENDER_LIMITS);
    expect(renderLimits({ maxIncludeExpansions: 10 }, { maxIncludedChars: 99 })).toEqual({
      maxIncludeExpansions: 10,
      maxIncludedChars: 99,
    });
    expect(renderLimits({ maxIncludeExpansions: 10 }, { maxIncludeExpansions: 20 }).maxIncludeExpansions).toBe(20);
    expect(renderLimits({ maxIncludeExpansions: -1, maxIncludedChars: Number.NaN })).toEqual(DEFAULT_RENDER_LIMITS);
  });
});

describe("RenderBudget", () => {
  const limitError = (fn: () => unknown): PromptError => {
    try {
      fn();
    } catch (err) {
      if (PromptError.is(err)) return err;
    }
    throw new Error("expected a PromptError");
  };

  it("expansions past the limit are invalid_prompt naming maxIncludeExpansions; later steps fail at once", () => {
    const budget = new RenderBudget(renderLimits({ maxIncludeExpansions: 2 }), "acme");
    budget.expand();
    budget.expand();
    const err = limitError(() => budget.expand());
    expect(err).toMatchObject({ code: "invalid_prompt", vendor: "acme", operation: "render" });
    expect(err.message).toContain("maxIncludeExpansions (2)");
    expect(limitError(() => budget.substitute(0))).toBe(err);
  });

  it("the metered map charges each lookup before the text is used", () => {
    const budget = new RenderBudget(renderLimits({ maxIncludedChars: 10 }), "acme");
    const texts = budget.meter(new Map([["k", "12345"]]))!;
    expect(texts.get("k")).toBe("12345");
    expect(texts.get("absent")).toBeUndefined();
    expect(texts.get("k")).toBe("12345");
    const err = limitError(() => texts.get("k"));
    expect(err.message).toContain("maxIncludedChars (10)");
    expect(budget.meter(undefined)).toBeUndefined();
  });
});
