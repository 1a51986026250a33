// Builds dist/: tsc writes the declarations, esbuild the JavaScript. One bundled file per entry
// point (plus shared chunks) loads in a few milliseconds, where two dozen separate modules took
// about 25. Splitting keeps shared modules single across entry points.
//
// The vendor entry points are the folders of src/vendors/: adding a vendor adds its folder, whose
// index.ts is `@polyprompt/core/<vendor>` (reads and renders) and write.ts
// `@polyprompt/core/<vendor>/write` (the same adapter with its writer), and
// src/entry-points.test.ts checks that package.json#exports and BUILT_IN_VENDORS agree.
// The other entry points are listed here. `ai` stays external: it is an optional peer dependency,
// imported by the ai-sdk entry point only.
import { readdirSync } from "node:fs";
import { build } from "esbuild";

const vendors = readdirSync(new URL("./src/vendors/", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((entry) => [`src/vendors/${entry.name}/index.ts`, `src/vendors/${entry.name}/write.ts`]);

await build({
  entryPoints: ["src/index.ts", "src/ai-sdk/index.ts", ...vendors],
  outdir: "dist",
  outbase: "src",
  bundle: true,
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  format: "esm",
  platform: "neutral",
  target: "es2022",
  sourcemap: true,
  external: ["openapi-fetch", "@polyprompt/*", "ai"],
  logLevel: "warning",
});
