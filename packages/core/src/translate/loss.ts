import { PromptError } from "../errors/prompt-error.js";

/** What kind of thing a target dialect could not express. */
export type TranslationLossKind =
  /** A `{{#name}}`/`{{^name}}` section into a dialect without conditionals. */
  | "section"
  /** A message placeholder into a dialect without them. */
  | "placeholder"
  /** An include the target cannot reference (no includes, or a reference it cannot write). */
  | "include"
  /** A variable in tool or response-format text, into a dialect that templates only messages. */
  | "tool-variable"
  /** A file variable into a dialect that only inserts text. */
  | "file-variable"
  /** A variable whose name the target's tag grammar cannot write (or reads differently). */
  | "variable-name"
  /** Literal text that would read as a tag in the target and cannot be escaped there. */
  | "colliding-text";

/** One thing a translation could not carry over, by name. */
export interface TranslationLoss {
  kind: TranslationLossKind;
  /** The variable, section, placeholder, include or text concerned. */
  name: string;
  /** Where in the version: `messages[1]`, `tools[0].parameters`, `responseFormat.schema`. */
  where: string;
  /** What the target cannot do, and what `allowLossy` writes instead. */
  detail: string;
}

/** The `unsupported` error a strict translation throws, listing every loss. */
export function translationRefused(from: string, to: string, losses: readonly TranslationLoss[]): PromptError {
  const lines = losses.map((loss) => `- ${loss.kind} "${loss.name}" at ${loss.where}: ${loss.detail}`);
  return new PromptError({
    code: "unsupported",
    operation: "translate",
    message: `Cannot translate a ${from} template to ${to} without loss (${losses.length} problem${losses.length === 1 ? "" : "s"}; pass allowLossy to convert anyway):\n${lines.join("\n")}`,
  });
}
