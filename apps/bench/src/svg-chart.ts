/**
 * The benchmark chart as an SVG document written as text: horizontal bars on a log scale, one
 * per benchmark, with each target marked. Text stays text (searchable, sharp at any zoom), and
 * the whole file is a few kilobytes of reviewable markup.
 */

export interface ChartBar {
  label: string;
  /** polyprompt's advantage over the peer: > 1 is better. */
  value: number;
  /** Where the target sits on the same scale, if the benchmark has one. */
  target?: number;
  met?: boolean;
  /** Text printed after the bar. */
  valueText: string;
}

export interface RatioChart {
  title: string;
  subtitle: string;
  bars: ChartBar[];
  /** Lines under the legend. */
  footer: string[];
}

const COLOURS = {
  ink: "#212529",
  grid: "#dee2e6",
  muted: "#6c757d",
  met: "#2f9e44",
  missed: "#e03131",
  none: "#868e96",
  target: "#1971c2",
} as const;

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const TEXT_SIZE = 15;
/** A generous average glyph width, to keep labels clear of ticks without font metrics. */
const CHAR_WIDTH = TEXT_SIZE * 0.6;

/** Escapes text for XML character data and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[ch]!);
}

const num = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));

function text(
  x: number,
  y: number,
  content: string,
  options: { size?: number; fill?: string; anchor?: "start" | "middle" | "end"; weight?: string } = {},
): string {
  const { size = TEXT_SIZE, fill = COLOURS.ink, anchor = "start", weight } = options;
  const extra = `${anchor === "start" ? "" : ` text-anchor="${anchor}"`}${weight ? ` font-weight="${weight}"` : ""}`;
  return `<text x="${num(x)}" y="${num(y)}" font-size="${size}" fill="${fill}"${extra}>${escapeXml(content)}</text>`;
}

const rect = (x: number, y: number, w: number, h: number, fill: string): string =>
  `<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" fill="${fill}"/>`;

/** The label of a power of ten on the axis: "0.01×", "1×", "1000×". */
const axisLabel = (exponent: number): string => (exponent < 0 ? `0.${"0".repeat(-exponent - 1)}1×` : `${10 ** exponent}×`);

/**
 * Renders the chart as a standalone SVG document.
 *
 * @example
 * writeFileSync("docs/benchmarks.svg", ratioChartSvg({ title: "polyprompt vs the SDK", subtitle: "log scale", bars, footer: [] }));
 */
export function ratioChartSvg(chart: RatioChart): string {
  const { title, subtitle, bars, footer } = chart;
  const labelWidth = 300;
  const left = labelWidth + 20;
  const right = 170;
  const width = 1100;
  const rowHeight = 44;
  const top = 90;
  const plotBottom = top + bars.length * rowHeight;
  const height = plotBottom + 50 + footer.length * 22 + 30;

  const values = bars.flatMap((b) => [b.value, b.target ?? b.value]).filter((v) => v > 0 && Number.isFinite(v));
  const minExp = values.length === 0 ? -1 : Math.min(-1, Math.floor(Math.log10(Math.min(...values))));
  const maxExp = values.length === 0 ? 1 : Math.max(1, Math.ceil(Math.log10(Math.max(...values)) + 0.15));
  const plotWidth = width - left - right;
  const xOf = (v: number) => left + ((Math.log10(v) - minExp) / (maxExp - minExp)) * plotWidth;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(FONT)}" role="img" aria-labelledby="chart-title chart-desc">`,
    `<title id="chart-title">${escapeXml(title)}</title>`,
    `<desc id="chart-desc">${escapeXml([subtitle, ...bars.map((b) => `${b.label}: ${b.valueText}`)].join("; "))}</desc>`,
    rect(0, 0, width, height, "#ffffff"),
    text(20, 38, title, { size: 26, weight: "bold" }),
    text(20, 66, subtitle, { fill: COLOURS.muted }),
  );

  // Grid: one line per power of ten, the 1× line darker.
  for (let e = minExp; e <= maxExp; e++) {
    const x = xOf(10 ** e);
    out.push(
      `<line x1="${num(x)}" y1="${top - 6}" x2="${num(x)}" y2="${plotBottom}" stroke="${e === 0 ? COLOURS.muted : COLOURS.grid}" stroke-width="1"/>`,
    );
    out.push(text(x, plotBottom + 22, axisLabel(e), { fill: COLOURS.muted, anchor: "middle" }));
  }

  bars.forEach((bar, i) => {
    const y = top + i * rowHeight;
    const baseline = y + rowHeight / 2 + TEXT_SIZE / 3;
    out.push(text(20, baseline, bar.label));
    const x0 = xOf(1);
    const x1 = bar.value > 0 && Number.isFinite(bar.value) ? xOf(bar.value) : x0;
    const colour = bar.met === undefined ? COLOURS.none : bar.met ? COLOURS.met : COLOURS.missed;
    out.push(rect(Math.min(x0, x1), y + 8, Math.max(2, Math.abs(x1 - x0)), rowHeight - 16, colour));
    let textX = Math.max(x0, x1) + 8;
    if (bar.target !== undefined && bar.target > 0 && Number.isFinite(bar.target)) {
      const xt = xOf(bar.target);
      out.push(rect(xt - 1.5, y + 3, 3, rowHeight - 6, COLOURS.target));
      // Keep the text clear of the tick.
      if (textX <= xt + 2 && textX + bar.valueText.length * CHAR_WIDTH >= xt - 2) textX = xt + 8;
    }
    out.push(text(textX, baseline, bar.valueText));
  });

  // Legend, then the footer lines.
  let legendY = plotBottom + 42;
  let legendX = 20;
  for (const [colour, label] of [
    [COLOURS.met, "target met"],
    [COLOURS.missed, "target missed"],
    [COLOURS.none, "no target"],
    [COLOURS.target, "target"],
  ] as const) {
    out.push(rect(legendX, legendY - 12, 14, 14, colour), text(legendX + 20, legendY, label));
    legendX += 20 + label.length * CHAR_WIDTH + 30;
  }
  for (const line of footer) {
    legendY += 22;
    out.push(text(20, legendY, line, { fill: COLOURS.muted }));
  }
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}
