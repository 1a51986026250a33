import { describe, expect, it } from "vitest";
import { shape } from "./shape-namespace.js";
import * as shapes from "./shape.js";

describe("the shape export", () => {
  it("has every validator of shape.ts, and only those, frozen", () => {
    expect(Object.keys(shape).sort()).toEqual(Object.keys(shapes).sort());
    for (const [name, value] of Object.entries(shapes)) expect(shape[name as keyof typeof shape], name).toBe(value);
    expect(Object.isFrozen(shape)).toBe(true);
  });

  it("types its validators under the same name", () => {
    const named: shape.Shape<{ name: string }> = shape.object({ name: shape.string });
    const result: shape.ShapeResult<{ name: string }> = named({ name: "Ada" }, "$");
    expect(result).toEqual({ ok: true, value: { name: "Ada" } });
  });
});
