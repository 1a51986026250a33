import { describe, expect, test } from "vitest";
import { markdown, targets, type Results } from "./report.js";
import { summarize } from "./stats.js";

// A complete, made-up result set (every benchmark, every field): no timing involved. The figures
// are of the same order as a real run.
const s = (ms: number) => summarize([ms * 0.8, ms * 0.9, ms, ms * 1.1, ms * 1.3]);
const bundle = (id: string, label: string, minBytes: number, gzipBytes: number) => ({
  id,
  label,
  minBytes,
  gzipBytes,
  top: [{ path: `${id}/index.js`, bytes: Math.round(minBytes * 0.6) }],
});
const imported = (id: string, label: string, medianMs: number) => ({
  id,
  label,
  runs: 20,
  medianMs,
  p10Ms: medianMs * 0.9,
  p90Ms: medianMs * 1.1,
});

export const FAKE_RESULTS: Results = {
  machine: {
    cpu: "Test CPU",
    cores: 2,
    ramGiB: 4,
    node: "v20.20.2",
    os: "Test OS",
    date: "2026-12-01T00:00:00Z",
    loadStart: 0.5,
    loadEnd: 0.6,
  },
  durationS: 80,
  warm: [
    { size: "1kb", polyprompt: s(0.003), getOnly: s(0.002), sdk: s(2.3), ratio: 722 },
    { size: "10kb", polyprompt: s(0.015), getOnly: s(0.002), sdk: s(2.3), ratio: 147 },
    { size: "100kb", polyprompt: s(0.068), getOnly: s(0.002), sdk: s(4.9), ratio: 71.6 },
  ],
  render: [
    {
      size: "1kb",
      bytes: 1100,
      tags: 11,
      variables: 9,
      renderPrompt: s(0.002),
      renderPromptOpenAI: s(0.004),
      compileAndRender: s(0.013),
      merge: s(0.02),
      ratio: 10.5,
      ratioOpenAI: 4.9,
      ratioCompile: 1.5,
      identical: true,
    },
    {
      size: "10kb",
      bytes: 10800,
      tags: 98,
      variables: 23,
      renderPrompt: s(0.007),
      renderPromptOpenAI: s(0.01),
      compileAndRender: s(0.066),
      merge: s(0.133),
      ratio: 18.1,
      ratioOpenAI: 12.8,
      ratioCompile: 2.0,
      identical: true,
    },
    {
      size: "100kb",
      bytes: 105300,
      tags: 1125,
      variables: 23,
      renderPrompt: s(0.034),
      renderPromptOpenAI: s(0.047),
      compileAndRender: s(0.48),
      merge: s(1.09),
      ratio: 31.9,
      ratioOpenAI: 23,
      ratioCompile: 2.3,
      identical: false,
      mismatch: "tools differ",
    },
  ],
  cold: {
    latencyMs: 20,
    size: "1kb",
    polyprompt: s(23.06),
    sdk: s(44.74),
    ppRequests: 1,
    sdkRequests: 2,
    samples: 40,
    rounds: 4,
    warmups: 2,
  },
  herd: {
    concurrency: 1000,
    rounds: 5,
    polyprompt: {
      upstream: [1, 1, 1, 1, 1],
      wallMs: [30, 31, 29, 33, 30],
      failures: [0, 0, 0, 0, 0],
      reasons: {},
      coalesced: [999, 999, 999, 999, 999],
    },
    sdk: {
      upstream: [2000, 2000, 2000, 2000, 2000],
      wallMs: [1500, 1554, 1362, 2296, 1600],
      failures: [0, 0, 3, 0, 0],
      reasons: { ECONNRESET: 3 },
    },
  },
  outage: {
    outageMs: 10_000,
    intervalMs: 10,
    ttlMs: 1_000,
    polyprompt: { calls: 996, ok: 996, fresh: 90, stale: 906, upstream: 120, refreshes: 110, refreshErrors: 110, latency: s(0.01) },
    sdk: { calls: 996, ok: 0, upstream: 996, latency: s(1.53) },
  },
  bundles: [
    bundle("core-helicone", "@polyprompt/core + /helicone", 52100, 17600),
    bundle("core-tela", "@polyprompt/core + /tela", 40400, 14300),
    bundle("helicone", "@helicone/helpers 1.8.3", 13700, 4400),
    bundle("langfuse", "@langfuse/client 5.11.1", 90000, 25000),
    bundle("tela", "@meistrari/tela-sdk-js 1.0.2", 43200, 15200),
  ],
  coreParts: [bundle("core-client", "`createPromptClient` alone (no adapter)", 15000, 5400)],
  imports: [
    imported("core-helicone", "@polyprompt/core + /helicone", 13.6),
    imported("core-tela", "@polyprompt/core + /tela", 13.6),
    imported("helicone", "@helicone/helpers 1.8.3", 15.8),
    imported("langfuse", "@langfuse/client 5.11.1", 40),
    imported("tela", "@meistrari/tela-sdk-js 1.0.2", 28.2),
    imported("core-helicone-onefile", "diagnostic: the same core + /helicone code as one bundled file", 9),
  ],
  coreModules: 40,
};

describe("markdown", () => {
  const t = targets(FAKE_RESULTS);
  const md = markdown(FAKE_RESULTS, t, "docs/benchmarks.svg");

  test("has every section, the targets table and the chart", () => {
    for (const heading of [
      "# Benchmarks",
      "## Targets",
      "## 1. Warm get + render",
      "## 2. Render only",
      "## 5. Outage",
      "## 6a. Bundle size",
      "## 6b. Cold import time",
    ]) {
      expect(md).toContain(heading);
    }
    for (const target of t) expect(md).toContain(`| ${target.name} |`);
    expect(md).toMatch(/!\[[^\]]+\]\(docs\/benchmarks\.svg\)/);
  });

  test("each vendor's SDK is compared with polyprompt for that vendor; other packages with the benchmarked one", () => {
    const row = (label: string) => md.split("\n").find((line) => line.startsWith(`| ${label} |`) && line.includes("kB"))!;
    // Bundles (gzip): core + /helicone 17.6 kB, core + /tela 14.3 kB.
    expect(row("@helicone/helpers 1.8.3")).toMatch(/\| 4\.00× \|$/);
    expect(row("@meistrari/tela-sdk-js 1.0.2")).toMatch(/\| 0\.94× \|$/);
    expect(row("@langfuse/client 5.11.1")).toMatch(/\| 0\.70× \|$/);
    expect(row("@polyprompt/core + /tela")).toMatch(/\| — \|$/);
  });

  test("targets say met or missed from the figures", () => {
    expect(t.find((x) => x.name === "Warm get + render")?.met).toBe(true);
    expect(t.find((x) => x.name.startsWith("Bundle"))?.met).toBe(false);
    expect(t.find((x) => x.name.startsWith("Cold import"))?.met).toBe(true);
  });
});
