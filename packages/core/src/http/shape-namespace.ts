/**
 * The `shape` export of `@polyprompt/core`: the validators of ./shape.ts as one frozen object,
 * with their types under the same name (`shape.Shape<T>`). An object built by a call marked pure
 * (not `export * as shape`, which bundles into a namespace filled at load time) lets a bundle
 * that never uses `shape` drop it and every validator it does not use.
 */
import type * as shapes from "./shape.js";
import { array, boolean, count, describe, literal, nullable, number, object, record, string, union, unknown } from "./shape.js";

export const shape = /* @__PURE__ */ Object.freeze({
  array,
  boolean,
  count,
  describe,
  literal,
  nullable,
  number,
  object,
  record,
  string,
  union,
  unknown,
});

export declare namespace shape {
  export type Shape<T> = shapes.Shape<T>;
  export type ShapeResult<T> = shapes.ShapeResult<T>;
  export type ShapeOf<S> = shapes.ShapeOf<S>;
}
