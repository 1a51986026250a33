import type { TranslationLoss } from "../translate/loss.js";

/** One source version and what the migration did with it. */
export interface MigratedVersion {
  /** The source version: id, display label, creation date and environments. */
  source: { versionId: string; version: string; createdAt: string; environments: string[] };
  /** The target version's id; absent in a dry run. */
  targetVersionId?: string;
  /** The target environments (labels) moved to it. */
  environments: string[];
  /** True when this run wrote it; false when it was already there (a re-run) or in a dry run. */
  created: boolean;
  /** What the target's writer refuses in this version: listed by a dry run; a real run stops on it before any write. */
  refused: string[];
  /** What the target could not express (written only with `allowLossy`). */
  losses: TranslationLoss[];
  /**
   * `"same"`: source and target render to the same OpenAI body with the same sample values.
   * `"different"`: they do not (see `checkDetail`). `"skipped"`: dry run, a lossy version, or a
   * prompt copied as an include (checked through the prompts that include it).
   */
  check: "same" | "different" | "skipped";
  checkDetail?: string;
}

/** One prompt of a migration: the one asked for, or one it includes (copied first). */
export interface MigratedPrompt {
  /** `vendor:promptId` in the source. */
  source: string;
  /** `vendor:promptId` in the target (the name asked for, until the target has given an id). */
  target: string;
  /** Copied because another migrated prompt includes it. */
  asInclude: boolean;
  /** Oldest first. */
  versions: MigratedVersion[];
  /** Things worth a look that are not losses, e.g. an environment the target set on its own. */
  notes: string[];
}

/** What `migratePrompt` did, or in a dry run would do. */
export interface MigrationReport {
  from: string;
  to: string;
  dryRun: boolean;
  /** Included prompts first, then the one asked for. */
  prompts: MigratedPrompt[];
  /** Versions this run created (0 on a re-run of a finished migration and in a dry run). */
  versionsCreated: number;
  /** Environment moves this run made. */
  environmentsSet: number;
  /** Every version's check came out `"same"` or `"skipped"`. */
  rendersMatch: boolean;
}

/** What `onProgress` is told, once per version. */
export interface MigrationProgress {
  prompt: string;
  /** 1-based, over the prompt's versions. */
  index: number;
  total: number;
  version: MigratedVersion;
}
