/**
 * Helicone's type rules for variable values, and how a value is written where a tag stood: as
 * text inside a string, or as a JSON value where a JSON string was exactly one tag.
 */
import { describe as describeValue } from "../../http/shape.js";

const BOOLEAN_WORDS: ReadonlySet<string> = new Set(["true", "false", "yes", "no"]);

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
