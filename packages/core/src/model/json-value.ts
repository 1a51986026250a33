// Small checks on untyped JSON, shared by the payload validators, the normalizers and the
// converters.

/** A plain JSON object: not null, not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A short, safe description of a value for error messages (never the whole payload):
 * strings quoted and clipped, numbers and booleans as written, anything else by its type.
 *
 * @example
 * describeShort("x".repeat(100)); // "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\""
 */
export function describeShort(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "string") return value.length > 40 ? JSON.stringify(`${value.slice(0, 37)}...`) : JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return typeof value;
}

/**
 * Sets `key` as an own, enumerable property, even when it is `__proto__`: a key read from a
 * payload must stay a plain key and never change the object's prototype.
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
