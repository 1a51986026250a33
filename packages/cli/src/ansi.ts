/**
 * Tiny ANSI helpers. Colour is decided once per stream: on when the stream is a TTY (or
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

const wrap =
  (enabled: boolean, open: number, close: number) =>
  (text: string): string =>
    enabled && text !== "" ? `\u001b[${open}m${text}\u001b[${close}m` : text;

export function createColors(enabled: boolean): Colors {
  return {
    enabled,
    bold: wrap(enabled, 1, 22),
    dim: wrap(enabled, 2, 22),
    red: wrap(enabled, 31, 39),
    green: wrap(enabled, 32, 39),
    yellow: wrap(enabled, 33, 39),
    blue: wrap(enabled, 34, 39),
    magenta: wrap(enabled, 35, 39),
    cyan: wrap(enabled, 36, 39),
  };
}

/** Whether to colour output written to a stream, given the environment. */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "" && force !== "0" && force !== "false") return true;
  return stream.isTTY === true;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts every ANSI colour sequence
const ANSI = /\u001b\[[0-9;]*m/g;

/** The text without escape codes. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/** Display width, ignoring escape codes (every code point counts as one column). */
export function visibleLength(text: string): number {
  return [...stripAnsi(text)].length;
}

/** Pads to a display width, ignoring escape codes. */
export function padEnd(text: string, width: number): string {
  const missing = width - visibleLength(text);
  return missing > 0 ? text + " ".repeat(missing) : text;
}
