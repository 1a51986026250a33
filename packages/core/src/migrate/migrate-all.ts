import { createPromptClient } from "../client/create-client.js";
import { PromptError } from "../errors/prompt-error.js";
import { migratePrompt, type MigratePromptOptions } from "./migrate-prompt.js";
import type { MigrationReport } from "./migration-report.js";

export interface MigrateAllOptions extends Omit<MigratePromptOptions, "from" | "to" | "onProgress"> {
  /** The source vendor: every prompt its key can list is copied. */
  from: string;
  /** The target vendor; each prompt keeps its id as its name there, unless `names` maps it. */
  to: string;
  /** Told after each prompt, copied or not. */
  onPrompt?: (progress: PromptOutcome & { index: number; total: number }) => void;
}

/** What happened to one listed prompt. */
export interface PromptOutcome {
  /** `vendor:promptId` in the source. */
  source: string;
  /** Its migration (a plan in a dry run); absent when it failed or was copied with another. */
  report?: MigrationReport;
  /** Why it was not copied: every loss, a refused write, a vendor error. */
  error?: { code: string; message: string };
  /** Copied as an include of these prompts, whose migrations report it. */
  includedBy?: string[];
}

export interface MigrateAllReport {
  from: string;
  to: string;
  dryRun: boolean;
  prompts: PromptOutcome[];
  /** Prompts copied (or planned), including those copied as an include of another. */
  migrated: number;
  failed: number;
  versionsCreated: number;
  /** Every copied version rendered the same in both vendors. */
  rendersMatch: boolean;
}

/**
 * `migratePrompt` for every prompt the source vendor's key can list. Each prompt is planned
 * first (a dry run: reads only), so prompts that others include are copied with them (as the
 * target's includes need them), and standalone only when no prompt including them could be
 * copied. A prompt that cannot be copied is reported with its error and the others go on; a
 * re-run writes nothing new.
 *
 * @example
 * // `other` from "@polyprompt/core/other/write": the target writes.
 * const report = await migrateAll({ vendors: [acme(), other()], dialects: [acmeDialect, otherDialect], from: "acme", to: "other" });
 * report.failed; // 0
 */
export async function migrateAll(options: MigrateAllOptions): Promise<MigrateAllReport> {
  const { from, to, onPrompt, ...rest } = options;
  const client = createPromptClient({
    vendors: options.vendors,
    cache: false,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  const listed = await client.listPrompts(from, { signal: options.signal });
  const migrate = async (promptId: string, dryRun: boolean): Promise<PromptOutcome> => {
    const source = `${from}:${promptId}`;
    try {
      const report = await migratePrompt({ ...rest, from: source, to: `${to}:${options.names?.[promptId] ?? promptId}`, dryRun });
      return { source, report };
    } catch (err) {
      if (!PromptError.is(err)) throw err;
      return { source, error: { code: err.code, message: err.message } };
    }
  };

  // Plan every prompt: which ones are included by which.
  const plans = new Map<string, PromptOutcome>();
  const includedBy = new Map<string, string[]>();
  for (const { promptId } of listed) {
    const plan = await migrate(promptId, true);
    plans.set(promptId, plan);
    for (const prompt of plan.report?.prompts ?? []) {
      if (prompt.asInclude) includedBy.set(prompt.source, [...(includedBy.get(prompt.source) ?? []), plan.source]);
    }
  }

  const outcomes = new Map<string, PromptOutcome>();
  const written = new Set<string>();
  const run = async (promptId: string): Promise<PromptOutcome> => {
    const outcome = options.dryRun ? plans.get(promptId)! : await migrate(promptId, false);
    for (const prompt of outcome.report?.prompts ?? []) written.add(prompt.source);
    return outcome;
  };
  // Prompts no one includes first; then the included ones their includers did not copy.
  const order = [
    ...listed.filter((p) => !includedBy.has(`${from}:${p.promptId}`)),
    ...listed.filter((p) => includedBy.has(`${from}:${p.promptId}`)),
  ];
  for (const [index, { promptId }] of order.entries()) {
    const source = `${from}:${promptId}`;
    const outcome: PromptOutcome = written.has(source) ? { source, includedBy: includedBy.get(source)! } : await run(promptId);
    outcomes.set(promptId, outcome);
    onPrompt?.({ ...outcome, index: index + 1, total: order.length });
  }

  const prompts = listed.map((p) => outcomes.get(p.promptId)!);
  const reports = prompts.flatMap((p) => (p.report ? [p.report] : []));
  return {
    from,
    to,
    dryRun: options.dryRun === true,
    prompts,
    migrated: prompts.filter((p) => !p.error).length,
    failed: prompts.filter((p) => p.error).length,
    versionsCreated: reports.reduce((n, r) => n + r.versionsCreated, 0),
    rendersMatch: reports.every((r) => r.rendersMatch),
  };
}
