/**
 * A tiny structural validator for vendor payloads. The core has no runtime dependency but
 * openapi-fetch, so this stands in for a JSON Schema validator: each adapter declares the
 * shapes it reads (typed against the generated spec types) and checks every payload before
 * use. A mismatch reports the JSON path of the first problem.
 *
 * Objects are open: unknown keys pass through untouched, since vendors add fields.
 */
import { describeShort, isRecord } from "../model/json-value.js";

export type Shape<T> = (value: unknown, path: string) => ShapeResult<T>;
export type ShapeResult<T> = { ok: true; value: T } | { ok: false; path: string; expected: string; received: string };

export type ShapeOf<S> = S extends Shape<infer T> ? T : never;

const ok = <T>(value: T): ShapeResult<T> => ({ ok: true, value });
const fail = (path: string, expected: string, value: unknown): ShapeResult<never> => ({
  ok: false,
  path,
  expected,
  received: describe(value),
});

/** A short, safe description of a value for error messages (never the whole payload), with its type. */
export function describe(value: unknown): string {
  const short = describeShort(value);
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? `${typeof value} ${short}` : short;
}

export const string: Shape<string> = (v, p) => (typeof v === "string" ? ok(v) : fail(p, "string", v));
export const number: Shape<number> = (v, p) => (typeof v === "number" && Number.isFinite(v) ? ok(v) : fail(p, "number", v));
export const boolean: Shape<boolean> = (v, p) => (typeof v === "boolean" ? ok(v) : fail(p, "boolean", v));
/** A count: a whole number from 0 to 2^53 - 1. Use it for any number that plans work. */
export const count: Shape<number> = (v, p) =>
  typeof v === "number" && Number.isSafeInteger(v) && v >= 0 ? ok(v) : fail(p, "a count (a whole number >= 0)", v);
/** Any JSON value; for fields polyprompt passes through without reading. */
export const unknown: Shape<unknown> = (v) => ok(v);

/* @__NO_SIDE_EFFECTS__ */ export function literal<const L extends string>(...values: L[]): Shape<L> {
  return (v, p) => (values.includes(v as L) ? ok(v as L) : fail(p, values.map((x) => JSON.stringify(x)).join(" | "), v));
}

/* @__NO_SIDE_EFFECTS__ */ export function nullable<T>(shape: Shape<T>): Shape<T | null> {
  return (v, p) => (v === null ? ok(null) : shape(v, p));
}

/* @__NO_SIDE_EFFECTS__ */ export function array<T>(item: Shape<T>): Shape<T[]> {
  return (v, p) => {
    if (!Array.isArray(v)) return fail(p, "array", v);
    for (let i = 0; i < v.length; i++) {
      const r = item(v[i], `${p}[${i}]`);
      if (!r.ok) return r;
    }
    return ok(v as T[]);
  };
}

/** A plain object (not null, not an array) with any keys. */
export const record: Shape<Record<string, unknown>> = (v, p) => (isRecord(v) ? ok(v) : fail(p, "object", v));

type Fields = Record<string, Shape<unknown>>;
type Optional<F extends Fields> = { [K in keyof F]?: ShapeOf<F[K]> };
type Required<F extends Fields> = { [K in keyof F]: ShapeOf<F[K]> };

/**
 * An open object: `required` keys must be present, `optional` keys may be absent or
 * `undefined`; every other key passes through.
 */
// biome-ignore lint/complexity/noBannedTypes: `{}` is the empty field set, the identity of the intersection built from R and O
/* @__NO_SIDE_EFFECTS__ */ export function object<R extends Fields, O extends Fields = {}>(
  required: R,
  optional?: O,
): Shape<Required<R> & Optional<O> & Record<string, unknown>> {
  const req = Object.entries(required);
  const opt = Object.entries(optional ?? {});
  return (v, p) => {
    if (!isRecord(v)) return fail(p, "object", v);
    const o = v;
    for (const [key, shape] of req) {
      const r = shape(o[key], `${p}.${key}`);
      if (!r.ok) return r;
    }
    for (const [key, shape] of opt) {
      if (o[key] === undefined) continue;
      const r = shape(o[key], `${p}.${key}`);
      if (!r.ok) return r;
    }
    return ok(v as Required<R> & Optional<O> & Record<string, unknown>);
  };
}

/** The first alternative that matches; the error names every alternative. */
/* @__NO_SIDE_EFFECTS__ */ export function union<S extends Shape<unknown>[]>(...shapes: S): Shape<ShapeOf<S[number]>> {
  return (v, p) => {
    let deepest: ShapeResult<never> | undefined;
    for (const shape of shapes) {
      const r = shape(v, p);
      if (r.ok) return r as ShapeResult<ShapeOf<S[number]>>;
      // Report the alternative that got furthest: its path says most about the problem.
      if (!deepest || (!deepest.ok && r.path.length > deepest.path.length)) deepest = r as ShapeResult<never>;
    }
    return deepest ?? fail(p, "a matching alternative", v);
  };
}
