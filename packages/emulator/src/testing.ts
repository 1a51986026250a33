// Helpers for test suites that drive the emulator: one home for them, so that the core's tests
// and the conformance suite check the same things.
import { inspect } from "node:util";

/**
 * Every text a thrown error exposes: message, stack, String(), JSON, util.inspect, and the same
 * for each cause. A test asserts that no API key appears in any of them.
 *
 * @example
 * for (const text of errorTexts(err)) expect(text).not.toContain(apiKey);
 */
export function errorTexts(err: unknown): string[] {
  const texts = [inspect(err, { depth: 10, showHidden: true })];
  let current: unknown = err;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    if (current instanceof Error) {
      texts.push(current.message, current.stack ?? "", String(current));
      try {
        texts.push(JSON.stringify(current));
      } catch {
        texts.push("<unserializable>");
      }
      current = (current as { cause?: unknown }).cause;
    } else {
      texts.push(String(current), JSON.stringify(current) ?? "");
      break;
    }
  }
  return texts;
}
