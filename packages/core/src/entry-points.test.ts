// Issue 9: the vendor entry points come from one list. package.json#exports, the folders of
// src/vendors/ (which build.mjs bundles) and BUILT_IN_VENDORS must agree, so a missing export
// fails here. Each vendor has two: `<vendor>` reads and renders, `<vendor>/write` adds the
// writer, which the reading one never imports. And each entry point bundles only its own
// template engine. A vendor folder with a webhook.ts has a third, `<vendor>/webhook`, which
// bundles neither engine nor writer. The other entry points (OTHER_ENTRIES) are checked too, and
// only `ai-sdk` may import `ai`, an optional peer dependency. Last, every entry point's top level is free of side
// effects, so a bundler drops whatever of it an app does not use.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import type { PromptVendor } from "./contract/vendor.js";
import { BUILT_IN_VENDORS } from "./vendors/registry.js";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  exports: Record<string, string | { types: string; default: string }>;
};
const folders = readdirSync(new URL("./vendors/", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
/** The entry points that are not vendors, each built from `src/<name>/index.ts`. */
const OTHER_ENTRIES = ["ai-sdk", "watch"];
const vendorExports = Object.keys(pkg.exports)
  .filter((key) => key !== "." && key !== "./package.json" && !OTHER_ENTRIES.includes(key.slice(2)) && !key.endsWith("/webhook"))
  .map((key) => key.slice(2))
  .sort();
/** Each vendor's two entry points, as src/ paths without the extension. */
const vendorEntries = BUILT_IN_VENDORS.flatMap((v) => [`vendors/${v}/index`, `vendors/${v}/write`]);
/** The vendors whose folder has a webhook.ts, and their webhook entry points as src/ paths. */
const webhookVendors = folders.filter((v) => existsSync(new URL(`./vendors/${v}/webhook.ts`, import.meta.url)));
const webhookEntries = webhookVendors.map((v) => `vendors/${v}/webhook`);

/** The source modules an entry point bundles (dependencies external). */
async function inputsOf(entry: string): Promise<string[]> {
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
}

describe("vendor entry points", () => {
  it("package.json#exports has exactly two entries (`<vendor>`, `<vendor>/write`) per BUILT_IN_VENDORS name and per src/vendors/ folder", () => {
    expect(vendorExports).toEqual(BUILT_IN_VENDORS.flatMap((v) => [v, `${v}/write`]).sort());
    expect(folders).toEqual([...BUILT_IN_VENDORS].sort());
  });

  it.each(BUILT_IN_VENDORS)("%s: the exports point at the vendor folder's entry points", (vendor) => {
    expect(pkg.exports[`./${vendor}`]).toEqual({
      types: `./dist/vendors/${vendor}/index.d.ts`,
      default: `./dist/vendors/${vendor}/index.js`,
    });
    expect(pkg.exports[`./${vendor}/write`]).toEqual({
      types: `./dist/vendors/${vendor}/write.d.ts`,
      default: `./dist/vendors/${vendor}/write.js`,
    });
  });

  it.each(BUILT_IN_VENDORS)("%s: both entry points export the factory; only the write one's adapter writes", async (vendor) => {
    const read = (await import(`./vendors/${vendor}/index.ts`)) as Record<string, unknown>;
    const write = (await import(`./vendors/${vendor}/write.ts`)) as Record<string, unknown>;
    expect(Object.keys(write)).toEqual([vendor]);
    // Credentials for both auth schemes; no request is made.
    const options = { apiKey: "k", publicKey: "pk", secretKey: "sk", baseUrl: "http://127.0.0.1:9" };
    const reader = (read[vendor] as (o: object) => PromptVendor)(options);
    const writer = (write[vendor] as (o: object) => PromptVendor)(options);
    expect(reader.writes).toBeUndefined();
    expect(typeof writer.writes?.createVersion).toBe("function");
    const { writes: _, ...writerReads } = writer;
    expect(Object.keys(writerReads).sort()).toEqual(Object.keys(reader).sort());
    expect(writer.name).toBe(reader.name);
    expect(writer.templateEngine).toBe(reader.templateEngine);
  });

  it("the root entry bundles no template engine, and each vendor entry only its own", async () => {
    const templateModules = (inputs: string[]) => inputs.filter((file) => /vendors\/[^/]+\/template/.test(file));
    expect(templateModules(await inputsOf("./index.ts"))).toEqual([]);
    for (const entry of vendorEntries) {
      const vendor = entry.split("/")[1]!;
      const own = templateModules(await inputsOf(`./${entry}.ts`));
      expect(own.length, entry).toBeGreaterThan(0);
      expect(
        own.every((file) => file.includes(`vendors/${vendor}/`)),
        `${entry}: ${own.join(", ")}`,
      ).toBe(true);
    }
  }, 60_000);

  it("a vendor's reading entry point imports no writing code; its write entry point does", async () => {
    const writing = (inputs: string[]) => inputs.filter((file) => /(^|\/)src\/write\/|vendors\/[^/]+\/writer\.ts$/.test(file));
    for (const vendor of BUILT_IN_VENDORS) {
      expect(writing(await inputsOf(`./vendors/${vendor}/index.ts`)), vendor).toEqual([]);
      expect(writing(await inputsOf(`./vendors/${vendor}/write.ts`)), `${vendor}/write`).toContain(`src/vendors/${vendor}/writer.ts`);
    }
  }, 60_000);
});

describe("webhook entry points", () => {
  it("package.json#exports has `<vendor>/webhook` exactly for the vendor folders with a webhook.ts, pointing at it; build.mjs finds them", () => {
    expect(webhookVendors.length).toBeGreaterThan(0);
    const exported = Object.keys(pkg.exports)
      .filter((key) => key.endsWith("/webhook"))
      .map((key) => key.slice(2, -"/webhook".length))
      .sort();
    expect(exported).toEqual(webhookVendors);
    for (const vendor of webhookVendors) {
      expect(pkg.exports[`./${vendor}/webhook`]).toEqual({
        types: `./dist/vendors/${vendor}/webhook.d.ts`,
        default: `./dist/vendors/${vendor}/webhook.js`,
      });
    }
    expect(readFileSync(new URL("../build.mjs", import.meta.url), "utf8")).toContain("/webhook.ts`");
  });

  it("a webhook entry point bundles no template engine and no writing code", async () => {
    for (const entry of webhookEntries) {
      const inputs = await inputsOf(`./${entry}.ts`);
      expect(
        inputs.filter((file) => /vendors\/[^/]+\/(template|writer)|(^|\/)src\/write\//.test(file)),
        entry,
      ).toEqual([]);
      expect(inputs, entry).toContain("src/webhooks/timestamped-signature.ts");
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
      entryPoints: [
        "index.ts",
        ...OTHER_ENTRIES.map((e) => `${e}/index.ts`),
        ...vendorEntries.map((e) => `${e}.ts`),
        ...webhookEntries.map((e) => `${e}.ts`),
      ].map((entry) => new URL(entry, import.meta.url).pathname),
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
    for (const entry of ["index", ...vendorEntries, ...webhookEntries]) {
      const file = entryFile(entry);
      expect(file, entry).toBeDefined();
      expect(externalsOf(file!), entry).not.toContain("ai");
    }
  }, 60_000);
});

describe("tree shaking", () => {
  // dist/ bundles each entry point into one file (plus shared chunks), where package.json's
  // `sideEffects: false` no longer tells modules apart: a bundler keeps every top-level statement
  // it cannot prove pure, and whatever it references. So each module's top level must be pure.
  it.each(["index", ...OTHER_ENTRIES.map((e) => `${e}/index`), ...vendorEntries, ...webhookEntries])(
    "%s: imported for its side effects alone, it keeps nothing",
    async (entry) => {
      const result = await build({
        stdin: { contents: `import "./${entry}.ts";`, resolveDir: new URL(".", import.meta.url).pathname, loader: "js" },
        bundle: true,
        minify: true,
        write: false,
        metafile: true,
        format: "esm",
        platform: "neutral",
        logLevel: "silent",
        plugins: [
          {
            name: "every-module-has-side-effects",
            setup(b) {
              // The packages' own modules are kept unless proven pure; the dependencies are dropped.
              b.onResolve({ filter: /^(openapi-fetch|ai|@polyprompt\/.*)$/ }, (args) => ({
                path: args.path,
                external: true,
                sideEffects: false,
              }));
              b.onResolve({ filter: /^\./ }, async (args) => {
                if (args.pluginData === "resolved") return undefined;
                const resolved = await b.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, pluginData: "resolved" });
                return { ...resolved, sideEffects: true };
              });
            },
          },
        ],
      });
      const output = Object.values(result.metafile.outputs)[0]!;
      const kept = Object.entries(output.inputs)
        .filter(([, info]) => info.bytesInOutput > 0)
        .map(([file]) => file);
      expect(kept, result.outputFiles[0]!.text).toEqual([]);
    },
    60_000,
  );
});
