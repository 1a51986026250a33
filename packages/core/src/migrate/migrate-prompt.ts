import { createPromptClient } from "../client/create-client.js";
import type { PromptClient } from "../client/options.js";
import type { PromptContent, PromptVendor } from "../contract/vendor.js";
import { toOpenAIChat } from "../convert/openai.js";
import { PromptError } from "../errors/prompt-error.js";
import type { FetchLike } from "../http/request.js";
import type { PromptMessage, PromptVariables, PromptVersion, PromptVersionInfo, RenderedPrompt } from "../model/types.js";
import type { PromptRefObject } from "../refs/types.js";
import type { TemplateDialect } from "../translate/dialect.js";
import { translationRefused, type TranslationLoss } from "../translate/loss.js";
import { canonicalJson, withoutHashMarkers } from "../write/content-hash.js";
import { publishVersion, writerOf } from "../write/publish-version.js";
import { unsupportedWrite } from "../write/unsupported.js";
import { includesOf, rewriteIncludes } from "./include-refs.js";
import type { MigratedPrompt, MigratedVersion, MigrationProgress, MigrationReport } from "./migration-report.js";
import { sampleVariables } from "./sample-variables.js";

export type { MigratedPrompt, MigratedVersion, MigrationProgress, MigrationReport } from "./migration-report.js";

const OPERATION = "migrate";
/** How deep includes of includes are followed, and how many prompts one migration copies. */
const MAX_INCLUDE_DEPTH = 5;
const MAX_PROMPTS = 50;

export interface MigratePromptOptions {
  /** The source and target vendors, configured (keys, base URLs). Reads go through a client without a cache. */
  vendors: PromptVendor[];
  /** The source's and the target's dialects (each vendor entry point exports its `<vendor>Dialect`). */
  dialects: readonly TemplateDialect[];
  /** The prompt to copy, every version of it: `"acme:aB3xY9"`. */
  from: string;
  /** The target: `"other"` (keeps the source prompt id as the name) or `"other:support/agent"`. */
  to: string;
  /** Target names of the prompts copied because they are included, by source prompt id. Default: the source id. */
  names?: Readonly<Record<string, string>>;
  /** Source environment → target environment (label). Default: the same name, so production stays production. */
  environments?: Readonly<Record<string, string>>;
  /** Write versions the target cannot express exactly, and report each loss. Default: refuse, before any write. */
  allowLossy?: boolean;
  /** The model written for versions that have none, for targets whose writer needs one. */
  model?: string;
  /** Read, translate and report; write nothing. */
  dryRun?: boolean;
  /** Told after each version is written (or planned, in a dry run). */
  onProgress?: (progress: MigrationProgress) => void;
  /** Values to render with when comparing source and target. Default: `sampleVariables(version)`. */
  sampleVariables?: (version: PromptVersion) => PromptVariables;
  fetch?: FetchLike | typeof globalThis.fetch;
  /** Bound on each request. Default 10 000 ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

interface SourcePrompt {
  promptId: string;
  asInclude: boolean;
  /** Oldest first. */
  versions: PromptVersion[];
  /** The messages other prompts include, when copied as an include. */
  includedMessages: Set<number>;
}

/**
 * Copies every version of a prompt to another vendor, oldest first, with its commit messages and
 * dates (in the target's commit message), its environments (production → production unless
 * `environments` maps them) and, first, every prompt it includes.
 *
 * - Templates are translated through the neutral form; what the target cannot express refuses
 *   the whole migration with `unsupported` before anything is written, unless `allowLossy`.
 * - Each version is written with `publishVersion`, keyed by a hash of its content and its
 *   source version: a re-run writes nothing, and a run stopped half-way and run again writes
 *   each version exactly once.
 * - Afterwards each lossless version is rendered in the source and the target with the same
 *   sample values, and the report says, version by version, whether the OpenAI bodies agree.
 *
 * @example
 * import { acme, acmeDialect } from "@polyprompt/core/acme";
 * import { otherDialect } from "@polyprompt/core/other";
 * import { other } from "@polyprompt/core/other/write"; // the target writes
 * const report = await migratePrompt({
 *   vendors: [acme(), other()],
 *   dialects: [acmeDialect, otherDialect],
 *   from: "acme:aB3xY9",
 *   to: "other:support/agent",
 * });
 * report.rendersMatch; // true
 */
export async function migratePrompt(options: MigratePromptOptions): Promise<MigrationReport> {
  const [fromVendorName, fromPromptId] = splitTarget(options.from, "from");
  const [toVendorName, toName] = splitTarget(options.to, "to");
  if (fromPromptId === undefined) throw invalid(`"from" names a prompt: write "${fromVendorName}:<prompt id>".`);
  const source = vendorNamed(options.vendors, fromVendorName);
  const target = vendorNamed(options.vendors, toVendorName);
  const fromDialect = dialectFor(options.dialects, source.templateEngine.syntax);
  const toDialect = dialectFor(options.dialects, target.templateEngine.syntax);
  const writer = options.dryRun ? target.writes : writerOf(target, OPERATION);

  const client = createPromptClient({
    vendors: options.vendors,
    cache: false,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  const signal = options.signal;
  const prompts = await readSourcePrompts(client, source.name, fromPromptId, fromDialect, signal);
  const targetNameOf = (promptId: string): string =>
    promptId === fromPromptId ? (toName ?? promptId) : (options.names?.[promptId] ?? promptId);
  const environmentOf = (environment: string): string => options.environments?.[environment] ?? environment;

  // Where each copied prompt and version is in the target, as writes learn it.
  const targetIds = new Map<string, string>();
  const targetVersions = new Map<string, { versionId: string; version?: string }>();
  // A prompt not written yet has no id in the target. Where the target's includes name prompts by
  // ids it assigns, its dialect gives a stand-in of the right form, so the plan judges
  // every include exactly as the real run will; losses name the planned name, not the stand-in.
  const standIns = new Map<string, string>();
  const targetIdOf = (sourcePromptId: string): string => {
    const known = targetIds.get(sourcePromptId);
    if (known !== undefined) return known;
    const standInFor = toDialect.grammar.standInPromptId;
    if (standInFor === undefined) return targetNameOf(sourcePromptId);
    const standIn = standIns.get(sourcePromptId) ?? standInFor(standIns.size);
    standIns.set(sourcePromptId, standIn);
    return standIn;
  };
  const rewriteRef = (ref: PromptRefObject): PromptRefObject => {
    const out: PromptRefObject = { vendor: target.name, promptId: targetIdOf(ref.promptId) };
    if (ref.environment !== undefined) out.environment = environmentOf(ref.environment);
    const pinned = ref.versionId ?? ref.version;
    if (pinned !== undefined) {
      const mapped = targetVersions.get(`${ref.promptId}#${pinned}`);
      // Until the pinned version is written, its source label stands in (the dry run's plan).
      out.version = mapped?.version ?? mapped?.versionId ?? pinned;
    }
    return out;
  };
  const withPlannedNames = (loss: TranslationLoss): TranslationLoss => {
    let name = loss.name;
    for (const [sourcePromptId, standIn] of standIns) {
      if (!targetIds.has(sourcePromptId)) name = name.split(standIn).join(targetNameOf(sourcePromptId));
    }
    return name === loss.name ? loss : { ...loss, name };
  };
  /** The version as content for the target, and what the target cannot express. */
  const translate = (prompt: SourcePrompt, version: PromptVersion): { content: PromptContent; losses: TranslationLoss[] } => {
    const neutral = rewriteIncludes(fromDialect.read(version), rewriteRef);
    const sameDialect = fromDialect.syntax === toDialect.syntax && includesOf(neutral).length === 0;
    const written = sameDialect ? { version, losses: [] } : toDialect.write(neutral);
    const losses = written.losses.map(withPlannedNames);
    const content = contentOf(written.version, version, source.name, options.model);
    // A target that fixes a prompt's type at its first version gets a mixed history as chats, a
    // completion being one user message in both.
    if (content.type === "completion" && target.writes?.typeFixedByFirstVersion && prompt.versions.some((v) => v.type !== "completion")) {
      delete content.type;
    }
    if (prompt.asInclude && toDialect.grammar.includeTarget === "text-prompt") return asTextPrompt(content, prompt, losses);
    return { content, losses };
  };

  // Plan first, so that every loss and every write the target refuses is known, and refused,
  // before anything is written.
  const plan = prompts.flatMap((prompt) => prompt.versions.map((version) => ({ version, ...translate(prompt, version) })));
  const blocking = plan.flatMap((step) => step.losses);
  if (blocking.length > 0 && !options.allowLossy && !options.dryRun) {
    throw translationRefused(fromDialect.syntax, toDialect.syntax, blocking);
  }
  const refusals = writer
    ? plan.flatMap((step) =>
        writer
          .check("createVersion", step.content)
          .map((problem) => `version ${step.version.version} of ${step.version.promptId}: ${problem}`),
      )
    : [];
  if (refusals.length > 0 && !options.dryRun) throw unsupportedWrite(target.name, OPERATION, [...new Set(refusals)]);

  const report: MigrationReport = {
    from: `${source.name}:${fromPromptId}`,
    to: `${target.name}:${targetNameOf(fromPromptId)}`,
    dryRun: options.dryRun === true,
    prompts: [],
    versionsCreated: 0,
    environmentsSet: 0,
    rendersMatch: true,
  };
  for (const prompt of prompts) {
    const migrated: MigratedPrompt = {
      source: `${source.name}:${prompt.promptId}`,
      target: `${target.name}:${targetNameOf(prompt.promptId)}`,
      asInclude: prompt.asInclude,
      versions: [],
      notes: [],
    };
    report.prompts.push(migrated);
    for (const [index, version] of prompt.versions.entries()) {
      signal?.throwIfAborted();
      const { content, losses } = translate(prompt, version);
      if (losses.length > 0 && !options.allowLossy && !options.dryRun)
        throw translationRefused(fromDialect.syntax, toDialect.syntax, losses);
      const environments = version.environments.map(environmentOf);
      const step: MigratedVersion = {
        source: {
          versionId: version.versionId,
          version: version.version,
          createdAt: version.createdAt,
          environments: version.environments,
        },
        environments,
        created: false,
        refused: writer?.check("createVersion", content) ?? [],
        losses,
        check: "skipped",
      };
      if (!options.dryRun) {
        const written = await publishVersion(
          target,
          { promptId: targetIds.get(prompt.promptId) ?? targetNameOf(prompt.promptId), content, environments },
          {
            ...(options.fetch ? { fetch: options.fetch as FetchLike } : {}),
            ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
            ...(signal ? { signal } : {}),
          },
        );
        targetIds.set(prompt.promptId, written.promptId);
        migrated.target = `${target.name}:${written.promptId}`;
        step.targetVersionId = written.versionId;
        step.created = written.created;
        report.versionsCreated += written.created ? 1 : 0;
        report.environmentsSet += written.environmentsSet.length;
      }
      migrated.versions.push(step);
      options.onProgress?.({ prompt: migrated.source, index: index + 1, total: prompt.versions.length, version: step });
    }
    if (!options.dryRun) {
      // One listing of the copy serves both: version labels for pinned includes, and notes.
      const listed = await client.listVersions(
        { vendor: target.name, promptId: migrated.target.slice(target.name.length + 1) },
        { signal },
      );
      recordTargetVersions(listed, prompt, migrated, targetVersions);
      noteUnaskedEnvironments(listed, target.name, migrated);
    }
  }
  if (!options.dryRun) {
    for (const [promptIndex, prompt] of prompts.entries()) {
      if (prompt.asInclude) continue;
      const migrated = report.prompts[promptIndex]!;
      for (const [index, version] of prompt.versions.entries()) {
        const step = migrated.versions[index]!;
        if (step.losses.length > 0) continue;
        const values = (options.sampleVariables ?? sampleVariables)(version);
        const targetRef = { vendor: target.name, promptId: targetIds.get(prompt.promptId)!, versionId: step.targetVersionId! };
        Object.assign(step, await compareRenders(client, version, targetRef, values, signal));
        if (step.check === "different") report.rendersMatch = false;
      }
    }
  }
  return report;
}

/** The prompt and, first, every prompt it includes (depth-first, each once), with every version oldest first. */
async function readSourcePrompts(
  client: PromptClient,
  vendor: string,
  promptId: string,
  dialect: TemplateDialect,
  signal: AbortSignal | undefined,
): Promise<SourcePrompt[]> {
  const ordered: SourcePrompt[] = [];
  const seen = new Map<string, SourcePrompt>();
  const visit = async (id: string, asInclude: boolean, path: string[]): Promise<SourcePrompt> => {
    const known = seen.get(id);
    if (known) return known;
    if (path.includes(id)) throw invalidPrompt(vendor, `Prompts include each other: ${[...path, id].join(" → ")}.`);
    if (path.length > MAX_INCLUDE_DEPTH)
      throw invalidPrompt(vendor, `Includes nest deeper than ${MAX_INCLUDE_DEPTH} levels: ${[...path, id].join(" → ")}.`);
    if (seen.size >= MAX_PROMPTS) throw invalidPrompt(vendor, `One migration copies at most ${MAX_PROMPTS} prompts (with their includes).`);
    const infos = await client.listVersions({ vendor, promptId: id }, { signal });
    // Oldest first; the vendor lists newest first, which breaks ties between equal dates.
    const infosOldestFirst = infos
      .map((info, index) => ({ info, index }))
      .sort((a, b) => a.info.createdAt.localeCompare(b.info.createdAt) || b.index - a.index)
      .map(({ info }) => info);
    const versions: PromptVersion[] = [];
    for (const info of infosOldestFirst) versions.push(await client.get({ vendor, promptId: id, versionId: info.versionId }, { signal }));
    const prompt: SourcePrompt = { promptId: id, asInclude, versions, includedMessages: new Set() };
    for (const version of versions) {
      for (const include of includesOf(dialect.read(version))) {
        const child = await visit(include.ref.promptId, true, [...path, id]);
        child.includedMessages.add(include.messageIndex);
      }
    }
    seen.set(id, prompt);
    ordered.push(prompt);
    return prompt;
  };
  await visit(promptId, false, []);
  return ordered;
}

/** A translated version as content to write, with its origin and its source's commit message and date. */
function contentOf(translated: PromptVersion, source: PromptVersion, vendor: string, defaultModel: string | undefined): PromptContent {
  const origin = `${vendor}:${source.promptId}#${source.versionId}`;
  const provenance = `Migrated from ${origin} (version ${source.version}, created ${source.createdAt}).`;
  const content: PromptContent = {
    messages: translated.messages,
    tools: translated.tools,
    params: translated.params,
    variables: translated.variables,
    commitMessage: source.commitMessage ? `${withoutHashMarkers(source.commitMessage)}\n\n${provenance}` : provenance,
    origin,
  };
  if (translated.type !== undefined) content.type = translated.type;
  if (translated.toolChoice !== undefined) content.toolChoice = translated.toolChoice;
  const model = translated.model ?? defaultModel;
  if (model !== undefined) content.model = model;
  if (translated.responseFormat !== undefined) content.responseFormat = translated.responseFormat;
  return content;
}

/**
 * An included prompt for a target whose includes name whole text prompts: the included message's
 * text becomes the version's one text. Every other message is a loss.
 */
function asTextPrompt(
  content: PromptContent,
  prompt: SourcePrompt,
  losses: TranslationLoss[],
): { content: PromptContent; losses: TranslationLoss[] } {
  const out = [...losses];
  const loss = (part: string, detail: string): void => {
    out.push({ kind: "include", name: `${prompt.promptId}:${part}`, where: `prompt ${prompt.promptId}`, detail });
  };
  const [index = 0, ...others] = [...prompt.includedMessages].sort((a, b) => a - b);
  for (const other of others)
    loss(
      String(other),
      "the target includes whole text prompts, and other prompts include more than one message of this one; allowLossy keeps the first",
    );
  for (let i = 0; i < content.messages.length; i++) {
    if (i !== index && !others.includes(i))
      loss(String(i), "the target includes whole text prompts: only the included message is copied; allowLossy leaves this one out");
  }
  if (content.tools?.length) loss("tools", "a text prompt has no tools; allowLossy leaves them out");
  if (content.responseFormat) loss("responseFormat", "a text prompt has no response format; allowLossy leaves it out");
  const message = content.messages[index];
  const text = message !== undefined && message.role !== "placeholder" && typeof message.content === "string" ? message.content : undefined;
  if (text === undefined) loss(String(index), "the included message is not plain text; allowLossy writes an empty text");
  const single: PromptMessage = { role: "user", content: text ?? "" };
  const { tools: _tools, toolChoice: _toolChoice, responseFormat: _responseFormat, ...rest } = content;
  return { content: { ...rest, type: "completion", messages: [single] }, losses: out };
}

/** Learns each written version's display label in the target, for includes pinned to a version. */
function recordTargetVersions(
  listed: readonly PromptVersionInfo[],
  prompt: SourcePrompt,
  migrated: MigratedPrompt,
  targetVersions: Map<string, { versionId: string; version?: string }>,
): void {
  prompt.versions.forEach((version, index) => {
    const versionId = migrated.versions[index]!.targetVersionId!;
    const label = listed.find((info) => info.versionId === versionId)?.version;
    const mapped = label === undefined ? { versionId } : { versionId, version: label };
    targetVersions.set(`${prompt.promptId}#${version.versionId}`, mapped);
    targetVersions.set(`${prompt.promptId}#${version.version}`, mapped);
  });
}

/** Notes environments the target holds that the source did not ask for (e.g. one a vendor sets on a new prompt). */
function noteUnaskedEnvironments(listed: readonly PromptVersionInfo[], vendor: string, migrated: MigratedPrompt): void {
  const asked = new Set(migrated.versions.flatMap((version) => version.environments));
  for (const info of listed) {
    for (const environment of info.environments) {
      if (!asked.has(environment))
        migrated.notes.push(`${vendor} put version ${info.version} in "${environment}", which no source version was in.`);
    }
  }
}

/** Renders the source version and its copy with the same values and compares the OpenAI bodies. */
async function compareRenders(
  client: PromptClient,
  version: PromptVersion,
  targetRef: PromptRefObject,
  values: PromptVariables,
  signal: AbortSignal | undefined,
): Promise<Pick<MigratedVersion, "check" | "checkDetail">> {
  const body = (rendered: RenderedPrompt): string => {
    const { model: _model, ...request } = toOpenAIChat(rendered, { model: rendered.model ?? "unset" });
    // A model the source lacks and the migration supplied (`model`) is not a difference.
    return canonicalJson({ ...request, model: version.model === undefined ? undefined : rendered.model });
  };
  const sourceRef = { vendor: version.vendor, promptId: version.promptId, versionId: version.versionId };
  const [before, after] = await Promise.all([client.render(sourceRef, values, { signal }), client.render(targetRef, values, { signal })]);
  const a = body(before);
  const b = body(after);
  if (a === b) return { check: "same" };
  return { check: "different", checkDetail: `source renders ${a}\ntarget renders ${b}` };
}

function splitTarget(text: string, option: string): [string, string | undefined] {
  const colon = text.indexOf(":");
  const vendor = colon === -1 ? text : text.slice(0, colon);
  const name = colon === -1 ? undefined : text.slice(colon + 1);
  if (vendor === "" || name === "") throw invalid(`"${option}" is "<vendor>" or "<vendor>:<prompt>", not ${JSON.stringify(text)}.`);
  return [vendor, name];
}

function vendorNamed(vendors: readonly PromptVendor[], name: string): PromptVendor {
  const vendor = vendors.find((v) => v.name === name);
  if (vendor) return vendor;
  throw invalid(`No vendor "${name}" among ${vendors.map((v) => `"${v.name}"`).join(", ") || "none"}: pass it in \`vendors\`.`);
}

function dialectFor(dialects: readonly TemplateDialect[], syntax: string): TemplateDialect {
  const dialect = dialects.find((d) => d.syntax === syntax);
  if (dialect) return dialect;
  throw invalid(`No dialect for "${syntax}" templates: pass its \`<vendor>Dialect\` in \`dialects\`.`);
}

function invalid(message: string): PromptError {
  return new PromptError({ code: "invalid_config", operation: OPERATION, message });
}

function invalidPrompt(vendor: string, message: string): PromptError {
  return new PromptError({ code: "invalid_prompt", vendor, operation: OPERATION, message });
}
