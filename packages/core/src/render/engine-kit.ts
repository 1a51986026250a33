/**
 * What every built-in template engine does the same way: how a value is written as text, how
 * variable problems and thrown values are worded, and how an engine turns anything its
 * compiler throws into a PromptError. The dialects themselves live in their vendor folders.
 */
import type { CompiledTemplate, TemplateEngine } from "../contract/template-engine.js";
import { PromptError, type VariableProblem } from "../errors/prompt-error.js";
import type { PromptVersion } from "../model/types.js";

/** The `expected` of a problem for a value that cannot be written as JSON (cycles, BigInt, …). */
export const JSON_SERIALIZABLE = "JSON-serializable value";

/** The `expected` of a problem about a variable the prompt does not use (`extraVariables: "error"`). */
export const UNUSED = "unused";

const DOUBLE_QUOTE = 0x22;

/**
 * A value as text: strings as they are; numbers, booleans and bigints through `String()`;
 * objects and arrays as JSON (`{"a":1}`, `["a","b"]`), except that an object whose JSON is a
 * string (a Date) is inserted as that string, unquoted. `null` when the value cannot be written
 * (functions, symbols, cyclic objects).
 *
 * @example
 * asText({ a: 1 }); // '{"a":1}'
 */
export function asText(value: unknown): string | null {
  switch (typeof value) {
    case "string":
      return value;
    case "number":
    case "boolean":
    case "bigint":
      return String(value);
    case "object":
      try {
        const json = JSON.stringify(value) as string | undefined;
        if (json === undefined) return null;
        return json.charCodeAt(0) === DOUBLE_QUOTE ? (JSON.parse(json) as string) : json;
      } catch {
        return null;
      }
    default:
      return null;
  }
}

/**
 * Every variable problem of a render in one sentence, for an `invalid_variables` message.
 *
 * @example
 * formatVariableProblems([{ name: "n", expected: "defined", received: "undefined" }]);
 * // '1 variable problem: "n" is missing (got undefined).'
 */
export function formatVariableProblems(problems: readonly VariableProblem[]): string {
  const lines = problems.map((p) =>
    p.expected === "defined"
      ? `"${p.name}" is missing (got ${p.received})`
      : p.expected === UNUSED
        ? `"${p.name}" is not used by the prompt`
        : `"${p.name}" should be ${p.expected === JSON_SERIALIZABLE ? `a ${JSON_SERIALIZABLE}` : p.expected}, got ${p.received}`,
  );
  return `${problems.length} variable problem${problems.length === 1 ? "" : "s"}: ${lines.join("; ")}.`;
}

/** The message of anything thrown, even a value whose `message` getter throws. */
export function errorText(err: unknown): string {
  try {
    return err instanceof Error ? err.message : String(err);
  } catch {
    return "unknown error";
  }
}

/** `"the version"` → `"The version"`, for a label that starts a sentence. */
export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * A frozen template engine whose `compile` reports anything but a PromptError as
 * `invalid_response` (the registry sent a template the engine cannot read), naming the dialect.
 *
 * @example
 * export const acmeTemplate = defineTemplateEngine("acme", "Acme", (version) => new AcmeCompiled(version));
 */
/* @__NO_SIDE_EFFECTS__ */ export function defineTemplateEngine(
  syntax: string,
  dialect: string,
  compile: (version: PromptVersion) => CompiledTemplate,
  variableTypes?: Readonly<Record<string, string>>,
): TemplateEngine {
  return Object.freeze({
    syntax,
    ...(variableTypes === undefined ? {} : { variableTypes }),
    compile(version: PromptVersion): CompiledTemplate {
      try {
        return compile(version);
      } catch (err) {
        if (PromptError.is(err)) throw err;
        throw new PromptError({
          code: "invalid_response",
          vendor: version?.vendor ?? syntax,
          operation: "compile",
          message: `Could not compile the ${dialect} template: ${errorText(err)}`,
          cause: err,
        });
      }
    },
  });
}
