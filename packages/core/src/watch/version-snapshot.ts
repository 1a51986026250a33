import type { PromptVersionInfo } from "../model/types.js";
import type { PromptRefObject } from "../refs/types.js";

/** What the watcher remembers of one version: enough to tell that it moved or changed. */
export type VersionSnapshot = ReadonlyMap<string, string>;

/** One line per version: its environments (sorted), its last update and its draft state. */
export function snapshotOf(
  versions: readonly Pick<PromptVersionInfo, "versionId" | "environments" | "updatedAt" | "draft">[],
): VersionSnapshot {
  const snapshot = new Map<string, string>();
  for (const v of versions) snapshot.set(v.versionId, JSON.stringify([[...v.environments].sort(), v.updatedAt ?? "", v.draft]));
  return snapshot;
}

/** A stable text for a whole snapshot, so processes can tell whether the fleet has seen it. */
export function fingerprintOf(snapshot: VersionSnapshot): string {
  return JSON.stringify([...snapshot].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** What to drop when a prompt's versions changed between two snapshots. */
export interface SnapshotChange {
  /** Versions added, removed or changed (environments, update time, draft state): every entry holding one goes. */
  versionIds: string[];
  /** The references that may now select another version: the bare one, `@latest`, and each environment involved. */
  refs: PromptRefObject[];
}

/**
 * The versions that differ between `before` and `after`, and the selecting references they
 * touch. Without `before` (nothing known), every version that has an environment counts as
 * changed: over-dropping costs one fetch, missing a change serves an old version.
 *
 * @example
 * changeBetween("acme", "support", snapshotOf(old), snapshotOf(now));
 * // → { versionIds: ["v2", "v3"], refs: [{ vendor: "acme", promptId: "support" }, …] }
 */
export function changeBetween(
  vendor: string,
  promptId: string,
  before: VersionSnapshot | undefined,
  after: VersionSnapshot,
): SnapshotChange | undefined {
  const changed = new Set<string>();
  if (before === undefined) {
    for (const [versionId, line] of after) if (environmentsOf(line).length > 0) changed.add(versionId);
  } else {
    for (const [versionId, line] of after) if (before.get(versionId) !== line) changed.add(versionId);
    for (const versionId of before.keys()) if (!after.has(versionId)) changed.add(versionId);
  }
  if (changed.size === 0 && before !== undefined) return undefined;
  const environments = new Set<string>();
  for (const versionId of changed) {
    for (const line of [before?.get(versionId), after.get(versionId)])
      if (line !== undefined) for (const e of environmentsOf(line)) environments.add(e);
  }
  const base = { vendor, promptId };
  return {
    versionIds: [...changed],
    refs: [base, { ...base, version: "latest" }, ...[...environments].map((environment) => ({ ...base, environment }))],
  };
}

const environmentsOf = (line: string): string[] => (JSON.parse(line) as [string[]])[0];
