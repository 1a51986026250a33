// The vendor kit's parts, one by one.
import { describe, expect, it } from "vitest";
import { PromptError } from "../errors/prompt-error.js";
import { mapConcurrent } from "./bounded-list.js";
import { defineVendor } from "./define-vendor.js";
import { safePathSerializer } from "./safe-ids.js";
import type { TemplateEngine } from "../contract/template-engine.js";

describe("safePathSerializer", () => {
  const serialize = safePathSerializer("acme");
  it("fills ordinary ids, escaped", () => {
    expect(serialize("/prompt/{id}", { id: "a b" })).toBe("/prompt/a%20b");
    expect(serialize("/prompt/{id}", { id: "..a" })).toBe("/prompt/..a");
  });
  it.each([".", ".."])("refuses %j as a path parameter with invalid_ref", (id) => {
    try {
      serialize("/prompt/{id}", { id });
      expect.unreachable();
    } catch (err) {
      expect(PromptError.is(err) && err.code).toBe("invalid_ref");
    }
  });
});

describe("mapConcurrent", () => {
  it("keeps order and never runs more than the bound at once", async () => {
    let running = 0;
    let most = 0;
    const out = await mapConcurrent([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, n));
      running--;
      return n * 2;
    });
    expect(out).toEqual([10, 2, 8, 4, 6, 0, 12]);
    expect(most).toBe(3);
  });
  it("stops starting tasks after a failure", async () => {
    let started = 0;
    await expect(
      mapConcurrent([1, 2, 3, 4, 5], 1, async (n) => {
        started++;
        if (n === 2) throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(started).toBe(2);
  });
});

describe("defineVendor", () => {
  const description = {
    name: "acme",
    defaultBaseUrl: "http://127.0.0.1:1",
    templateEngine: {} as TemplateEngine,
    errors: { messageAt: [["message"]] },
  };
  const build = () => ({ getVersion: async () => ({}) as never, listVersions: async () => [] });
  it.each([0, -1, 1.5, Number.NaN])("refuses a limit of %s", (value) => {
    expect(() => defineVendor(description, { apiKey: "key-1234", maxListRequests: value }, build)).toThrow(
      /maxListRequests must be a positive integer/,
    );
  });
  it("refuses a missing or blank key", () => {
    expect(() => defineVendor(description, { apiKey: "" }, build)).toThrow(/needs an apiKey/);
    expect(() => defineVendor(description, { apiKey: " \n" }, build)).toThrow(/needs an apiKey/);
  });
});
