import { describe, expect, it } from "vitest";
import { PromptError } from "./prompt-error.js";

describe("PromptError across copies of the package", () => {
  /** An error as another copy of the class makes it: same registered marker, other constructor. */
  function fromAnotherCopy(): Error {
    const err = new Error("from a second copy");
    Object.defineProperty(err, Symbol.for("polyprompt.PromptError"), { value: true });
    return err;
  }

  it("PromptError.is and instanceof agree, and both see an error of another copy", () => {
    const own = new PromptError({ code: "not_found", message: "gone" });
    expect(own instanceof PromptError).toBe(true);
    expect(PromptError.is(own)).toBe(true);
    expect(fromAnotherCopy() instanceof PromptError).toBe(true);
    expect(PromptError.is(fromAnotherCopy())).toBe(true);
    expect(new Error("plain") instanceof PromptError).toBe(false);
    for (const value of [null, undefined, "PromptError", { code: "not_found" }])
      expect((value as object) instanceof PromptError).toBe(false);
  });
});
