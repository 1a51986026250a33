// What `pull`, `push` and `verify` print: one table each, then a summary line.
import type { PullReport, PushedFile, VerifyReport } from "@polyprompt/files";
import type { Colors } from "./ansi.js";
import { table } from "./format.js";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** `polyprompt pull`: each file with the version it pins, and whether it changed. */
export function formatPulled(report: PullReport, c: Colors): string[] {
  const rows = report.files.map((f) => [f.file, f.ref, f.versionId, f.changed ? c.green("written") : c.dim("unchanged")]);
  const changed = report.files.filter((f) => f.changed).length;
  const losses = report.files.flatMap((f) =>
    f.losses.map((l) => `  ${c.yellow("loss")} ${f.file}: ${l.kind} "${l.name}" at ${l.where}: ${l.detail}`),
  );
  return [
    ...table(["FILE", "REFERENCE", "VERSION ID", "STATUS"], rows, c),
    ...losses,
    "",
    `${plural(changed, "file")} written, ${report.files.length - changed} unchanged; lockfile ${report.lockfile}.`,
  ];
}

/** `polyprompt push`: each file with the version it became. */
export function formatPushed(pushed: PushedFile[], dryRun: boolean, c: Colors): string[] {
  const rows = pushed.map((p) => [
    p.file,
    p.target,
    p.versionId ?? c.dim("-"),
    dryRun ? c.dim("planned") : p.created ? c.green("created") : c.dim("already there"),
    p.environmentsSet.join(", ") || c.dim("-"),
  ]);
  const created = pushed.filter((p) => p.created).length;
  const summary = dryRun
    ? `Dry run: ${plural(pushed.length, "file")} checked; nothing written.`
    : `${plural(created, "version")} created, ${pushed.length - created} already there.`;
  return [...table(["FILE", "TARGET", "VERSION ID", "WRITE", "ENVIRONMENTS MOVED"], rows, c), "", summary];
}

/** `polyprompt verify`: the drift, if any. */
export function formatDrift(report: VerifyReport, c: Colors): string[] {
  if (report.drift.length === 0) return [`${c.green("ok")}: ${plural(report.checked, "pinned reference")} match the lockfile.`];
  const rows = report.drift.map((d) => [d.ref, c.red(d.kind), d.locked.versionId, d.current?.versionId ?? c.dim("-"), d.file]);
  return [
    ...table(["REFERENCE", "DRIFT", "LOCKED", "NOW", "FILE"], rows, c),
    "",
    `${c.red("drift")}: ${report.drift.length} of ${report.checked} pinned references changed since the last pull (run polyprompt pull to update the files).`,
  ];
}
