// Adds up the test counts in a CI log (every vitest run, and the runtime smoke) and prints
// one closing line: "tests: N passed, N failed, N skipped".
import { readFileSync } from "node:fs";

// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts every ANSI colour sequence
const log = readFileSync(process.argv[2], "utf8").replace(/\x1b\[[0-9;]*m/g, "");
const totals = { passed: 0, failed: 0, skipped: 0 };
for (const line of log.split("\n")) {
  // vitest: "      Tests  110 passed | 99 skipped (217)"; the smoke: "6 passed, 0 failed, 0 skipped; …"
  const counts = /^\s*(?:\S+:\s+)?Tests\s+(.*)$/.exec(line)?.[1] ?? /^(\d+ passed, \d+ failed.*)$/.exec(line)?.[1];
  if (!counts) continue;
  for (const [, n, kind] of counts.matchAll(/(\d+) (passed|failed|skipped)/g)) totals[kind] += Number(n);
}
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
