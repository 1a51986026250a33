// Issue 9: the vendor entry points come from one list. package.json#exports, the folders of
// src/vendors/ (which build.mjs bundles) and BUILT_IN_VENDORS must agree, so a missing export
// fails here. And each entry point bundles only its own template engine.
import { readdirSync, readFileSync } from "node:fs";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { BUILT_IN_VENDORS } from "./vendors/registry.js";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  exports: Record<string, string | { types: string; default: string }>;
};
const folders = readdirSync(new URL("./vendors/", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const vendorExports = Object.keys(pkg.exports)
  .filter((key) => key !== "." && key !== "./package.json")
  .map((key) => key.slice(2))
  .sort();

describe("vendor entry points", () => {
  it("package.json#exports has exactly one entry per BUILT_IN_VENDORS name and per src/vendors/ folder", () => {
    expect(vendorExports).toEqual([...BUILT_IN_VENDORS].sort());
    expect(folders).toEqual([...BUILT_IN_VENDORS].sort());
  });

  it.each(BUILT_IN_VENDORS)("%s: the export points at the vendor folder's entry point", (vendor) => {
    expect(pkg.exports[`./${vendor}`]).toEqual({
      types: `./dist/vendors/${vendor}/index.d.ts`,
      default: `./dist/vendors/${vendor}/index.js`,
    });
  });

  it("the root entry bundles no template engine, and each vendor entry only its own", async () => {
    const inputsOf = async (entry: string): Promise<string[]> => {
      const result = await build({
        entryPoints: [new URL(entry, import.meta.url).pathname],
        bundle: true,
        write: false,
        metafile: true,
        format: "esm",
        platform: "neutral",
        external: ["openapi-fetch", "@polyprompt/*"],
        logLevel: "silent",
      });
      return Object.keys(result.metafile.inputs);
    };
    const templateModules = (inputs: string[]) => inputs.filter((file) => /vendors\/[^/]+\/template/.test(file));
    expect(templateModules(await inputsOf("./index.ts"))).toEqual([]);
    for (const vendor of BUILT_IN_VENDORS) {
      const own = templateModules(await inputsOf(`./vendors/${vendor}/index.ts`));
      expect(own.length, vendor).toBeGreaterThan(0);
      expect(
        own.every((file) => file.includes(`vendors/${vendor}/`)),
        `${vendor}: ${own.join(", ")}`,
      ).toBe(true);
    }
  }, 60_000);
});
