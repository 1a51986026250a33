import type { PromptVariable } from "@polyprompt/core";

/** The variable types Picoschema names itself; any other type is written `any` and kept in `polyprompt.variableTypes`. */
const SCALARS = new Set(["string", "number", "integer", "boolean"]);

/**
 * Variables as a Picoschema object (`name: type, description`; `name?` when optional), and the
 * types Picoschema has no word for.
 *
 * @example
 * toPicoschema([{ name: "count", type: "number", required: true, description: "open tickets" }]);
 * // → { schema: { count: "number, open tickets" }, otherTypes: {} }
 */
export function toPicoschema(variables: readonly PromptVariable[]): { schema: Record<string, string>; otherTypes: Record<string, string> } {
  const schema: Record<string, string> = {};
  const otherTypes: Record<string, string> = {};
  for (const variable of variables) {
    const scalar = SCALARS.has(variable.type);
    if (!scalar) otherTypes[variable.name] = variable.type;
    const type = scalar ? variable.type : "any";
    schema[`${variable.name}${variable.required ? "" : "?"}`] = variable.description ? `${type}, ${variable.description}` : type;
  }
  return { schema, otherTypes };
}

/** Variables from a Picoschema object written by `toPicoschema` (or by hand, in the same simple form). */
export function fromPicoschema(schema: Record<string, unknown>, otherTypes: Record<string, string> = {}): PromptVariable[] {
  return Object.entries(schema).map(([key, value]) => {
    const optional = key.endsWith("?");
    const name = (optional ? key.slice(0, -1) : key).replace(/\(.*\)$/, "");
    const text = typeof value === "string" ? value : "any";
    const comma = text.indexOf(",");
    const written = (comma < 0 ? text : text.slice(0, comma)).trim();
    const description = comma < 0 ? undefined : text.slice(comma + 1).trim();
    const type = otherTypes[name] ?? (written === "any" ? "string" : written);
    return { name, type, required: !optional, ...(description ? { description } : {}) };
  });
}
