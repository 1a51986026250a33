import type { MigrateAllReport, MigrationReport, PromptClientStats, PromptEvent, PromptVersion, PromptVersionInfo } from "@polyprompt/core";
import { padEnd, type Colors } from "./ansi.js";
import type { LineChange, NamedChange, VersionDiff } from "./diff.js";
import { messageHeader, messageLines, stableStringify } from "./message-text.js";

/** `2025-06-18T09:05:00.000Z` → `2025-06-18 09:05` (UTC). */
export function shortDate(iso: string | undefined): string {
  if (!iso) return "";
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

export const shortId = (id: string): string => (id.length > 8 ? id.slice(0, 8) : id);

export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, Math.max(0, max - 1)).join("")}…` : text;
}

const oneLine = (text: string): string => text.replace(/\s*\r?\n\s*/g, " ⏎ ");

function envList(envs: readonly string[], c: Colors): string {
  if (envs.length === 0) return c.dim("-");
  return envs.map((e) => (e === "production" ? c.green(e) : e === "staging" ? c.yellow(e) : c.cyan(e))).join(", ");
}

/** Lays out rows as columns, two spaces apart; the last column is not padded. */
export function table(header: string[], rows: string[][], c: Colors): string[] {
  const widths = header.map((h, i) => Math.max(c.width(h), ...rows.map((r) => c.width(r[i] ?? ""))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : padEnd(cell, widths[i]!, c.width)))
      .join("  ")
      .trimEnd();
  return [c.bold(line(header)), ...rows.map(line)];
}

/** `polyprompt ls`: one row per version, newest first. */
export function formatVersionTable(ref: string, infos: readonly PromptVersionInfo[], c: Colors): string[] {
  if (infos.length === 0) return [`${c.bold(ref)}: no versions`];
  const rows = infos.map((v) => [
    c.bold(v.version),
    c.dim(shortId(v.versionId)),
    envList(v.environments, c),
    v.draft ? c.magenta("draft") : "",
    shortDate(v.createdAt),
    clip(oneLine(v.commitMessage ?? v.title ?? ""), 60),
  ]);
  const n = infos.length;
  return [
    `${c.bold(ref)} ${c.dim(`(${n} version${n === 1 ? "" : "s"}, newest first)`)}`,
    ...table(["VERSION", "ID", "ENVIRONMENTS", "DRAFT", "CREATED (UTC)", "MESSAGE"], rows, c),
  ];
}

/** `k=v k=v` for the params, JSON for anything not a string or number. */
export function formatParams(params: PromptVersion["params"]): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (key === "extra" && value && typeof value === "object") {
      for (const [k, x] of Object.entries(value as Record<string, unknown>)) parts.push(`${k}=${inline(x)}`);
    } else {
      parts.push(`${key}=${inline(value)}`);
    }
  }
  return parts.join(" ");
}

const inline = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

function label(name: string, c: Colors): string {
  return c.dim(name.padEnd(16));
}

/** Where a result came from, in one line. */
export function provenance(v: Pick<PromptVersion, "source" | "fetchedAt">, origin: string | undefined, c: Colors): string {
  const source = v.source === "network" ? c.green(v.source) : v.source === "cache" ? c.cyan(v.source) : c.yellow(v.source);
  return `${c.dim("source:")} ${source} ${c.dim(`· fetched ${v.fetchedAt}${origin ? ` · from ${origin}` : ""}`)}`;
}

/** `polyprompt get`: a readable view of one version. */
export function formatVersion(v: PromptVersion, c: Colors, options: { origin?: string; maxLines?: number } = {}): string[] {
  const out: string[] = [];
  out.push(
    `${c.bold(`${v.vendor}:${v.promptId}`)}  ${c.bold(`version ${v.version}`)}  ${c.dim(`#${v.versionId}`)}${v.draft ? `  ${c.magenta("draft")}` : ""}`,
  );
  if (v.title) out.push(`${label("title", c)}${v.title}`);
  if (v.commitMessage) out.push(`${label("commit", c)}${oneLine(v.commitMessage)}`);
  out.push(`${label("environments", c)}${envList(v.environments, c)}`);
  out.push(
    `${label("created", c)}${shortDate(v.createdAt)} UTC${v.updatedAt && v.updatedAt !== v.createdAt ? c.dim(`  (updated ${shortDate(v.updatedAt)})`) : ""}`,
  );
  out.push(`${label("model", c)}${v.model ?? c.dim("(none)")}${v.type === "completion" ? c.dim("  (completion prompt)") : ""}`);
  const params = formatParams(v.params);
  out.push(`${label("params", c)}${params || c.dim("(none)")}`);
  if (v.toolChoice !== undefined) out.push(`${label("tool choice", c)}${inline(v.toolChoice)}`);
  if (v.responseFormat) {
    const rf = v.responseFormat;
    const detail =
      rf.type === "json_schema" ? ` ${rf.name ?? ""}${rf.strict ? " (strict)" : ""} ${c.dim(clip(stableStringify(rf.schema), 80))}` : "";
    out.push(`${label("response format", c)}${rf.type}${detail}`);
  }

  out.push("", c.bold(`variables (${v.variables.length})`));
  if (v.variables.length === 0) out.push(c.dim("  (none)"));
  for (const variable of v.variables) {
    const flags = variable.required ? c.yellow("required") : c.dim("optional");
    out.push(`  ${c.cyan(variable.name)}: ${variable.type}  ${flags}${variable.description ? c.dim(`  ${variable.description}`) : ""}`);
  }

  out.push("", c.bold(`messages (${v.messages.length})`));
  if (v.messages.length === 0) out.push(c.dim("  (none)"));
  v.messages.forEach((message, index) => {
    out.push(`  ${c.magenta(messageHeader(message, index))}`);
    let lines = messageLines(message);
    if (options.maxLines !== undefined && lines.length > options.maxLines) {
      const hidden = lines.length - options.maxLines;
      lines = [...lines.slice(0, options.maxLines), c.dim(`… ${hidden} more line${hidden === 1 ? "" : "s"}`)];
    }
    for (const line of lines) out.push(line === "" ? "" : `    ${line}`);
  });

  out.push("", c.bold(`tools (${v.tools.length})`));
  if (v.tools.length === 0) out.push(c.dim("  (none)"));
  for (const tool of v.tools) {
    out.push(`  ${c.cyan(tool.name)}${tool.strict ? c.dim(" (strict)") : ""}${tool.description ? `  ${oneLine(tool.description)}` : ""}`);
    if (tool.parameters) out.push(`    ${c.dim(clip(stableStringify(tool.parameters), 100))}`);
  }

  out.push("", provenance(v, options.origin, c));
  return out;
}

function show(value: unknown): string {
  return value === undefined ? "(absent)" : clip(inline(value), 100);
}

function namedLines(changes: readonly NamedChange[], c: Colors): string[] {
  return changes.map((change) => {
    if (change.change === "added") return c.green(`  + ${change.name}${describe(change.b)}`);
    if (change.change === "removed") return c.red(`  - ${change.name}${describe(change.a)}`);
    return c.yellow(`  ~ ${change.name}: ${(change.fields ?? []).join(", ")} changed${describeChange(change)}`);
  });
}

/** A short description of a tool or variable, for added/removed lines. */
function describe(item: unknown): string {
  if (!item || typeof item !== "object") return "";
  const o = item as Record<string, unknown>;
  if (typeof o.type === "string" && typeof o.required === "boolean") return `: ${o.type}${o.required ? " (required)" : " (optional)"}`;
  if (typeof o.description === "string") return ` ${clip(oneLine(o.description), 70)}`;
  return "";
}

function describeChange(change: NamedChange): string {
  const a = change.a as Record<string, unknown> | undefined;
  const b = change.b as Record<string, unknown> | undefined;
  const fields = change.fields ?? [];
  // Short fields read well as before → after; schemas don't.
  const shortFields = fields.filter((f) => f !== "parameters");
  if (!a || !b || shortFields.length === 0) return "";
  return ` (${shortFields.map((f) => `${f}: ${show(a[f])} → ${show(b[f])}`).join("; ")})`;
}

function messageDiffLines(lines: readonly LineChange[], c: Colors): string[] {
  return lines.map((line) => {
    const text = `  ${line.type === "added" ? "+" : line.type === "removed" ? "-" : " "} ${line.text}`.trimEnd();
    return line.type === "added" ? c.green(text) : line.type === "removed" ? c.red(text) : c.dim(text);
  });
}

/** `polyprompt diff`: a coloured diff of messages (line-level), settings, tools and variables. */
export function formatDiff(diff: VersionDiff, c: Colors): string[] {
  const head = (id: VersionDiff["a"]) => `${id.ref} ${c.dim(`(version ${id.version}, #${shortId(id.versionId)}, ${id.source})`)}`;
  const out = [c.red(`--- a: `) + head(diff.a), c.green(`+++ b: `) + head(diff.b)];
  if (diff.identical) {
    out.push("", c.dim("no differences in messages, params, tools or variables"));
    return out;
  }
  out.push("", c.bold("messages"));
  if (diff.messages.every((l) => l.type === "same")) out.push(c.dim("  (same)"));
  else out.push(...messageDiffLines(diff.messages, c));

  out.push("", c.bold("model and params"));
  if (diff.settings.length === 0) out.push(c.dim("  (same)"));
  for (const s of diff.settings) {
    if (s.a === undefined) out.push(c.green(`  + ${s.key}: ${show(s.b)}`));
    else if (s.b === undefined) out.push(c.red(`  - ${s.key}: ${show(s.a)}`));
    else out.push(`  ${c.yellow("~")} ${s.key}: ${c.red(show(s.a))} → ${c.green(show(s.b))}`);
  }

  out.push("", c.bold("tools"));
  out.push(...(diff.tools.length === 0 ? [c.dim("  (same)")] : namedLines(diff.tools, c)));
  out.push("", c.bold("variables"));
  out.push(...(diff.variables.length === 0 ? [c.dim("  (same)")] : namedLines(diff.variables, c)));
  return out;
}

/** One client event, for the tour and `--debug`. */
export function formatEvent(e: PromptEvent, c: Colors): string {
  const color =
    e.type === "hit"
      ? c.cyan
      : e.type === "miss"
        ? c.blue
        : e.type === "retry" || e.type === "stale" || e.type === "refresh"
          ? c.yellow
          : e.type.endsWith("error") || e.type === "evict"
            ? c.red
            : c.magenta;
  const extra = [
    e.attempt !== undefined ? `attempt ${e.attempt}` : "",
    e.delayMs !== undefined ? `after ${e.delayMs} ms` : "",
    e.error ? `(${e.error.code}${e.error.status ? ` ${e.error.status}` : ""}: ${clip(e.error.message, 100)})` : "",
  ]
    .filter(Boolean)
    .join(" ");
  return `${c.dim("event")} ${color(e.type.padEnd(8))} ${e.ref}${extra ? ` ${c.dim(extra)}` : ""}`;
}

export function formatStats(stats: PromptClientStats, c: Colors): string[] {
  return table(Object.keys(stats), [Object.values(stats).map((n) => String(n))], c);
}

/**
 * A copy of a JSON value cut down for display: long strings clipped, deep objects and long
 * arrays summarized.
 */
export interface TrimOptions {
  maxString?: number;
  maxDepth?: number;
  maxItems?: number;
  /** Object values under these keys are always summarized (schemas, document sources). */
  collapse?: readonly string[];
}

export function trimJson(value: unknown, options: TrimOptions = {}, depth = 0): unknown {
  const { maxString = 80, maxDepth = 6, maxItems = 4, collapse = [] } = options;
  if (typeof value === "string") return clip(value, maxString);
  if (Array.isArray(value)) {
    if (depth >= maxDepth) return `[… ${value.length} item${value.length === 1 ? "" : "s"}]`;
    const items = value.slice(0, maxItems).map((x) => trimJson(x, options, depth + 1));
    if (value.length > maxItems) items.push(`… ${value.length - maxItems} more`);
    return items;
  }
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (depth >= maxDepth) return `{… ${entries.length} key${entries.length === 1 ? "" : "s"}}`;
    return Object.fromEntries(
      entries.map(([k, v]) => [
        k,
        collapse.includes(k) && v && typeof v === "object" ? trimJson(v, { ...options, maxDepth: 0 }) : trimJson(v, options, depth + 1),
      ]),
    );
  }
  return value;
}

/** Pretty JSON, lightly coloured (keys and strings) when colour is on. */
export function formatJson(value: unknown, c: Colors): string {
  const text = JSON.stringify(value, null, 2);
  if (!c.enabled) return text;
  return text.replace(/("(?:[^"\\]|\\.)*")(\s*:)?/g, (_m, str: string, colon: string | undefined) =>
    colon ? `${c.cyan(str)}${colon}` : c.green(str),
  );
}

/** `polyprompt migrate`: one table per prompt (included prompts first), its losses and notes, then a summary. */
export function formatMigration(report: MigrationReport, c: Colors): string[] {
  const lines: string[] = [];
  for (const prompt of report.prompts) {
    const role = prompt.asInclude ? c.dim(" (included by another prompt)") : "";
    lines.push(`${c.bold(prompt.source)} → ${c.bold(prompt.target)}${role}`);
    const rows = prompt.versions.map((v) => [
      c.bold(v.source.version),
      v.targetVersionId === undefined ? c.dim("-") : shortId(v.targetVersionId),
      envList(v.environments, c),
      report.dryRun ? c.dim("planned") : v.created ? c.green("created") : c.dim("already there"),
      v.check === "same" ? c.green("same") : v.check === "different" ? c.red("DIFFERENT") : c.dim("-"),
      shortDate(v.source.createdAt),
    ]);
    lines.push(...table(["VERSION", "TARGET", "ENVIRONMENTS", "WRITE", "RENDERS", "CREATED (UTC)"], rows, c).map((line) => `  ${line}`));
    for (const v of prompt.versions) {
      for (const loss of v.losses)
        lines.push(`  ${c.yellow("loss")} ${v.source.version}: ${loss.kind} "${loss.name}" at ${loss.where}: ${loss.detail}`);
      for (const problem of v.refused) lines.push(`  ${c.red("refused")} ${v.source.version}: ${problem}`);
      if (v.checkDetail) lines.push(`  ${c.red("differs")} ${v.source.version}: ${v.checkDetail}`);
    }
    for (const note of prompt.notes) lines.push(`  ${c.dim(`note: ${note}`)}`);
    lines.push("");
  }
  const versions = report.prompts.reduce((n, prompt) => n + prompt.versions.length, 0);
  if (report.dryRun) {
    lines.push(
      `Dry run: ${versions} version${versions === 1 ? "" : "s"} of ${report.prompts.length} prompt${report.prompts.length === 1 ? "" : "s"} planned; nothing written.`,
    );
  } else {
    const renders = report.rendersMatch
      ? "every checked version renders the same in both"
      : c.red("some versions render differently (see above)");
    lines.push(
      `${report.versionsCreated} version${report.versionsCreated === 1 ? "" : "s"} written, ${report.environmentsSet} environment move${report.environmentsSet === 1 ? "" : "s"}; ${renders}.`,
    );
  }
  return lines;
}

/** `polyprompt migrate --all`: one row per listed prompt, then the failures in full and a summary. */
export function formatMigrateAll(report: MigrateAllReport, c: Colors): string[] {
  const rows = report.prompts.map((p) => {
    const main = p.report?.prompts.at(-1);
    const status = p.error
      ? c.red(p.error.code)
      : p.includedBy
        ? c.dim(`with ${p.includedBy.join(", ")}`)
        : report.dryRun
          ? c.dim("planned")
          : c.green("copied");
    const versions = main ? String(main.versions.length) : c.dim("-");
    const written = p.report ? String(p.report.versionsCreated) : c.dim("-");
    return [p.source, main?.target ?? c.dim("-"), versions, written, status];
  });
  const failures = report.prompts
    .filter((p) => p.error)
    .flatMap((p) => ["", `${c.red("not copied")} ${p.source}:`, ...p.error!.message.split("\n").map((line) => `  ${line}`)]);
  const summary = report.dryRun
    ? `Dry run: ${report.migrated} of ${report.prompts.length} prompts can be copied; nothing written.`
    : `${report.migrated} of ${report.prompts.length} prompts copied (${report.versionsCreated} versions written), ${report.failed} not copied; ${report.rendersMatch ? "every checked version renders the same in both" : c.red("some versions render differently")}.`;
  return [...table(["PROMPT", "TARGET", "VERSIONS", "WRITTEN", "STATUS"], rows, c), ...failures, "", summary];
}
