import { stripVTControlCharacters } from "node:util";

/**
 * Colour and width for terminal output. Colour is decided once per stream: on when the stream is a TTY (or
 * `FORCE_COLOR` is set to anything but "0"), and always off when `NO_COLOR` is set, whatever
 * its value.
 */

export interface Colors {
  readonly enabled: boolean;
  /** Display width in terminal columns, ignoring escape codes: CJK and emoji take two. */
  width(text: string): number;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
  magenta(text: string): string;
  cyan(text: string): string;
}

/** Colours that are off: each text as it is (JSON output, and output that is not a terminal). */
export function plainColors(width: (text: string) => number): Colors {
  const same = (text: string): string => text;
  return { enabled: false, width, bold: same, dim: same, red: same, green: same, yellow: same, blue: same, magenta: same, cyan: same };
}

/** Whether to colour output written to a stream, given the environment. */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "" && force !== "0" && force !== "false") return true;
  return stream.isTTY === true;
}

/** The text without escape codes. */
export const stripAnsi = (text: string): string => stripVTControlCharacters(text);

/**
 * The display-width function (string-width), loaded on demand: it is the heaviest module the
 * CLI has, and only text output that lays out columns needs it.
 */
export async function loadTextWidth(): Promise<(text: string) => number> {
  const { default: stringWidth } = await import("string-width");
  return stringWidth;
}

/** Pads to a display width, measured with `width`. */
export function padEnd(text: string, width: number, measure: (text: string) => number): string {
  const missing = width - measure(text);
  return missing > 0 ? text + " ".repeat(missing) : text;
}
