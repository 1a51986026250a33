/**
 * Conformance failures the core has today, each pinned to the exact error it produces.
 *
 * A case listed here runs as usual and passes only while it fails with the listed error, so:
 * - the suite stays green for everyone working in the monorepo, and the test's name says
 *   `[known issue: <id>]`, so the gap shows in every run;
 * - any other failure of the case still fails it;
 * - when the core is fixed the case fails with "no longer reproduces": delete the entry.
 *
 * An entry names the target kinds it applies to: a core bug shows on every target; a gap that
 * depends on the data should be pinned on the emulator only, where the data is known.
 */
import { it } from "vitest";
import type { TargetCase, TargetKind, VendorName } from "./targets.js";

export interface KnownIssue {
  id: string;
  vendors: VendorName[];
  kinds: TargetKind[];
  /** Test names (exact) the issue breaks. */
  tests: string[];
  /** The failure's message, one line per failing item: each line must match an issue of the case. */
  error: RegExp;
  summary: string;
}

export const KNOWN_ISSUES: KnownIssue[] = [];

function issuesFor(tc: TargetCase, name: string): KnownIssue[] {
  return KNOWN_ISSUES.filter((issue) => issue.kinds.includes(tc.kind) && issue.vendors.includes(tc.vendor) && issue.tests.includes(name));
}

/** `it(name, fn)`, unless a known issue covers this case on this row (see the file comment). */
export function itConforms(tc: TargetCase, name: string, fn: () => Promise<void> | void): void {
  const issues = issuesFor(tc, name);
  if (issues.length === 0) {
    it(name, fn);
    return;
  }
  const ids = issues.map((issue) => issue.id).join(", ");
  it(`${name} [known issue: ${ids}]`, async () => {
    try {
      await fn();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (message.split("\n").every((line) => issues.some((issue) => issue.error.test(line)))) return;
      throw err;
    }
    throw new Error(`Known issue ${ids} no longer reproduces on ${tc.label}: update apps/conformance/src/known-issues.ts.`);
  });
}
