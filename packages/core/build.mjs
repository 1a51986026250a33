// Builds dist/: tsc writes the declarations, esbuild the JavaScript. One bundled file per entry
// point (plus shared chunks) loads in a few milliseconds, where two dozen separate modules took
// about 25. Splitting keeps shared modules single across entry points.
//
// The vendor entry points are the folders of src/vendors/: adding a vendor adds its folder, whose
// index.ts is `@polyprompt/core/<vendor>` (reads and renders), write.ts
// `@polyprompt/core/<vendor>/write` (the same adapter with its writer) and, for a vendor that
// sends webhooks, webhook.ts `@polyprompt/core/<vendor>/webhook` (its webhook handler), and
// src/entry-points.test.ts checks that package.json#exports and BUILT_IN_VENDORS agree.
// The other entry points (ai-sdk, watch) are listed here. `ai` stays external: it is an optional peer dependency,
// imported by the ai-sdk entry point only.
import { existsSync, readdirSync } from "node:fs";
import { build } from "esbuild";

const vendorFolders = readdirSync(new URL("./src/vendors/", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => `src/vendors/${entry.name}`);
// Optional: only the vendors whose webhooks polyprompt handles have one.
const webhookEntries = vendorFolders
  .map((folder) => `${folder}/webhook.ts`)
  .filter((entry) => existsSync(new URL(`./${entry}`, import.meta.url)));

const common = {
  outdir: "dist",
  outbase: "src",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  sourcemap: true,
  external: ["openapi-fetch", "@polyprompt/*", "ai"],
  logLevel: "warning",
};

// Two builds. What readers load (the root and each vendor's reader) is split among themselves
// only: every other entry point sharing their modules would cut them into more chunks, and each
// module costs Node's loader a few milliseconds at import (14 chunks took 35 ms, 3 take 22).
await build({
  ...common,
  entryPoints: ["src/index.ts", ...vendorFolders.map((folder) => `${folder}/index.ts`)],
  chunkNames: "chunks/[name]-[hash]",
});
// The writers, the webhook handlers and the AI SDK output carry their own copy of what they
// share with the readers. Nothing they share holds identity that matters across copies:
// PromptError is recognised by a registered symbol (`PromptError.is`, and `instanceof` through
// Symbol.hasInstance), and engines and dialects are matched by their syntax name.
await build({
  ...common,
  entryPoints: ["src/ai-sdk/index.ts", "src/watch/index.ts", ...vendorFolders.map((folder) => `${folder}/write.ts`), ...webhookEntries],
  chunkNames: "chunks/extra-[name]-[hash]",
});
