import { execFile } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { median, percentile } from "./stats.js";
import { BENCHED, VENDOR_PROFILES, VENDORS, type Subject } from "./vendors.js";

export type { Subject } from "./vendors.js";

const BENCH_DIR = fileURLToPath(new URL("..", import.meta.url));

/** Every package measured: core with each vendor's entry point, and each vendor's SDK. */
export const SUBJECTS: Subject[] = [
  ...VENDORS.map((vendor) => VENDOR_PROFILES[vendor].core),
  ...VENDORS.map((vendor) => VENDOR_PROFILES[vendor].sdk).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
];

/**
 * Smaller entries of core, to show where its bytes go (not compared with anything), and the
 * write entry point's adapter: the measured entries read and render, so they bundle no writer.
 */
const CORE_PARTS: Subject[] = [
  {
    id: `core-${BENCHED.vendor}-write`,
    label: `core + /${BENCHED.vendor}/write (the adapter with its writer) in place of /${BENCHED.vendor}'s`,
    entry: `export { createPromptClient, toOpenAIChat } from "@polyprompt/core";\nexport { ${BENCHED.vendor} } from "@polyprompt/core/${BENCHED.vendor}/write";\nexport { renderPrompt } from "@polyprompt/core/${BENCHED.vendor}";\n`,
    imports: [],
    entryNames: "",
  },
  {
    id: `core-${BENCHED.vendor}-no-openai`,
    label: `core + /${BENCHED.vendor} without \`toOpenAIChat\``,
    entry: `export { createPromptClient } from "@polyprompt/core";\nexport { ${BENCHED.vendor}, renderPrompt } from "@polyprompt/core/${BENCHED.vendor}";\n`,
    imports: [],
    entryNames: "",
  },
  {
    id: "core-client",
    label: "`createPromptClient` alone (no adapter)",
    entry: `export { createPromptClient } from "@polyprompt/core";\n`,
    imports: [],
    entryNames: "",
  },
  {
    id: "openapi-fetch",
    label: "`openapi-fetch` alone (`createClient`)",
    entry: `export { default } from "openapi-fetch";\n`,
    imports: [],
    entryNames: "",
  },
];

export interface BundleResult {
  id: string;
  label: string;
  minBytes: number;
  gzipBytes: number;
  /** Largest inputs by bytes in the minified output. */
  top: { path: string; bytes: number }[];
}

/** esbuild `--bundle --minify --format=esm --platform=node`, `@opentelemetry/api` external; gzip level 9. */
export async function measureBundles(): Promise<{ bundles: BundleResult[]; coreParts: BundleResult[] }> {
  return {
    bundles: await bundleAll(SUBJECTS, BENCH_DIR),
    coreParts: await bundleAll(CORE_PARTS, fileURLToPath(new URL("../../../packages/core/", import.meta.url))),
  };
}

async function bundleAll(subjects: Subject[], resolveDir: string): Promise<BundleResult[]> {
  const out: BundleResult[] = [];
  for (const subject of subjects) {
    const result = await build({
      stdin: { contents: subject.entry, resolveDir, loader: "js", sourcefile: `${subject.id}-entry.js` },
      bundle: true,
      minify: true,
      format: "esm",
      platform: "node",
      external: ["@opentelemetry/api"],
      write: false,
      metafile: true,
      logLevel: "silent",
      outfile: `${subject.id}.js`,
    });
    const file = result.outputFiles[0]!;
    const meta = Object.values(result.metafile.outputs)[0]!;
    const top = Object.entries(meta.inputs)
      .map(([path, info]) => ({ path: shortPath(path), bytes: info.bytesInOutput }))
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 8);
    out.push({
      id: subject.id,
      label: subject.label,
      minBytes: file.contents.length,
      gzipBytes: gzipSync(file.contents, { level: 9 }).length,
      top,
    });
  }
  return out;
}

function shortPath(path: string): string {
  const pnpm = path.lastIndexOf("node_modules/");
  if (pnpm >= 0) return path.slice(pnpm + "node_modules/".length);
  return path.replace(/^(\.\.\/)+/, "");
}

export interface ImportResult {
  id: string;
  label: string;
  runs: number;
  medianMs: number;
  p10Ms: number;
  p90Ms: number;
}

function spawnImport(specifiers: string[]): Promise<number> {
  const child = fileURLToPath(new URL("./import-child.js", import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [child, ...specifiers],
      { cwd: BENCH_DIR, env: { ...process.env, NODE_OPTIONS: "" } },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`import of ${specifiers.join(", ")} failed: ${stderr || error.message}`));
        resolve((JSON.parse(stdout) as { ms: number }).ms);
      },
    );
  });
}

/** The id of the one-file diagnostic in the import results. */
export const ONE_FILE_ID = `${VENDOR_PROFILES[BENCHED.vendor].core.id}-onefile`;

/**
 * Diagnostic: the exact code `import("@polyprompt/core")` + the benchmarked vendor's entry point
 * load, bundled by esbuild into one unminified file (no tree shaking), in apps/bench/out/.
 * Comparing its import time with the package's tells module-loading cost from execution cost.
 */
export async function buildOneFileCore(): Promise<{ subject: Subject; modules: number }> {
  const dir = join(BENCH_DIR, "out");
  mkdirSync(dir, { recursive: true });
  const core = VENDOR_PROFILES[BENCHED.vendor].core;
  const outfile = join(dir, `${core.id}.onefile.mjs`);
  const result = await build({
    stdin: {
      contents: core.imports.map((specifier) => `export * from "${specifier}";\n`).join(""),
      resolveDir: BENCH_DIR,
      loader: "js",
      sourcefile: "onefile-entry.js",
    },
    bundle: true,
    format: "esm",
    platform: "node",
    treeShaking: false,
    outfile,
    metafile: true,
    logLevel: "silent",
  });
  const modules = Object.keys(result.metafile.inputs).filter((p) => !p.startsWith("<stdin>") && !p.endsWith("onefile-entry.js")).length;
  return {
    subject: {
      id: ONE_FILE_ID,
      label: `diagnostic: the same core + /${BENCHED.vendor} code as one bundled file`,
      entry: "",
      imports: [pathToFileURL(outfile).href],
      entryNames: "",
    },
    modules,
  };
}

/** Median of `runs` fresh processes per package, interleaved so drift hits every package alike. */
export async function measureImports(runs: number, extra: Subject[] = []): Promise<ImportResult[]> {
  const subjects = [...SUBJECTS, ...extra];
  const times = new Map<string, number[]>(subjects.map((s) => [s.id, []]));
  // One throw-away round warms the file system cache.
  for (const s of subjects) await spawnImport(s.imports);
  for (let i = 0; i < runs; i++) {
    for (const s of subjects) times.get(s.id)!.push(await spawnImport(s.imports));
  }
  return subjects.map((s) => {
    const sorted = [...times.get(s.id)!].sort((a, b) => a - b);
    return { id: s.id, label: s.label, runs, medianMs: median(sorted), p10Ms: percentile(sorted, 10), p90Ms: percentile(sorted, 90) };
  });
}
