import { stripVTControlCharacters } from "node:util";
import picocolors from "picocolors";
import stringWidth from "string-width";

/**
 * Colour and width for terminal output. Colour is decided once per stream: on when the stream is a TTY (or
 * `FORCE_COLOR` is set to anything but "0"), and always off when `NO_COLOR` is set, whatever
 * its value.
 */

export interface Colors {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
  magenta(text: string): string;
  cyan(text: string): string;
}

/**
 * Colours through picocolors, decided once per stream. Empty text stays empty (no escape pair
 * around nothing), so a blank cell pads like any other.
 */
export function createColors(enabled: boolean): Colors {
  const pc = picocolors.createColors(enabled);
  const keepEmpty =
    (paint: (text: string) => string) =>
    (text: string): string =>
      text === "" ? text : paint(text);
  return {
    enabled,
    bold: keepEmpty(pc.bold),
    dim: keepEmpty(pc.dim),
    red: keepEmpty(pc.red),
    green: keepEmpty(pc.green),
    yellow: keepEmpty(pc.yellow),
    blue: keepEmpty(pc.blue),
    magenta: keepEmpty(pc.magenta),
    cyan: keepEmpty(pc.cyan),
  };
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

/** Display width in terminal columns, ignoring escape codes: CJK and emoji take two. */
export const visibleLength = (text: string): number => stringWidth(text);

/** Pads to a display width, ignoring escape codes. */
export function padEnd(text: string, width: number): string {
  const missing = width - visibleLength(text);
  return missing > 0 ? text + " ".repeat(missing) : text;
}
