import picocolors from "picocolors";
import type { Colors } from "./ansi.js";

/**
 * Colours through picocolors, decided once per stream. Empty text stays empty (no escape pair
 * around nothing), so a blank cell pads like any other.
 */
export function createColors(enabled: boolean, width: (text: string) => number): Colors {
  const pc = picocolors.createColors(enabled);
  const keepEmpty =
    (paint: (text: string) => string) =>
    (text: string): string =>
      text === "" ? text : paint(text);
  return {
    enabled,
    width,
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
