// Builds dist/: tsc writes the declarations, esbuild the JavaScript. One bundled file per entry
// point (plus shared chunks) loads in a few milliseconds, where two dozen separate modules took
// about 25. Splitting keeps shared modules, such as the template-engine registry, single.
import { build } from "esbuild";

await build({
  entryPoints: ["src/index.ts", "src/vendors/helicone/index.ts", "src/vendors/tela/index.ts"],
  outdir: "dist",
  outbase: "src",
  bundle: true,
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  format: "esm",
  platform: "neutral",
  target: "es2022",
  sourcemap: true,
  external: ["openapi-fetch", "@polyprompt/*"],
  logLevel: "warning",
});
