/**
 * A tiny RGB canvas, a 5×7 pixel font and a PNG encoder on node:zlib: enough for the
 * benchmark chart, with no dependency.
 */
import { deflateSync } from "node:zlib";

export type RGB = readonly [number, number, number];

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "ascii");
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** 5×7 glyphs, one string of 7 rows × 5 columns each ('#' = ink). Upper case, digits, a little punctuation. */
const GLYPHS: Record<string, string> = {
  " ": ".....|.....|.....|.....|.....|.....|.....",
  A: ".###.|#...#|#...#|#####|#...#|#...#|#...#",
  B: "####.|#...#|#...#|####.|#...#|#...#|####.",
  C: ".###.|#...#|#....|#....|#....|#...#|.###.",
  D: "####.|#...#|#...#|#...#|#...#|#...#|####.",
  E: "#####|#....|#....|####.|#....|#....|#####",
  F: "#####|#....|#....|####.|#....|#....|#....",
  G: ".###.|#...#|#....|#.###|#...#|#...#|.####",
  H: "#...#|#...#|#...#|#####|#...#|#...#|#...#",
  I: ".###.|..#..|..#..|..#..|..#..|..#..|.###.",
  J: "..###|...#.|...#.|...#.|...#.|#..#.|.##..",
  K: "#...#|#..#.|#.#..|##...|#.#..|#..#.|#...#",
  L: "#....|#....|#....|#....|#....|#....|#####",
  M: "#...#|##.##|#.#.#|#.#.#|#...#|#...#|#...#",
  N: "#...#|#...#|##..#|#.#.#|#..##|#...#|#...#",
  O: ".###.|#...#|#...#|#...#|#...#|#...#|.###.",
  P: "####.|#...#|#...#|####.|#....|#....|#....",
  Q: ".###.|#...#|#...#|#...#|#.#.#|#..#.|.##.#",
  R: "####.|#...#|#...#|####.|#.#..|#..#.|#...#",
  S: ".####|#....|#....|.###.|....#|....#|####.",
  T: "#####|..#..|..#..|..#..|..#..|..#..|..#..",
  U: "#...#|#...#|#...#|#...#|#...#|#...#|.###.",
  V: "#...#|#...#|#...#|#...#|#...#|.#.#.|..#..",
  W: "#...#|#...#|#...#|#.#.#|#.#.#|#.#.#|.#.#.",
  X: "#...#|#...#|.#.#.|..#..|.#.#.|#...#|#...#",
  Y: "#...#|#...#|.#.#.|..#..|..#..|..#..|..#..",
  Z: "#####|....#|...#.|..#..|.#...|#....|#####",
  "0": ".###.|#...#|#..##|#.#.#|##..#|#...#|.###.",
  "1": "..#..|.##..|..#..|..#..|..#..|..#..|.###.",
  "2": ".###.|#...#|....#|...#.|..#..|.#...|#####",
  "3": "#####|...#.|..#..|...#.|....#|#...#|.###.",
  "4": "...#.|..##.|.#.#.|#..#.|#####|...#.|...#.",
  "5": "#####|#....|####.|....#|....#|#...#|.###.",
  "6": "..##.|.#...|#....|####.|#...#|#...#|.###.",
  "7": "#####|....#|...#.|..#..|.#...|.#...|.#...",
  "8": ".###.|#...#|#...#|.###.|#...#|#...#|.###.",
  "9": ".###.|#...#|#...#|.####|....#|...#.|.##..",
  ".": ".....|.....|.....|.....|.....|.##..|.##..",
  ",": ".....|.....|.....|.....|.##..|..#..|.#...",
  ":": ".....|.##..|.##..|.....|.##..|.##..|.....",
  ";": ".....|.##..|.##..|.....|.##..|..#..|.#...",
  "(": "...#.|..#..|.#...|.#...|.#...|..#..|...#.",
  ")": ".#...|..#..|...#.|...#.|...#.|..#..|.#...",
  "/": ".....|....#|...#.|..#..|.#...|#....|.....",
  "-": ".....|.....|.....|#####|.....|.....|.....",
  "+": ".....|..#..|..#..|#####|..#..|..#..|.....",
  "%": "##...|##..#|...#.|..#..|.#...|#..##|...##",
  x: ".....|.....|#...#|.#.#.|..#..|.#.#.|#...#",
  "<": "...#.|..#..|.#...|#....|.#...|..#..|...#.",
  ">": ".#...|..#..|...#.|....#|...#.|..#..|.#...",
  "=": ".....|.....|#####|.....|#####|.....|.....",
  "_": ".....|.....|.....|.....|.....|.....|#####",
  "|": "..#..|..#..|..#..|..#..|..#..|..#..|..#..",
};

export class Canvas {
  readonly pixels: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
    background: RGB = [255, 255, 255],
  ) {
    this.pixels = new Uint8Array(width * height * 3);
    this.rect(0, 0, width, height, background);
  }

  set(x: number, y: number, c: RGB): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (Math.floor(y) * this.width + Math.floor(x)) * 3;
    this.pixels[i] = c[0];
    this.pixels[i + 1] = c[1];
    this.pixels[i + 2] = c[2];
  }

  rect(x: number, y: number, w: number, h: number, c: RGB): void {
    for (let yy = Math.max(0, Math.round(y)); yy < Math.min(this.height, Math.round(y + h)); yy++) {
      for (let xx = Math.max(0, Math.round(x)); xx < Math.min(this.width, Math.round(x + w)); xx++) this.set(xx, yy, c);
    }
  }

  /** Dashed or solid vertical line. */
  vline(x: number, y0: number, y1: number, c: RGB, dash = 0): void {
    for (let y = Math.round(y0); y < Math.round(y1); y++) if (!dash || Math.floor(y / dash) % 2 === 0) this.set(Math.round(x), y, c);
  }

  /** Width in pixels of `text` at `scale`. */
  static textWidth(text: string, scale = 1): number {
    return text.length === 0 ? 0 : (text.length * 6 - 1) * scale;
  }

  /** Draws text with its top-left corner at (x, y). Unknown characters draw as a box. */
  text(x: number, y: number, text: string, c: RGB, scale = 1): void {
    let cx = x;
    for (const ch of text) {
      const glyph = GLYPHS[ch] ?? GLYPHS[ch.toUpperCase()] ?? "#####|#...#|#...#|#...#|#...#|#...#|#####";
      const rows = glyph.split("|");
      for (let row = 0; row < 7; row++) {
        for (let col = 0; col < 5; col++) {
          if (rows[row]![col] === "#") this.rect(cx + col * scale, y + row * scale, scale, scale, c);
        }
      }
      cx += 6 * scale;
    }
  }

  png(): Buffer {
    const stride = this.width * 3 + 1;
    const raw = Buffer.alloc(stride * this.height);
    for (let y = 0; y < this.height; y++) {
      raw[y * stride] = 0; // filter: none
      Buffer.from(this.pixels.buffer, y * this.width * 3, this.width * 3).copy(raw, y * stride + 1);
    }
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(this.width, 0);
    ihdr.writeUInt32BE(this.height, 4);
    ihdr[8] = 8; // bit depth
    ihdr[9] = 2; // colour type: RGB
    ihdr[10] = 0;
    ihdr[11] = 0;
    ihdr[12] = 0;
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", ihdr),
      chunk("IDAT", deflateSync(raw, { level: 9 })),
      chunk("IEND", new Uint8Array(0)),
    ]);
  }
}

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

const INK: RGB = [33, 37, 41];
const GRID: RGB = [222, 226, 230];
const MUTED: RGB = [108, 117, 125];
const GREEN: RGB = [47, 158, 68];
const RED: RGB = [224, 49, 49];
const GREY: RGB = [134, 142, 150];
const TARGET: RGB = [25, 113, 194];

/** Horizontal bars on a log scale, one per benchmark, with the target marked. */
export function ratioChart(title: string, subtitle: string, bars: ChartBar[], footer: string[]): Buffer {
  const S = 2; // font scale
  const labelW = 300;
  const left = labelW + 20;
  const right = 150;
  const width = 1100;
  const rowH = 44;
  const top = 90;
  const height = top + bars.length * rowH + 50 + footer.length * 22 + 20;
  const c = new Canvas(width, height);
  c.text(20, 16, title, INK, 3);
  c.text(20, 50, subtitle, MUTED, S);

  const values = bars.flatMap((b) => [b.value, b.target ?? b.value]).filter((v) => v > 0 && Number.isFinite(v));
  const minExp = Math.min(-1, Math.floor(Math.log10(Math.min(...values))));
  const maxExp = Math.max(1, Math.ceil(Math.log10(Math.max(...values)) + 0.15));
  const plotW = width - left - right;
  const xOf = (v: number) => left + ((Math.log10(v) - minExp) / (maxExp - minExp)) * plotW;
  const plotBottom = top + bars.length * rowH;

  for (let e = minExp; e <= maxExp; e++) {
    const x = xOf(10 ** e);
    c.vline(x, top - 6, plotBottom, e === 0 ? MUTED : GRID);
    const label = e < 0 ? `0.${"0".repeat(-e - 1)}1x` : `${10 ** e}x`;
    c.text(x - Canvas.textWidth(label, S) / 2, plotBottom + 8, label, MUTED, S);
  }

  bars.forEach((bar, i) => {
    const y = top + i * rowH;
    c.text(20, y + 14, bar.label, INK, S);
    const x0 = xOf(1);
    const x1 = bar.value > 0 && Number.isFinite(bar.value) ? xOf(bar.value) : x0;
    const colour = bar.met === undefined ? GREY : bar.met ? GREEN : RED;
    c.rect(Math.min(x0, x1), y + 8, Math.max(2, Math.abs(x1 - x0)), rowH - 16, colour);
    let tx = Math.max(x0, x1) + 8;
    if (bar.target !== undefined) {
      const xt = xOf(bar.target);
      c.rect(xt - 1, y + 3, 3, rowH - 6, TARGET);
      // Keep the text clear of the tick.
      if (tx <= xt + 2 && tx + Canvas.textWidth(bar.valueText, S) >= xt - 2) tx = xt + 8;
    }
    c.text(tx, y + 14, bar.valueText, INK, S);
  });

  // Legend and footer.
  let fy = plotBottom + 34;
  const legend: [RGB, string][] = [
    [GREEN, "TARGET MET"],
    [RED, "TARGET MISSED"],
    [GREY, "NO TARGET"],
    [TARGET, "TARGET"],
  ];
  let lx = 20;
  for (const [colour, text] of legend) {
    c.rect(lx, fy + 1, 14, 14, colour);
    c.text(lx + 20, fy + 1, text, INK, S);
    lx += 20 + Canvas.textWidth(text, S) + 30;
  }
  fy += 28;
  for (const line of footer) {
    c.text(20, fy, line, MUTED, S);
    fy += 22;
  }
  return c.png();
}
