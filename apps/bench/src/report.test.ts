import { describe, expect, test } from "vitest";
import { FAKE_RESULTS } from "./__fixtures__/fake-results.js";
import { markdown, targets } from "./report.js";

describe("markdown", () => {
  const t = targets(FAKE_RESULTS);
  const md = markdown(FAKE_RESULTS, t, "docs/benchmarks.svg");

  test("has every section, the targets table and the chart", () => {
    for (const heading of ["# Benchmarks", "## Targets", "## 1. Warm get + render", "## 2. Render only", "## 5. Outage", "## 6a. Bundle size", "## 6b. Cold import time"]) {
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
