import type { PromptContent, PromptWriter, WriteOperation } from "../contract/vendor.js";
import { PromptError } from "../errors/prompt-error.js";

/**
 * Throws `unsupported` listing every problem (one per line), or returns when there is none.
 * Called before any request, so a refused write sends nothing.
 *
 * @example
 * refuseProblems("acme", "createPrompt", ["Acme's API cannot create prompts."]); // throws
 */
export function refuseProblems(vendor: string, operation: string, problems: readonly string[]): void {
  if (problems.length > 0) throw unsupportedWrite(vendor, operation, problems);
}

/** The `unsupported` error for a write, its message listing every problem. */
export function unsupportedWrite(vendor: string, operation: string, problems: readonly string[]): PromptError {
  return new PromptError({
    code: "unsupported",
    vendor,
    operation,
    message: `${vendor} ${operation} cannot write this: ${problems.length === 1 ? problems[0] : `\n- ${problems.join("\n- ")}`}`,
  });
}

/** Runs the writer's own check for `operation` and throws `unsupported` with every problem it found. */
export function checkWrite(vendor: string, writer: PromptWriter, operation: WriteOperation, content?: PromptContent): void {
  refuseProblems(vendor, operation, writer.check(operation, content));
}
