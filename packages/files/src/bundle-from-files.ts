import { join } from "node:path";
import {
  BUNDLE_FORMAT,
  parseRef,
  PromptError,
  type BundleEntry,
  type PromptBundle,
  type PromptVersion,
  type TemplateDialect,
} from "@polyprompt/core";
import { readTextFile } from "./file-system.js";
import { LOCKFILE_NAME, parseLockfile, type LockEntry } from "./lockfile.js";
import { readPartialFile } from "./partial-file.js";
import { readPromptFile } from "./prompt-file.js";

/**
 * A bootstrap bundle from a pulled prompt directory, for `createPromptClient({ bootstrap })`:
 * every pinned reference and included prompt, as the vendor's own version (translated back from
 * the files into its dialect, with the version id and date from the lockfile). Run it at build
 * time and ship the JSON: the client itself never reads files.
 *
 * @example
 * // build step
 * await writeFile("prompts.bundle.json", JSON.stringify(await bundleFromDirectory("prompts", { dialects: [acmeDialect] })));
 * // app
 * import bundle from "./prompts.bundle.json" with { type: "json" };
 * const prompts = createPromptClient({ vendors: [acme()], bootstrap: bundle });
 */
export async function bundleFromDirectory(dir: string, options: { dialects: readonly TemplateDialect[] }): Promise<PromptBundle> {
  const lockText = await readTextFile(join(dir, LOCKFILE_NAME), "bundleFromDirectory");
  if (lockText === undefined) {
    throw new PromptError({
      code: "invalid_config",
      operation: "bundleFromDirectory",
      message: `No ${LOCKFILE_NAME} in ${dir}: pull first.`,
    });
  }
  const lock = parseLockfile(lockText);
  const read = async (entry: LockEntry, partial: boolean): Promise<PromptVersion> => {
    const text = await readTextFile(join(dir, entry.file), "bundleFromDirectory");
    if (text === undefined) {
      throw new PromptError({
        code: "invalid_config",
        operation: "bundleFromDirectory",
        message: `${entry.file} is in ${LOCKFILE_NAME} but not in ${dir}.`,
      });
    }
    return (partial ? readPartialFile(text, entry.file, options) : readPromptFile(text, entry.file, options)).version;
  };
  const capturedAt = new Date().toISOString();
  const bundled = (version: PromptVersion, entry: LockEntry): BundleEntry["version"] => {
    const { source: _source, fetchedAt: _fetchedAt, ...rest } = version;
    return { ...rest, versionId: entry.versionId, version: entry.version, createdAt: entry.createdAt, capturedAt };
  };
  const entries: BundleEntry[] = [];
  for (const [ref, entry] of Object.entries(lock.prompts)) entries.push({ ref, version: bundled(await read(entry, false), entry) });
  for (const [key, entry] of Object.entries(lock.partials)) {
    const { vendor, promptId } = parseRef(key);
    // Includes name their prompt's production version.
    entries.push({ ref: { vendor, promptId, environment: "production" }, version: bundled(await read(entry, true), entry) });
  }
  return { format: BUNDLE_FORMAT, createdAt: capturedAt, entries };
}
