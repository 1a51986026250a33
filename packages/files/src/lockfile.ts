import { PromptError } from "@polyprompt/core";

export const LOCKFILE_NAME = "polyprompt.lock.json";
export const LOCKFILE_VERSION = 1;

/** What a pull pinned one reference (or one included prompt) to. */
export interface LockEntry {
  /** The file, relative to the prompt directory. */
  file: string;
  versionId: string;
  /** The vendor's display label (`"2.1"`, `"3"`). */
  version: string;
  /** ISO 8601, from the vendor. */
  createdAt: string;
  /** `contentHash` of the version. */
  contentHash: string;
}

/** `polyprompt.lock.json`: each pulled reference, and each prompt they include, pinned. */
export interface Lockfile {
  lockfileVersion: typeof LOCKFILE_VERSION;
  /** By reference, as it was pulled: `"acme:support/chat@staging"`. */
  prompts: Record<string, LockEntry>;
  /** By `vendor:promptId` (their production version, as includes name them). */
  partials: Record<string, LockEntry>;
}

export const emptyLockfile = (): Lockfile => ({ lockfileVersion: LOCKFILE_VERSION, prompts: {}, partials: {} });

/** The lockfile as text: keys sorted, two-space indent, a final newline, so diffs are small. */
export function formatLockfile(lock: Lockfile): string {
  const sorted = (record: Record<string, LockEntry>) =>
    Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((key) => {
          const { file, versionId, version, createdAt, contentHash } = record[key]!;
          return [key, { file, versionId, version, createdAt, contentHash }];
        }),
    );
  return `${JSON.stringify({ lockfileVersion: lock.lockfileVersion, prompts: sorted(lock.prompts), partials: sorted(lock.partials) }, null, 2)}\n`;
}

function invalidLock(message: string): PromptError {
  return new PromptError({ code: "invalid_config", operation: "readLockfile", message: `${LOCKFILE_NAME}: ${message}` });
}

/** Reads and checks a lockfile's text; every problem is an `invalid_config` naming it. */
export function parseLockfile(text: string): Lockfile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw invalidLock(`not JSON (${(err as Error).message})`);
  }
  const lock = value as Partial<Lockfile> | null;
  if (typeof lock !== "object" || lock === null || Array.isArray(lock)) throw invalidLock("not an object");
  if (lock.lockfileVersion !== LOCKFILE_VERSION)
    throw invalidLock(`lockfileVersion ${JSON.stringify(lock.lockfileVersion)} is not ${LOCKFILE_VERSION}`);
  const entries = (name: "prompts" | "partials"): Record<string, LockEntry> => {
    const record = lock[name] ?? {};
    if (typeof record !== "object" || Array.isArray(record)) throw invalidLock(`"${name}" is not an object`);
    for (const [key, entry] of Object.entries(record)) {
      for (const field of ["file", "versionId", "version", "createdAt", "contentHash"] as const) {
        if (typeof (entry as Partial<LockEntry> | null)?.[field] !== "string")
          throw invalidLock(`${name}["${key}"].${field} is not a string`);
      }
    }
    return record as Record<string, LockEntry>;
  };
  return { lockfileVersion: LOCKFILE_VERSION, prompts: entries("prompts"), partials: entries("partials") };
}
