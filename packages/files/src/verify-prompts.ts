import { join } from "node:path";
import { contentHash, PromptError, type PromptClient, type PromptVersion } from "@polyprompt/core";
import { readTextFile } from "./file-system.js";
import { LOCKFILE_NAME, parseLockfile, type LockEntry } from "./lockfile.js";

/** One pinned reference that no longer matches the vendor. */
export interface Drift {
  ref: string;
  file: string;
  /** What changed: the version the reference points at, or that version's content, or it is gone. */
  kind: "version" | "content" | "missing";
  locked: { versionId: string; contentHash: string };
  /** What the vendor serves now (absent when `missing`). */
  current?: { versionId: string; contentHash: string };
}

export interface VerifyReport {
  /** References and partials checked. */
  checked: number;
  drift: Drift[];
}

/**
 * Compares `polyprompt.lock.json` with the vendors: each pinned reference (and each included
 * prompt) is fetched, and its version id and content hash compared. For CI: drift means the
 * registry moved since the last pull (a promotion, an edit, a deletion).
 *
 * @example
 * const { drift } = await verifyPrompts({ client, dir: "prompts" });
 * if (drift.length > 0) process.exitCode = 1;
 */
export async function verifyPrompts(options: { client: PromptClient; dir: string }): Promise<VerifyReport> {
  const text = await readTextFile(join(options.dir, LOCKFILE_NAME), "verifyPrompts");
  if (text === undefined) {
    throw new PromptError({
      code: "invalid_config",
      operation: "verifyPrompts",
      message: `No ${LOCKFILE_NAME} in ${options.dir}: pull first.`,
    });
  }
  const lock = parseLockfile(text);
  const pinned: [string, LockEntry][] = [...Object.entries(lock.prompts), ...Object.entries(lock.partials)];
  const drift: Drift[] = [];
  for (const [ref, entry] of pinned) {
    const locked = { versionId: entry.versionId, contentHash: entry.contentHash };
    let version: PromptVersion;
    try {
      version = await options.client.get(ref);
    } catch (err) {
      if (PromptError.is(err) && err.code === "not_found") {
        drift.push({ ref, file: entry.file, kind: "missing", locked });
        continue;
      }
      throw err;
    }
    const current = { versionId: version.versionId, contentHash: await contentHash(version) };
    if (current.versionId !== locked.versionId) drift.push({ ref, file: entry.file, kind: "version", locked, current });
    else if (current.contentHash !== locked.contentHash) drift.push({ ref, file: entry.file, kind: "content", locked, current });
  }
  return { checked: pinned.length, drift };
}
