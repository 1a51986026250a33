/**
 * `pnpm bench`: runs every benchmark against the emulator over loopback and regenerates
 * BENCHMARKS.md and docs/benchmarks.svg at the repository root.
 *
 * Options (for development; any of them writes to apps/bench/out/ instead of the repo root):
 *   --quick            shorter runs
 *   --only=a,b         warm, render, cold, herd, outage, weight, clients, cli, memory, redis
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { benchCold, benchHerd, benchOutage, benchRender, benchWarm, createPrompts, type Ctx } from "./benches.js";
import { benchClients } from "./client-benches.js";
import { benchCliStartup } from "./cli-startup.js";
import { benchMemory } from "./memory.js";
import { benchRedisTier } from "./redis-tier.js";
import { SEED } from "@polyprompt/emulator";
import { startRemoteEmulator } from "./emulator.js";
import { chartBars, CHART_SUBTITLE, CHART_TITLE, markdown, targets, type Machine, type Results } from "./report.js";
import { ratioChartSvg } from "./svg-chart.js";
import { buildOneFileCore, measureBundles, measureImports } from "./weight.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const BENCH = fileURLToPath(new URL("../", import.meta.url));
const ALL = ["warm", "render", "cold", "herd", "outage", "weight", "clients", "cli", "memory", "redis"] as const;
type Part = (typeof ALL)[number];

function args(): { quick: boolean; only: Set<Part> | undefined } {
  const argv = process.argv.slice(2);
  const quick = argv.includes("--quick");
  const onlyArg = argv.find((a) => a.startsWith("--only="));
  let only: Set<Part> | undefined;
  if (onlyArg) {
    const parts = onlyArg.slice("--only=".length).split(",").filter(Boolean);
    for (const p of parts) if (!(ALL as readonly string[]).includes(p)) throw new Error(`unknown part "${p}"; known: ${ALL.join(", ")}`);
    only = new Set(parts as Part[]);
  }
  return { quick, only };
}

function machine(): Machine {
  let distro = "";
  try {
    distro = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync("/etc/os-release", "utf8"))?.[1] ?? "";
  } catch {
    // not Linux
  }
  return {
    cpu: os.cpus()[0]?.model.trim() ?? "unknown CPU",
    cores: os.cpus().length,
    ramGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    os: `${distro ? `${distro}, ` : ""}${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
    loadStart: os.loadavg()[0] ?? 0,
  };
}

async function main(): Promise<void> {
  const { quick, only } = args();
  const run = (part: Part) => !only || only.has(part);
  const official = !quick && !only;
  const outDir = official ? ROOT : join(BENCH, "out");
  const mdPath = join(outDir, "BENCHMARKS.md");
  const chartPath = official ? join(ROOT, "docs", "benchmarks.svg") : join(outDir, "benchmarks.svg");
  const log = (line: string) => console.log(line);
  if (!globalThis.gc) log("note: run with --expose-gc for a GC between tasks");

  const load = os.loadavg()[0] ?? 0;
  if (load > os.cpus().length / 2)
    log(`warning: 1-minute load average is ${load.toFixed(2)} on ${os.cpus().length} cores; results will be noisy`);
  const started = performance.now();
  const results: Results = { machine: machine(), durationS: 0 };
  const emu = await startRemoteEmulator();
  try {
    const stored = await createPrompts(emu);
    const ctx: Ctx = { emu, stored, quick, log };
    for (const s of Object.values(stored))
      log(`prompt ${s.prompt.size}: ${s.prompt.bytes} bytes, ${s.prompt.tags} tags, ${s.prompt.variables} variables (${s.ref})`);
    if (run("warm")) {
      log("1. warm get + render");
      results.warm = await benchWarm(ctx);
    }
    if (run("render")) {
      log("2. render only");
      results.render = await benchRender(ctx);
    }
    if (run("cold")) {
      log("3. cold fetch, 20 ms per request");
      results.cold = await benchCold(ctx);
    }
    if (run("herd")) {
      log("4. thundering herd");
      results.herd = await benchHerd(ctx);
    }
    if (run("outage")) {
      log("5. outage");
      results.outage = await benchOutage(ctx);
    }
    if (run("cli")) {
      log("8. CLI start-up");
      results.cli = benchCliStartup(emu, `helicone:${SEED.helicone.supportAgent.promptId}`, quick ? 5 : 20);
      for (const row of results.cli) log(`  ${row.command}: ${row.time.medianMs.toFixed(0)} ms`);
    }
    if (run("memory")) {
      log("9. memory per cached version");
      results.memory = await benchMemory(ctx);
    }
    if (run("redis")) {
      log("10. the Redis tier");
      results.redis = await benchRedisTier(ctx);
    }
    if (run("clients")) {
      log("7. warm get + render against the vendors' cached clients");
      results.clients = await benchClients(ctx);
    }
  } finally {
    await emu.close();
  }
  if (run("weight")) {
    log("6. weight");
    const { bundles, coreParts } = await measureBundles();
    results.bundles = bundles;
    results.coreParts = coreParts;
    for (const b of [...bundles, ...coreParts]) log(`  bundle ${b.label}: ${b.minBytes} min, ${b.gzipBytes} gz`);
    const oneFile = await buildOneFileCore();
    results.coreModules = oneFile.modules;
    results.imports = await measureImports(quick ? 5 : 20, [oneFile.subject]);
    for (const i of results.imports) log(`  import ${i.label}: ${i.medianMs.toFixed(1)} ms`);
  }
  results.durationS = (performance.now() - started) / 1000;
  results.machine.loadEnd = os.loadavg()[0] ?? 0;

  const t = targets(results);
  const { bars, footer } = chartBars(results, t);
  mkdirSync(dirname(chartPath), { recursive: true });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(chartPath, ratioChartSvg({ title: CHART_TITLE, subtitle: CHART_SUBTITLE, bars, footer }));
  writeFileSync(mdPath, `${markdown(results, t, relative(dirname(mdPath), chartPath).split("\\").join("/"))}\n`);
  writeFileSync(join(BENCH, "out", "results.json"), JSON.stringify(results, null, 2));
  log("");
  for (const x of t) log(`${x.met === undefined ? "—" : x.met ? "MET   " : "MISSED"}  ${x.name}: ${x.measured}`);
  log(`\nwrote ${relative(ROOT, mdPath)} and ${relative(ROOT, chartPath)} in ${results.durationS.toFixed(0)} s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
