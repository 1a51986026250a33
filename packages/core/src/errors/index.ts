export { PromptError, redact, redactCause } from "./prompt-error.js";
export type { PromptErrorCode, PromptErrorOptions, VariableProblem } from "./prompt-error.js";
