// Small helpers shared by the core's unit tests. Not part of the published package.
import { expect } from "vitest";
import { PromptError } from "../errors/prompt-error.js";

/** Freezes a value and everything in it, to prove a function never mutates its input. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** Runs `fn`, expecting it to throw a PromptError (which is also an Error), and returns it. */
export function catchError(fn: () => unknown): PromptError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(Error);
    expect(err).toBeInstanceOf(PromptError);
    return err as PromptError;
  }
  throw new Error("expected a PromptError");
}
