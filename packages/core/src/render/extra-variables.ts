/**
 * `extraVariables: "error"`: a variable the prompt never reads is a problem, listed with the
 * missing and mistyped ones. Which names a prompt reads is what its engine looks up while
 * rendering (the version's own templates and everything they include), recorded through a
 * read-only view of the caller's variables; so this works for any engine without asking it.
 */
import { PromptError } from "../errors/prompt-error.js";
import type { VariableProblem } from "../errors/prompt-error.js";
import type { PromptVariables } from "../model/types.js";
import { formatVariableProblems, UNUSED } from "./engine-kit.js";

/** The render option, shared by `renderPrompt` and `prompts.render`. */
export interface ExtraVariablesOption {
  /**
   * `"ignore"` (default): variables the prompt does not use are ignored, as every vendor does.
   * `"error"`: each is an `invalid_variables` problem (`expected: "unused"`), listed in the
   * same error as the missing and mistyped ones.
   */
  extraVariables?: "error" | "ignore";
}

/** A view of `variables` that records each name looked up (`get`, `in`, `Object.hasOwn`). */
export function recordReads(variables: PromptVariables, reads: Set<string>): PromptVariables {
  return new Proxy(variables, {
    get(target, name, receiver) {
      if (typeof name === "string") reads.add(name);
      return Reflect.get(target, name, receiver);
    },
    has(target, name) {
      if (typeof name === "string") reads.add(name);
      return Reflect.has(target, name);
    },
    getOwnPropertyDescriptor(target, name) {
      if (typeof name === "string") reads.add(name);
      return Reflect.getOwnPropertyDescriptor(target, name);
    },
  });
}

/** A problem for each given variable (own, enumerable, not `undefined`) that was never read. */
export function unusedVariables(variables: PromptVariables, reads: ReadonlySet<string>): VariableProblem[] {
  return Object.keys(variables)
    .filter((name) => !reads.has(name) && variables[name] !== undefined)
    .map((name) => ({ name, expected: UNUSED, received: "a value the prompt does not use" }));
}

/**
 * Renders with `render`, and when `option` is `"error"` adds a problem for each unused variable:
 * to the engine's own `invalid_variables` error when it throws one, else in a new one.
 */
export function checkingExtraVariables<T>(
  variables: PromptVariables,
  option: ExtraVariablesOption["extraVariables"],
  subject: { vendor: string; promptId: string; version: string },
  render: (variables: PromptVariables) => T,
): T {
  if (option !== "error") return render(variables);
  const reads = new Set<string>();
  let result: T;
  try {
    result = render(recordReads(variables, reads));
  } catch (err) {
    const unused = unusedVariables(variables, reads);
    if (unused.length === 0 || !PromptError.is(err) || err.code !== "invalid_variables") throw err;
    throw withProblems(err, [...(err.problems ?? []), ...unused], subject);
  }
  const unused = unusedVariables(variables, reads);
  if (unused.length > 0) throw withProblems(undefined, unused, subject);
  return result;
}

function withProblems(
  err: PromptError | undefined,
  problems: VariableProblem[],
  subject: { vendor: string; promptId: string; version: string },
): PromptError {
  return new PromptError({
    code: "invalid_variables",
    vendor: err?.vendor ?? subject.vendor,
    operation: err?.operation ?? "render",
    message: `Cannot render prompt ${subject.vendor}:${subject.promptId} version ${subject.version}: ${formatVariableProblems(problems)}`,
    problems,
    cause: err?.cause,
  });
}
