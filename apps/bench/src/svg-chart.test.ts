import { describe, expect, test } from "vitest";
import type { RenderRow, WarmRow } from "./benches.js";
import { chartBars, CHART_SUBTITLE, CHART_TITLE, markdown, targets, type Results } from "./report.js";
import { summarize } from "./stats.js";
import { escapeXml, ratioChartSvg, type ChartBar } from "./svg-chart.js";

/**
 * A small well-formedness check: every tag closes in order, attributes are quoted, and text holds
 * no raw `<` or unescaped `&`. Enough to catch what a string-built SVG gets wrong.
 */
function expectWellFormedXml(xml: string): { tags: string[] } {
  const stack: string[] = [];
  const tags: string[] = [];
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g;
  let last = 0;
  for (let m = token.exec(xml); m; m = token.exec(xml)) {
    const between = xml.slice(last, m.index);
    expect(between, `text before offset ${m.index}`).not.toMatch(/<|&(?!(amp|lt|gt|quot|apos|#\d+);)/);
    last = token.lastIndex;
    const [, closing, name, , selfClosing] = m;
    if (!name) continue;
    tags.push(name);
    if (closing) expect(stack.pop(), `</${name}> closes the open tag`).toBe(name);
    else if (!selfClosing) stack.push(name);
  }
  expect(xml.slice(last).trim(), "nothing after the root").toBe("");
  expect(stack, "every tag is closed").toEqual([]);
  expect(xml.replace(token, ""), "no stray markup").not.toMatch(/[<>]/);
  return { tags };
}

const bar = (label: string, value: number, extra: Partial<ChartBar> = {}): ChartBar => ({ label, value, valueText: `${value}×`, ...extra });

/** The x extent of the bar drawn for `label`: the first rect after its label text. */
function barExtent(svg: string, label: string): { x: number; width: number; fill: string } {
  const at = svg.indexOf(`>${escapeXml(label)}</text>`);
  expect(at, `label ${label} is drawn`).toBeGreaterThan(0);
  const m = /<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="[\d.]+" fill="(#[0-9a-f]{6})"\/>/.exec(svg.slice(at))!;
  return { x: Number(m[1]), width: Number(m[2]), fill: m[3]! };
}

describe("ratioChartSvg", () => {
  test("writes a well-formed standalone SVG document with a title and a description", () => {
    const svg = ratioChartSvg({ title: "A vs B", subtitle: "log scale", bars: [bar("one", 3), bar("two", 0.5)], footer: ["made today"] });
    const { tags } = expectWellFormedXml(svg);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(tags.filter((t) => t === "svg")).toHaveLength(2);
    expect(svg).toContain('<title id="chart-title">A vs B</title>');
    expect(svg).toMatch(/<desc id="chart-desc">log scale; one: 3×; two: 0\.5×<\/desc>/);
    expect(svg).toContain(">made today</text>");
  });

  test("escapes every label, value and footer line", () => {
    const svg = ratioChartSvg({
      title: `R&D <"fast"> 'n' cheap`,
      subtitle: "a < b & c",
      bars: [bar("x<y & z", 2, { valueText: "2× (<3)" })],
      footer: ["p & q"],
    });
    expectWellFormedXml(svg);
    expect(svg).toContain("R&amp;D &lt;&quot;fast&quot;&gt; &apos;n&apos; cheap");
    expect(svg).toContain(">x&lt;y &amp; z</text>");
    expect(svg).toContain(">2× (&lt;3)</text>");
    expect(svg).not.toContain("x<y");
  });

  test("bars sit on a log scale from the 1× line: ten times more is one decade longer, less than 1× goes left", () => {
    const svg = ratioChartSvg({ title: "t", subtitle: "s", bars: [bar("ten", 10), bar("hundred", 100), bar("half", 0.5)], footer: [] });
    const ten = barExtent(svg, "ten");
    const hundred = barExtent(svg, "hundred");
    const half = barExtent(svg, "half");
    expect(hundred.x).toBe(ten.x);
    expect(hundred.width).toBeCloseTo(2 * ten.width, 0);
    expect(half.x + half.width).toBeCloseTo(ten.x, 0);
    expect(svg).toContain(">1×</text>");
    expect(svg).toContain(">100×</text>");
    expect(svg).toContain(">0.1×</text>");
  });

  test("colours say met, missed or no target, and a target draws a tick", () => {
    const svg = ratioChartSvg({
      title: "t",
      subtitle: "s",
      bars: [bar("met", 8, { target: 5, met: true }), bar("missed", 2, { target: 5, met: false }), bar("none", 3)],
      footer: [],
    });
    expect(barExtent(svg, "met").fill).toBe("#2f9e44");
    expect(barExtent(svg, "missed").fill).toBe("#e03131");
    expect(barExtent(svg, "none").fill).toBe("#868e96");
    expect(svg.match(/fill="#1971c2"/g)).toHaveLength(3); // two ticks and the legend swatch
  });

  test("no bars at all still make a valid, empty chart", () => {
    expectWellFormedXml(ratioChartSvg({ title: "t", subtitle: "s", bars: [], footer: [] }));
  });
});

describe("the report with the SVG chart, from a small fake result set", () => {
  const s = (ms: number) => summarize([ms * 0.9, ms, ms * 1.1]);
  const warm: WarmRow[] = [
    { size: "1kb", polyprompt: s(0.003), getOnly: s(0.002), sdk: s(2.3), ratio: 700 },
    { size: "10kb", polyprompt: s(0.015), getOnly: s(0.002), sdk: s(2.3), ratio: 150 },
  ];
  const render: RenderRow[] = [
    {
      size: "1kb",
      bytes: 1100,
      tags: 11,
      variables: 9,
      renderPrompt: s(0.002),
      renderPromptOpenAI: s(0.004),
      compileAndRender: s(0.013),
      merge: s(0.02),
      ratio: 10,
      ratioOpenAI: 5,
      ratioCompile: 1.5,
      identical: true,
    },
  ];
  const results: Results = {
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
    durationS: 1,
    warm,
    render,
  };

  test("renders a valid SVG with a bar per benchmark row, and BENCHMARKS.md shows it", () => {
    const t = targets(results);
    const { bars, footer } = chartBars(results, t);
    expect(bars.map((b) => b.label)).toEqual([
      "Warm get + render, 1 KB chat",
      "Warm get + render, 10 KB tools + schema",
      "Render only, 1 KB chat",
    ]);
    const svg = ratioChartSvg({ title: CHART_TITLE, subtitle: CHART_SUBTITLE, bars, footer });
    expectWellFormedXml(svg);
    expect(barExtent(svg, "Warm get + render, 1 KB chat").fill).toBe("#2f9e44");
    const md = markdown(results, t, "docs/benchmarks.svg");
    expect(md).toMatch(/!\[[^\]]+\]\(docs\/benchmarks\.svg\)/);
    expect(md).not.toContain(".png");
  });
});
