/**
 * Helicone's type rules for variable values, and how a value is written where a tag stood: as
 * text inside a string, or as a JSON value where a JSON string was exactly one tag.
 */
import { describe as describeValue } from "../../http/shape.js";

/** The `expected` of a problem for a value that cannot be written as JSON (cycles, BigInt, …). */
export const JSON_SERIALIZABLE = "JSON-serializable value";

const BOOLEAN_WORDS: ReadonlySet<string> = new Set(["true", "false", "yes", "no"]);
const DOUBLE_QUOTE = 0x22;

/**
 * Whether a value is acceptable for a tag's declared type, as in `@helicone/helpers`: `number`
 * takes anything `Number()` turns into a non-NaN, `boolean` a boolean or a yes/no word, every
 * other type anything. A function or symbol is never acceptable.
 */
export function matchesType(value: unknown, type: string): boolean {
  const kind = typeof value;
  if (kind === "function" || kind === "symbol") return false;
  switch (type) {
    case "number":
      if (kind === "number") return true;
      try {
        return !Number.isNaN(Number(value));
      } catch {
        return false; // objects whose conversion throws (null prototype, throwing valueOf)
      }
    case "boolean":
      return kind === "boolean" || (kind === "string" && BOOLEAN_WORDS.has((value as string).toLowerCase()));
    default:
      return true;
  }
}

/** The text a value is inserted as; `null` when it cannot be written. */
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
        // An object whose JSON is a string (a Date) is inserted as that string, unquoted.
        return json.charCodeAt(0) === DOUBLE_QUOTE ? (JSON.parse(json) as string) : json;
      } catch {
        return null;
      }
    default:
      return null;
  }
}

/** A JSON value, boxed so that "no value" (`null`) differs from the JSON value `null`. */
export interface JsonValue {
  readonly value: unknown;
}

/** The JSON value a value is inserted as in JSON positions; `null` when it cannot be written. */
export function asJsonValue(value: unknown): JsonValue | null {
  switch (typeof value) {
    case "string":
    case "number":
    case "boolean":
      return { value };
    case "object":
      try {
        // A JSON copy, never an alias of the caller's object.
        const json = JSON.stringify(value) as string | undefined;
        return json === undefined ? null : { value: JSON.parse(json) as unknown };
      } catch {
        return null;
      }
    default:
      return null;
  }
}

/** A short description of a value for a problem's `received`; never throws. */
export function describeReceived(value: unknown): string {
  try {
    return describeValue(value);
  } catch {
    return typeof value;
  }
}
