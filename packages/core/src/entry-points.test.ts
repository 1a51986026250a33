// Issue 9: the vendor entry points come from one list. package.json#exports, the folders of
// src/vendors/ (which build.mjs bundles) and BUILT_IN_VENDORS must agree, so a missing export
// fails here. And each entry point bundles only its own template engine. The other entry points
// (OTHER_ENTRIES) are checked too, and only `ai-sdk` may import `ai`, an optional peer dependency.
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
/** The entry points that are not vendors, each built from `src/<name>/index.ts`. */
const OTHER_ENTRIES = ["ai-sdk"];
const vendorExports = Object.keys(pkg.exports)
  .filter((key) => key !== "." && key !== "./package.json" && !OTHER_ENTRIES.includes(key.slice(2)))
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

describe("other entry points", () => {
  it.each(OTHER_ENTRIES)("%s: the export points at its folder's entry point, which build.mjs bundles", (entry) => {
    expect(pkg.exports[`./${entry}`]).toEqual({ types: `./dist/${entry}/index.d.ts`, default: `./dist/${entry}/index.js` });
    expect(readFileSync(new URL("../build.mjs", import.meta.url), "utf8")).toContain(`"src/${entry}/index.ts"`);
  });

  it("only the ai-sdk entry point imports `ai`: the root and vendor entries load without it", async () => {
    // Built as build.mjs builds (shared chunks included), then each entry's static imports followed.
    const result = await build({
      entryPoints: ["index.ts", ...OTHER_ENTRIES.map((e) => `${e}/index.ts`), ...BUILT_IN_VENDORS.map((v) => `vendors/${v}/index.ts`)].map(
        (entry) => new URL(entry, import.meta.url).pathname,
      ),
      outdir: "/entry-points-out",
      outbase: new URL(".", import.meta.url).pathname,
      bundle: true,
      splitting: true,
      write: false,
      metafile: true,
      format: "esm",
      platform: "neutral",
      external: ["openapi-fetch", "@polyprompt/*", "ai"],
      logLevel: "silent",
    });
    const outputs = result.metafile.outputs;
    const externalsOf = (file: string, seen = new Set<string>()): string[] => {
      if (seen.has(file)) return [];
      seen.add(file);
      return (outputs[file]?.imports ?? [])
        .filter((i) => i.kind === "import-statement")
        .flatMap((i) => (i.external ? [i.path] : externalsOf(i.path, seen)));
    };
    // Output paths are relative to the working directory.
    const entryFile = (entry: string) => Object.keys(outputs).find((file) => file.endsWith(`/entry-points-out/${entry}.js`));
    expect(externalsOf(entryFile("ai-sdk/index")!)).toContain("ai");
    for (const entry of ["index", ...BUILT_IN_VENDORS.map((v) => `vendors/${v}/index`)]) {
      const file = entryFile(entry);
      expect(file, entry).toBeDefined();
      expect(externalsOf(file!), entry).not.toContain("ai");
    }
  }, 60_000);
});
