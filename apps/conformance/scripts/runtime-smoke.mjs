#!/usr/bin/env node
/**
 * Runtime smoke: the BUILT @polyprompt/core, bundled into one self-contained ESM file, runs
 * against the emulator under Node 20 (this process's node), Node 22, Node 24, Bun, Deno and
 * headless Chromium.
 *
 *   pnpm --filter @polyprompt/conformance smoke [--skip-missing] [--only=node22,deno] [--timeout=120000]
 *
 * 1. Bundle `smoke/smoke-entry.ts` with esbuild (platform "browser", format "esm"), resolving
 *    `@polyprompt/core` through its package exports (so from `packages/core/dist`) and bundling
 *    openapi-fetch. Any `node:` (or bare Node built-in) import fails the build, naming the
 *    importer; the metafile is then checked again. A guard self-test proves the check bites.
 * 2. Start the emulator in this process.
 * 3. Run the bundle in each runtime, as a child process in its own process group, given the
 *    config as its first argument; it must print `SMOKE_RESULT {"ok":true,...}`. Node 22/24 come
 *    from the `node` npm package, Bun from `bun`, Deno from `deno` (its npm package's `bin.cjs`
 *    is a Node shim that spawns the real binary): `npx -y <pkg>` is asked for the executable
 *    path once, and that binary is run directly (`deno run --allow-net`).
 * 4. Chromium (playwright-core, /usr/bin/chromium, a fresh user-data-dir): a tiny node:http
 *    server on 127.0.0.1 serves a page and the bundle, and reverse-proxies every other path (the
 *    vendors' routes) to the emulator (same origin: no CORS). The page runs the smoke; we read
 *    its result.
 *
 * Prints a summary table (runtime, version, result, ms) and exits 1 if any runtime failed.
 * A missing Chromium fails, unless --skip-missing (then it is reported SKIPPED). Every runtime is
 * time-boxed; every child process, server and browser is cleaned up, also on Ctrl-C.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer, request as httpRequest } from "node:http";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { chromium } from "playwright-core";
import { SEED, startEmulator } from "@polyprompt/emulator";

const here = dirname(fileURLToPath(import.meta.url));
const appDir = resolve(here, "..");
const repoDir = resolve(appDir, "../..");
const outDir = join(appDir, "out");
const bundlePath = join(outDir, "smoke.mjs");
const CHROMIUM_DEFAULT = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

// ---------------------------------------------------------------------------------------------
// Options

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const option = (name) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
if (flag("help")) {
  console.log(
    "usage: runtime-smoke.mjs [--skip-missing] [--only=node20,node22,node24,bun,deno,chromium] [--timeout=ms] [--chromium=/usr/bin/chromium]",
  );
  process.exit(0);
}
const unknown = argv.filter((a) => a !== "--" && !/^--(skip-missing|help|only=.+|timeout=\d+|chromium=.+)$/.test(a));
if (unknown.length > 0) {
  console.error(`runtime-smoke: unknown argument(s) ${unknown.join(" ")}; see --help`);
  process.exit(2);
}
const skipMissing = flag("skip-missing");
/** `--chromium=<path>` only to try another build (or the missing-browser path); the default is the system one. */
const CHROMIUM = option("chromium") ?? CHROMIUM_DEFAULT;
const timeoutMs = Number(option("timeout") ?? 120_000);
const only = option("only")
  ?.split(",")
  .map((s) => s.trim())
  .filter(Boolean);

// ---------------------------------------------------------------------------------------------
// Cleanup: everything we start registers here, and is torn down on exit or Ctrl-C.

const cleanups = [];
const children = new Set();
let cleaning;
async function cleanup() {
  cleaning ??= (async () => {
    for (const child of children) killGroup(child);
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (err) {
        console.error(`cleanup: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  })();
  return cleaning;
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    console.error(`\n${signal}: cleaning up`);
    cleanup().finally(() => process.exit(130));
  });
}

/** Kills a child we spawned and everything it started (it leads its own process group). */
function killGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    try {
      child.kill("SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

/**
 * Runs a command in its own process group, time-boxed. Resolves with its output and exit code
 * (or `timedOut`); never rejects for a non-zero exit.
 */
function run(command, args, { cwd, timeout = timeoutMs, env } = {}) {
  return new Promise((resolvePromise) => {
    const started = performance.now();
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    let child;
    try {
      child = spawn(command, args, { cwd, env: env ?? process.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    } catch (err) {
      resolvePromise({ code: null, stdout, stderr: String(err), timedOut, ms: 0, error: err });
      return;
    }
    children.add(child);
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, timeout);
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", (error) => {
      clearTimeout(timer);
      children.delete(child);
      resolvePromise({ code: null, stdout, stderr: stderr + String(error), timedOut, ms: performance.now() - started, error });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      // A grandchild that outlived its parent (a shim's runtime) goes with the group.
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // No group left: fine.
      }
      resolvePromise({ code, signal, stdout, stderr, timedOut, ms: performance.now() - started });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// 1. Bundle

/** Node built-ins, bare and `node:`-prefixed: none may reach the bundle. */
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => (m.startsWith("node:") ? [m] : [m, `node:${m}`])));

const noNodeBuiltins = {
  name: "no-node-builtins",
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === "entry-point") return undefined;
      if (args.path.startsWith("node:") || NODE_BUILTINS.has(args.path) || NODE_BUILTINS.has(args.path.split("/")[0])) {
        return {
          errors: [
            {
              text: `Node-only import "${args.path}" in ${relative(repoDir, args.importer)}: the core must run in browsers, Deno, Bun and workers.`,
            },
          ],
        };
      }
      return undefined;
    });
  },
};

async function bundle(entry, outfile) {
  return esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    // `@polyprompt/core` resolves through its package.json `exports` ("default": ./dist/...).
    conditions: ["import", "default"],
    mainFields: ["module", "main"],
    sourcemap: false,
    minify: false,
    metafile: true,
    logLevel: "silent",
    plugins: [noNodeBuiltins],
  });
}

async function buildSmokeBundle() {
  const coreDist = join(repoDir, "packages/core/dist/index.js");
  if (!existsSync(coreDist)) {
    throw new Error(`packages/core/dist is missing: build it first (pnpm --filter @polyprompt/core build)`);
  }
  const stale = await newerThan(join(repoDir, "packages/core/src"), (await stat(coreDist)).mtimeMs);
  if (stale)
    console.warn(
      `warning: ${relative(repoDir, stale)} is newer than packages/core/dist: the smoke tests the last build (pnpm --filter @polyprompt/core build)`,
    );
  await mkdir(outDir, { recursive: true });
  const result = await bundle(join(appDir, "smoke/smoke-entry.ts"), bundlePath);
  const inputs = Object.keys(result.metafile.inputs);
  const offenders = [];
  for (const [file, info] of Object.entries(result.metafile.inputs)) {
    for (const imp of info.imports) {
      if (imp.external || imp.path.startsWith("node:") || NODE_BUILTINS.has(imp.path)) offenders.push(`${file} → ${imp.path}`);
    }
  }
  const output = Object.values(result.metafile.outputs)[0];
  if (offenders.length > 0) throw new Error(`the bundle is not self-contained:\n  ${offenders.join("\n  ")}`);
  if (output.imports.length > 0) throw new Error(`the bundle still imports: ${output.imports.map((i) => i.path).join(", ")}`);
  const fromCoreDist = inputs.filter((f) => f.includes("packages/core/dist/"));
  const fromCoreSrc = inputs.filter((f) => f.includes("packages/core/src/"));
  const openapiFetch = inputs.filter((f) => f.includes("openapi-fetch"));
  if (fromCoreDist.length === 0 || fromCoreSrc.length > 0) {
    throw new Error(
      `the bundle must take @polyprompt/core from its dist (dist files: ${fromCoreDist.length}, src files: ${fromCoreSrc.length})`,
    );
  }
  if (openapiFetch.length === 0) throw new Error("openapi-fetch is not in the bundle");
  const text = await readFile(bundlePath, "utf8");
  if (/\bfrom\s*["']node:|\bimport\(\s*["']node:|\brequire\(\s*["']/.test(text))
    throw new Error("the bundle text still has a node:/require import");
  return { bytes: output.bytes, files: inputs.length, coreFiles: fromCoreDist.length, openapiFetch: openapiFetch.length };
}

/** The first non-test source file under `dir` modified after `mtimeMs`, if any. */
async function newerThan(dir, mtimeMs) {
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".ts") || entry.name.endsWith(".test.ts")) continue;
    const file = join(entry.parentPath ?? entry.path, entry.name);
    if (file.includes("__fixtures__") || file.includes("test-support")) continue;
    if ((await stat(file)).mtimeMs > mtimeMs) return file;
  }
  return undefined;
}

/** Proves the guard bites: bundling a file that imports node:fs (or bare "fs") must fail. */
async function guardSelfTest(tmp) {
  const results = [];
  for (const spec of ["node:fs", "fs", "node:crypto"]) {
    const entry = join(tmp, `guard-${spec.replace(/\W/g, "_")}.mjs`);
    await writeFile(entry, `import * as m from ${JSON.stringify(spec)};\nexport const x = m;\n`);
    try {
      await bundle(entry, join(tmp, "guard-out.mjs"));
      results.push(`${spec}: NOT rejected`);
    } catch (err) {
      const text = err?.errors?.[0]?.text ?? String(err);
      if (!/Node-only import/.test(text)) results.push(`${spec}: rejected for another reason: ${text}`);
    }
  }
  if (results.length > 0) throw new Error(`the node: import guard does not work: ${results.join("; ")}`);
}

// ---------------------------------------------------------------------------------------------
// 2. Runtimes

/** Where a runtime's executable comes from, and how to run the bundle with it. */
const RUNTIMES = [
  {
    id: "node20",
    label: "node 20 (current)",
    resolve: async () => ({ exe: process.execPath, how: "this process's node" }),
    args: (b, c) => [b, c],
  },
  { id: "node22", label: "node 22", resolve: () => viaNpx("node@22", ["-p", "process.execPath"]), args: (b, c) => [b, c] },
  { id: "node24", label: "node 24", resolve: () => viaNpx("node@24", ["-p", "process.execPath"]), args: (b, c) => [b, c] },
  { id: "bun", label: "bun", resolve: () => viaNpx("bun", ["-e", "console.log(process.execPath)"]), args: (b, c) => [b, c] },
  {
    id: "deno",
    label: "deno",
    resolve: () => viaNpx("deno", ["eval", "console.log(Deno.execPath())"]),
    args: (b, c) => ["run", "--allow-net", "--no-config", "--no-prompt", b, c],
  },
];

/** Asks `npx -y <pkg>` for the real executable path (so no shim sits between us and it). */
async function viaNpx(pkg, printPath) {
  const result = await run("npx", ["-y", pkg, ...printPath], { cwd: tmpdir() });
  const exe = result.stdout.trim().split("\n").pop()?.trim();
  if (result.timedOut) throw new MissingRuntime(`npx -y ${pkg} timed out after ${timeoutMs} ms`);
  if (result.code !== 0 || !exe || !existsSync(exe)) {
    throw new MissingRuntime(`npx -y ${pkg} could not provide it (exit ${result.code}): ${lastLines(result.stderr)}`);
  }
  return { exe, how: `npx -y ${pkg}`, resolveMs: result.ms };
}

class MissingRuntime extends Error {}

function lastLines(text, n = 3) {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !/^npm warn/i.test(l))
    .slice(-n)
    .join(" | ");
}

function parseResult(stdout) {
  const line = stdout
    .split("\n")
    .reverse()
    .find((l) => l.startsWith("SMOKE_RESULT "));
  if (!line) return undefined;
  try {
    return JSON.parse(line.slice("SMOKE_RESULT ".length));
  } catch {
    return undefined;
  }
}

async function runProcessRuntime(runtime, config, workDir, script) {
  const row = { runtime: runtime.label, version: "", result: "FAIL", ms: 0, setupMs: 0, detail: "" };
  let resolved;
  try {
    resolved = await runtime.resolve();
  } catch (err) {
    row.result = err instanceof MissingRuntime && skipMissing ? "SKIPPED" : "FAIL";
    row.detail = `${err instanceof MissingRuntime ? "missing" : "error"}: ${err.message}`;
    return row;
  }
  row.setupMs = Math.round(resolved.resolveMs ?? 0);
  const versionRun = await run(resolved.exe, ["--version"], { cwd: workDir, timeout: 30_000 });
  row.version = /\d+\.\d+\.\d+/.exec(versionRun.stdout)?.[0] ?? versionRun.stdout.trim().split("\n")[0] ?? "";
  const result = await run(resolved.exe, runtime.args(script, JSON.stringify(config)), { cwd: workDir });
  row.ms = Math.round(result.ms);
  const smoke = parseResult(result.stdout);
  if (result.timedOut) {
    row.detail = `timed out after ${timeoutMs} ms (killed)`;
  } else if (!smoke) {
    row.detail = `no SMOKE_RESULT line (exit ${result.code}${result.signal ? `, ${result.signal}` : ""}): ${lastLines(result.stderr || result.stdout, 5)}`;
  } else {
    row.smoke = smoke;
    row.result = smoke.ok && result.code === 0 ? "PASS" : "FAIL";
    row.detail = smoke.ok ? `${smoke.checks.length} checks in ${smoke.ms} ms (${resolved.how}; ${smoke.runtime})` : failedChecks(smoke);
    if (smoke.ok && result.code !== 0) row.detail = `exit ${result.code} despite ok: ${lastLines(result.stderr)}`;
  }
  return row;
}

function failedChecks(smoke) {
  return smoke.checks
    .filter((c) => !c.ok)
    .map((c) => `${c.name}: ${c.detail}`)
    .join("; ");
}

// ---------------------------------------------------------------------------------------------
// 3. Chromium

/** Serves the page and the bundle, and proxies every other path (the vendors' routes) to the emulator. */
async function startPageServer(emulatorUrl, config) {
  const target = new URL(emulatorUrl);
  const bundleText = await readFile(bundlePath);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://page");
    if (url.pathname !== "/" && url.pathname !== "/smoke.mjs") {
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on("error", (err) => {
        if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
        res.end(`proxy error: ${err.message}`);
      });
      req.pipe(upstream);
      return;
    }
    if (url.pathname === "/smoke.mjs") {
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" });
      res.end(bundleText);
      return;
    }
    if (url.pathname === "/") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end(`<!doctype html>
<html><head><meta charset="utf-8"><title>polyprompt runtime smoke</title></head>
<body><pre id="out">running…</pre>
<script type="module">
  import { runSmoke } from "/smoke.mjs";
  const config = ${JSON.stringify(config)};
  // The same vendor routes, through this page's origin.
  for (const vendor of Object.values(config.vendors)) vendor.baseUrl = location.origin + new URL(vendor.baseUrl).pathname;
  window.__smoke = runSmoke(config).then(
    (result) => { document.getElementById("out").textContent = JSON.stringify(result, null, 2); return result; },
    (err) => ({ ok: false, runtime: navigator.userAgent, checks: [{ name: "runSmoke", ok: false, detail: String(err) }], ms: 0 }),
  );
</script></body></html>`);
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found");
  });
  const sockets = new Set();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", ok);
  });
  const close = () =>
    new Promise((ok) => {
      server.close(() => ok());
      for (const s of sockets) s.destroy();
    });
  return { url: `http://127.0.0.1:${server.address().port}`, close };
}

async function runChromium(emulatorUrl, config) {
  const row = { runtime: "chromium (headless)", version: "", result: "FAIL", ms: 0, setupMs: 0, detail: "" };
  if (!existsSync(CHROMIUM)) {
    row.result = skipMissing ? "SKIPPED" : "FAIL";
    row.detail = `${CHROMIUM} not found${skipMissing ? " (--skip-missing)" : ": install it (apt-get install -y chromium) or pass --skip-missing"}`;
    return row;
  }
  const versionRun = await run(CHROMIUM, ["--version"], { timeout: 30_000 });
  row.version = /\d+(\.\d+)+/.exec(versionRun.stdout)?.[0] ?? "";
  const page = await startPageServer(emulatorUrl, config);
  const userDataDir = await mkdtemp(join(tmpdir(), "polyprompt-smoke-chromium-"));
  let context;
  let work;
  let timer;
  const consoleLines = [];
  const started = performance.now();
  try {
    work = (async () => {
      context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
        timeout: timeoutMs,
      });
      const tab = context.pages()[0] ?? (await context.newPage());
      tab.on("console", (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
      tab.on("pageerror", (e) => consoleLines.push(`pageerror: ${e.message}`));
      await tab.goto(page.url, { waitUntil: "load", timeout: timeoutMs });
      await tab.waitForFunction(() => window.__smoke !== undefined, undefined, { timeout: timeoutMs });
      return tab.evaluate(() => window.__smoke);
    })();
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    });
    const smoke = await Promise.race([work, timeout]);
    row.ms = Math.round(performance.now() - started);
    row.smoke = smoke;
    row.result = smoke?.ok ? "PASS" : "FAIL";
    row.detail = smoke?.ok
      ? `${smoke.checks.length} checks in ${smoke.ms} ms (playwright-core, same-origin proxy; ${smoke.runtime})`
      : failedChecks(smoke ?? { checks: [] });
  } catch (err) {
    row.ms = Math.round(performance.now() - started);
    row.detail = `${err instanceof Error ? err.message.split("\n")[0] : String(err)}${consoleLines.length ? ` | console: ${consoleLines.slice(-3).join(" | ")}` : ""}`;
  } finally {
    clearTimeout(timer);
    // On a timeout the launch may still be under way: let it settle (bounded), then close it.
    if (!context && work) await Promise.race([work.catch(() => undefined), new Promise((ok) => setTimeout(ok, 15_000))]);
    await context?.close().catch(() => undefined);
    await page.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
  return row;
}

// ---------------------------------------------------------------------------------------------
// Main

function table(rows) {
  const header = ["runtime", "version", "result", "ms", "setup ms"];
  const body = rows.map((r) => [r.runtime, r.version || "-", r.result, String(r.ms), r.setupMs ? String(r.setupMs) : "-"]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(line)].join("\n");
}

async function main() {
  const total = performance.now();
  const tmp = await mkdtemp(join(tmpdir(), "polyprompt-smoke-"));
  cleanups.push(() => rm(tmp, { recursive: true, force: true }));

  const built = performance.now();
  const info = await buildSmokeBundle();
  await guardSelfTest(tmp);
  console.log(
    `bundle: ${relative(appDir, bundlePath)} ${(info.bytes / 1024).toFixed(1)} KiB, ${info.files} modules (${info.coreFiles} from packages/core/dist, ${info.openapiFetch} from openapi-fetch), no Node-only import; guard self-test ok (${Math.round(performance.now() - built)} ms)`,
  );

  // The runtimes run the bundle from an empty directory, so no package.json, deno.json or
  // bunfig.toml of the repo changes how they load it.
  const workDir = join(tmp, "work");
  await mkdir(workDir);
  const runnable = join(workDir, "smoke.mjs");
  await copyFile(bundlePath, runnable);

  const emulator = await startEmulator({ seed: 1 });
  cleanups.push(() => emulator.close());
  console.log(`emulator: ${emulator.url}`);
  // Every vendor the emulator serves; the bundle's profile table picks each one's seed prompt.
  const config = {
    vendors: Object.fromEntries(Object.entries(emulator.apiKeys).map(([name, key]) => [name, { baseUrl: emulator.urlFor(name), key }])),
    seed: SEED,
  };

  const rows = [];
  const selected = (id) => !only || only.includes(id);
  for (const runtime of RUNTIMES) {
    if (!selected(runtime.id)) continue;
    const row = await runProcessRuntime(runtime, config, workDir, runnable);
    rows.push(row);
    console.log(`${row.result.padEnd(7)} ${row.runtime}${row.version ? ` ${row.version}` : ""}: ${row.detail}`);
  }
  if (selected("chromium")) {
    const row = await runChromium(emulator.url, config);
    rows.push(row);
    console.log(`${row.result.padEnd(7)} ${row.runtime}${row.version ? ` ${row.version}` : ""}: ${row.detail}`);
  }

  const requests = emulator.requests.total();
  console.log(`\n${table(rows)}\n`);
  const failed = rows.filter((r) => r.result === "FAIL");
  const skipped = rows.filter((r) => r.result === "SKIPPED");
  console.log(
    `${rows.length - failed.length - skipped.length} passed, ${failed.length} failed, ${skipped.length} skipped; ${requests} emulator requests; total ${((performance.now() - total) / 1000).toFixed(1)} s`,
  );
  return failed.length === 0 && rows.length > 0 ? 0 : 1;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (err) {
  console.error(`runtime smoke: ${err instanceof Error ? err.message : String(err)}`);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
