import { join } from "node:path";
import {
  contentHash,
  formatRef,
  parseRef,
  PromptError,
  type PromptClient,
  type PromptVersion,
  type TemplateDialect,
  type TranslationLoss,
} from "@polyprompt/core";
import { readTextFile, writeFileAtomic } from "./file-system.js";
import { emptyLockfile, formatLockfile, LOCKFILE_NAME, parseLockfile, type LockEntry } from "./lockfile.js";
import { writePartialFile } from "./partial-file.js";
import { partialFilePath, promptFilePath } from "./prompt-paths.js";
import { writePromptFile } from "./prompt-file.js";

/** How deep includes of includes are followed. */
const MAX_INCLUDE_DEPTH = 5;

export interface PullOptions {
  /** Reads the prompts (a client with every vendor the references name). */
  client: PromptClient;
  /** The vendors' dialects (each vendor entry point exports its `<vendor>Dialect`). */
  dialects: readonly TemplateDialect[];
  /** What to pull: `"acme:support/chat"`, `"acme:aB3xY9@staging"`, … */
  refs: readonly string[];
  /** The prompt directory; created when missing. */
  dir: string;
  /** Write prompts dotprompt cannot express exactly, and report each loss. Default: refuse, writing nothing. */
  allowLossy?: boolean;
}

/** One file a pull wrote (or left as it was). */
export interface PulledFile {
  /** The reference, or `vendor:promptId` for a partial. */
  ref: string;
  file: string;
  versionId: string;
  changed: boolean;
  losses: TranslationLoss[];
}

export interface PullReport {
  files: PulledFile[];
  /** The lockfile's path. */
  lockfile: string;
}

/**
 * Pulls references into a prompt directory: one dotprompt `.prompt` file per reference, a
 * `_name.prompt` partial per prompt they include, and `polyprompt.lock.json` pinning each to its
 * version id and content hash. Everything is fetched and translated first: when anything cannot
 * be written without loss, nothing is written (unless `allowLossy`). Files are replaced through a
 * rename, and the lockfile last, so an interrupted pull leaves the old lockfile in charge.
 *
 * @example
 * await pullPrompts({ client, dialects: [acmeDialect], refs: ["acme:support/chat"], dir: "prompts" });
 */
export async function pullPrompts(options: PullOptions): Promise<PullReport> {
  const lockPath = join(options.dir, LOCKFILE_NAME);
  const existing = await readTextFile(lockPath, "pullPrompts");
  const lock = existing === undefined ? emptyLockfile() : parseLockfile(existing);
  const writes: { file: string; text: string; ref: string; versionId: string; losses: TranslationLoss[] }[] = [];
  const refusals: string[] = [];
  const partialsSeen = new Set<string>();

  const entry = (file: string, version: PromptVersion, hash: string): LockEntry => ({
    file,
    versionId: version.versionId,
    version: version.version,
    createdAt: version.createdAt,
    contentHash: hash,
  });
  const collectIncludes = async (version: PromptVersion, depth: number): Promise<void> => {
    for (const include of options.client.includedRefs(version)) {
      const key = `${include.vendor}:${include.promptId}`;
      if (partialsSeen.has(key)) continue;
      partialsSeen.add(key);
      if (depth >= MAX_INCLUDE_DEPTH) {
        refusals.push(`${key}: includes nest deeper than ${MAX_INCLUDE_DEPTH} levels.`);
        continue;
      }
      const included = await options.client.get(include);
      const hash = await contentHash(included);
      const file = partialFilePath(included.vendor, included.promptId);
      const written = attempt(key, () =>
        writePartialFile(included, { dialects: options.dialects, contentHash: hash, allowLossy: options.allowLossy }),
      );
      if (written) {
        writes.push({ file, text: written.text, ref: key, versionId: included.versionId, losses: written.losses });
        lock.partials[key] = entry(file, included, hash);
      }
      await collectIncludes(included, depth + 1);
    }
  };
  const attempt = <T>(ref: string, write: () => T): T | undefined => {
    try {
      return write();
    } catch (err) {
      if (PromptError.is(err) && err.code === "unsupported") {
        refusals.push(`${ref}: ${err.message}`);
        return undefined;
      }
      throw err;
    }
  };

  for (const text of options.refs) {
    const parsed = parseRef(text);
    const ref = formatRef(parsed);
    const version = await options.client.get(ref);
    const hash = await contentHash(version);
    const file = promptFilePath(parsed);
    const written = attempt(ref, () =>
      writePromptFile(version, { dialects: options.dialects, contentHash: hash, allowLossy: options.allowLossy }),
    );
    if (written) {
      writes.push({ file, text: written.text, ref, versionId: version.versionId, losses: written.losses });
      lock.prompts[ref] = entry(file, version, hash);
    }
    await collectIncludes(version, 0);
  }
  if (refusals.length > 0) {
    throw new PromptError({
      code: "unsupported",
      operation: "pullPrompts",
      message: `Nothing was written: ${refusals.length} prompt${refusals.length === 1 ? "" : "s"} cannot be dotprompt files without loss (allowLossy writes them and reports each loss).\n${refusals.join("\n")}`,
    });
  }
  const files: PulledFile[] = [];
  for (const write of writes) {
    const path = join(options.dir, write.file);
    const before = await readTextFile(path, "pullPrompts");
    if (before !== write.text) await writeFileAtomic(path, write.text);
    files.push({ ref: write.ref, file: write.file, versionId: write.versionId, changed: before !== write.text, losses: write.losses });
  }
  await writeFileAtomic(lockPath, formatLockfile(lock));
  return { files, lockfile: lockPath };
}
