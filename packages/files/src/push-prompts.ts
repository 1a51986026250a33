import { join } from "node:path";
import {
  includesOf,
  publishVersion,
  PromptError,
  rewriteIncludes,
  type PromptContent,
  type PromptVendor,
  type PromptVersion,
  type TemplateDialect,
  type TranslationLoss,
  type WriteOptions,
} from "@polyprompt/core";
import { listPromptFiles, readTextFile } from "./file-system.js";
import { readPartialFile } from "./partial-file.js";
import { readPromptFile } from "./prompt-file.js";

export interface PushOptions {
  /** The vendors to write to (each file's own, or `to`), configured. */
  vendors: readonly PromptVendor[];
  dialects: readonly TemplateDialect[];
  /** The prompt directory, as `pullPrompts` wrote it. */
  dir: string;
  /** Write every file to this vendor instead of the one it came from (templates are translated). */
  to?: string;
  /** Write what the target cannot express exactly, and report each loss. Default: refuse before any write. */
  allowLossy?: boolean;
  /** Plan only: read, translate and check every file; write nothing. */
  dryRun?: boolean;
  fetch?: WriteOptions["fetch"];
  timeoutMs?: number;
}

/** One file a push wrote (or found already there). */
export interface PushedFile {
  file: string;
  /** `vendor:promptId` in the target. */
  target: string;
  versionId?: string;
  created: boolean;
  environmentsSet: string[];
  losses: TranslationLoss[];
}

interface Planned {
  file: string;
  partial: boolean;
  version: PromptVersion;
  environments: string[];
}

/**
 * Pushes a prompt directory to a vendor: partials first (so includes resolve), then every
 * `.prompt` file, each as a version with its environments, through `publishVersion`, so a re-run
 * writes nothing and an interrupted run finishes when run again. Everything is read, translated
 * and checked before the first write; a loss or a refused write stops the push with
 * `unsupported`, listing every problem (unless `allowLossy`). Pushing to an empty registry of the
 * same vendor and pulling again gives the same files.
 *
 * @example
 * // `acme` from "@polyprompt/core/acme/write": a push writes.
 * await pushPrompts({ vendors: [acme()], dialects: [acmeDialect], dir: "prompts" });
 */
export async function pushPrompts(options: PushOptions): Promise<PushedFile[]> {
  const planned: Planned[] = [];
  for (const file of await listPromptFiles(options.dir)) {
    const text = (await readTextFile(join(options.dir, file), "pushPrompts"))!;
    const partial = file.split("/").at(-1)!.startsWith("_");
    const read = partial ? readPartialFile(text, file, options) : readPromptFile(text, file, options);
    planned.push({ file, partial, version: read.version, environments: read.meta.environments });
  }
  planned.sort((a, b) => Number(b.partial) - Number(a.partial));

  const vendorFor = (name: string): PromptVendor => {
    const vendor = options.vendors.find((v) => v.name === name);
    if (vendor) return vendor;
    throw new PromptError({
      code: "invalid_config",
      operation: "pushPrompts",
      message: `No vendor "${name}" to push to: pass it in \`vendors\`.`,
    });
  };
  const dialectFor = (syntax: string): TemplateDialect => {
    const dialect = options.dialects.find((d) => d.syntax === syntax);
    if (dialect) return dialect;
    throw new PromptError({
      code: "invalid_config",
      operation: "pushPrompts",
      message: `No dialect for "${syntax}" templates: pass its <vendor>Dialect.`,
    });
  };

  // Where each pushed prompt is in the target, for includes of prompts whose id the target gives.
  const targetIds = new Map<string, string>();
  const contentFor = (item: Planned): { target: PromptVendor; content: PromptContent; losses: TranslationLoss[] } => {
    const target = vendorFor(options.to ?? item.version.vendor);
    const to = dialectFor(target.templateEngine.syntax);
    const from = dialectFor(item.version.template);
    const neutral = rewriteIncludes(from.read(item.version), (ref) => ({
      ...ref,
      vendor: target.name,
      promptId: targetIds.get(`${ref.vendor}:${ref.promptId}`) ?? ref.promptId,
    }));
    const translated =
      from.syntax === to.syntax && includesOf(neutral).length === 0 ? { version: item.version, losses: [] } : to.write(neutral);
    const v = translated.version;
    const single = item.partial && to.grammar.includeTarget === "text-prompt";
    const content: PromptContent = {
      messages: single ? [{ role: "user", content: (v.messages[0] as { content: string }).content }] : v.messages,
      tools: v.tools,
      params: v.params,
      variables: v.variables,
      ...(single ? { type: "completion" as const } : v.type !== undefined ? { type: v.type } : {}),
      ...(v.model !== undefined ? { model: v.model } : {}),
      ...(v.toolChoice !== undefined ? { toolChoice: v.toolChoice } : {}),
      ...(v.responseFormat !== undefined ? { responseFormat: v.responseFormat } : {}),
    };
    return { target, content, losses: translated.losses };
  };

  // Check everything first. (The write loop translates again: the ids the target gives to the
  // partials written before a file change what its includes point at.)
  const problems: string[] = [];
  const checked = planned.map((item) => ({ item, ...contentFor(item) }));
  for (const { item, target, content, losses } of checked) {
    if (losses.length > 0 && !options.allowLossy)
      problems.push(...losses.map((l) => `${item.file}: ${l.kind} "${l.name}" at ${l.where}: ${l.detail}`));
    const writer = target.writes;
    if (!writer)
      problems.push(
        `${item.file}: ${target.name} is read-only here (a built-in vendor writes when its factory comes from "@polyprompt/core/<vendor>/write").`,
      );
    else problems.push(...writer.check("createVersion", content).map((p) => `${item.file}: ${p}`));
  }
  if (problems.length > 0) {
    throw new PromptError({ code: "unsupported", operation: "pushPrompts", message: `Nothing was pushed:\n${problems.join("\n")}` });
  }
  if (options.dryRun)
    return checked.map(({ item, target, losses }) => ({
      file: item.file,
      target: `${target.name}:${item.version.promptId}`,
      created: false,
      environmentsSet: [],
      losses,
    }));

  const writeOptions: WriteOptions = {
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  };
  const pushed: PushedFile[] = [];
  for (const item of planned) {
    const { target, content, losses } = contentFor(item);
    const key = `${item.version.vendor}:${item.version.promptId}`;
    const result = await publishVersion(
      target,
      { promptId: targetIds.get(key) ?? item.version.promptId, content, environments: item.environments },
      writeOptions,
    );
    targetIds.set(key, result.promptId);
    pushed.push({
      file: item.file,
      target: `${target.name}:${result.promptId}`,
      versionId: result.versionId,
      created: result.created,
      environmentsSet: result.environmentsSet,
      losses,
    });
  }
  return pushed;
}
