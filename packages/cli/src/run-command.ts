/**
 * The commands that talk to vendors or files, loaded by `main.ts` only once the command line is
 * known to be well formed: `--help`, `--version` and usage errors never load the core, the
 * adapters or the file code.
 */
import { readFile, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import {
  createPromptClient,
  generatePromptTypes,
  generatePromptTypesFromBundle,
  migrateAll,
  migratePrompt,
  parseRef,
  PromptError,
  toAnthropicMessages,
  toOpenAIChat,
  type MigrationProgress,
  type PromptOutcome,
  type PromptClient,
  type PromptEvent,
  type PromptBundle,
  type FetchLike,
  type PromptVariables,
} from "@polyprompt/core";
import { nodeFetch } from "./node-fetch.js";
import { colorEnabled, loadTextWidth, plainColors, type Colors } from "./ansi.js";

/**
 * The colours and column widths of stdout. JSON output needs neither picocolors nor the width
 * tables, so it loads neither.
 */
async function outputColors(enabled: boolean, json: boolean): Promise<Colors> {
  if (json) return plainColors(noColumns);
  const [{ createColors }, width] = await Promise.all([import("./colors.js"), loadTextWidth()]);
  return createColors(enabled, width);
}

/** The width of JSON mode's colours: never asked, since JSON output lays out no columns. */
const noColumns = (): number => {
  throw new Error("JSON output lays out no columns");
};
import { ConfigError, expandRef, findConfig, resolveSettings } from "./config.js";
import { EXIT, UsageError, type Command, type Io, type Values } from "./main.js";
import type { PullReport, PushedFile, VerifyReport } from "@polyprompt/files";
import { openTarget, planTarget, plannedVendors, type Target, type TargetPlan } from "./target.js";
import { isKnownVendor, keyVariable, KNOWN_VENDORS } from "./vendor-facts.js";
import { VENDOR_MODULES } from "./vendors.js";

/** The text renderers, loaded only when a command prints text. */
const text = () => import("./text-output.js");

/** The prompt-directory commands' code (and its YAML parser), loaded only by them. */
const files = () => import("@polyprompt/files");

/** Runs a well-formed command line; errors propagate to `main.ts`, which reports them. */
export async function runCommand(name: Command, values: Values, positionals: string[], io: Io, debug: boolean): Promise<number> {
  const found = await loadConfig(io.cwd);
  const settings = resolveSettings(
    {
      json: values.json === true || undefined,
      ...(typeof values.dir === "string" ? { dir: values.dir } : {}),
      emulator: values.emulator === true || undefined,
    },
    io.env,
    found?.config,
  );
  if (debug && found) io.stderr.write(`polyprompt: debug: config ${found.path}\n`);
  const plan = planTarget(io.env, settings.emulator);
  const ctx: Context = {
    io,
    // JSON output lays out no columns, so it does without the width tables.
    out: await outputColors(colorEnabled(io.stdout, io.env), settings.json),
    json: settings.json,
    debug,
    plan,
    say: (line) => io.stderr.write(`polyprompt: ${line}\n`),
  };
  // Everything that can be checked without the network is checked before anything starts.

  const renderOptions = name === "render" ? await renderOptionsFrom(values, io.cwd, io.readStdin ?? (async () => "")) : undefined;
  const migrateOptions = name === "migrate" ? migrateOptionsFrom(values, plan) : undefined;
  const typesOptions = name === "types" ? typesOptionsFrom(values, positionals) : undefined;
  // Flags are checked first (misuse, exit 2), then whether each reference's vendor is configured.
  const everyPrompt = name === "migrate" && values.all === true;
  const refs = everyPrompt ? positionals : positionals.map((ref) => expandRef(ref, settings));
  for (const ref of refs) checkRef(everyPrompt ? `${ref}:any` : ref, plan);
  if (name === "push" && typeof values.to === "string") checkRef(`${values.to}:target`, plan);
  // A directory named in the config file is relative to that file.
  const dir = settings.sources.dir === "config" && found ? resolve(dirname(found.path), settings.dir) : resolve(io.cwd, settings.dir);

  const target = await openTarget(plan, ctx.say);
  try {
    const client = await createClient(target, ctx);
    switch (name) {
      case "ls":
        return await ls(client, refs[0]!, values, ctx, target);
      case "get":
        return await get(client, refs[0]!, values, ctx, target);
      case "render":
        return await render(client, refs[0]!, renderOptions!, ctx);
      case "diff":
        return await diff(client, refs[0]!, refs[1]!, values["exit-code"] === true, ctx);
      case "migrate":
        return migrateOptions!.all
          ? await migrateEvery(refs[0]!, migrateOptions!, ctx, target)
          : await migrate(refs[0]!, migrateOptions!, ctx, target);
      case "pull":
        return await reportFiles(
          ctx,
          await (await files()).pullPrompts({
            client,
            dialects: dialectsOf(target),
            refs,
            dir,
            allowLossy: values["allow-lossy"] === true,
          }),
        );
      case "push":
        return await reportPush(
          ctx,
          await (await files()).pushPrompts({
            vendors: target.vendors,
            dialects: dialectsOf(target),
            dir,
            ...(typeof values.to === "string" ? { to: values.to } : {}),
            dryRun: values["dry-run"] === true,
            allowLossy: values["allow-lossy"] === true,
            fetch: transport(ctx),
          }),
          values["dry-run"] === true,
        );
      case "verify":
        return await reportDrift(ctx, await (await files()).verifyPrompts({ client, dir }));
      case "types":
        return await types(client, refs, typesOptions!, dir, ctx, target);
      case "bundle":
        return await writeBundle(
          ctx,
          await (await files()).bundleFromDirectory(dir, { dialects: dialectsOf(target) }),
          values.out as string | undefined,
        );
      default:
        throw new UsageError(`${name} is not a command that talks to a vendor`);
    }
  } finally {
    await target.close();
  }
}

interface Context {
  io: Io;
  out: Colors;
  json: boolean;
  debug: boolean;
  plan: TargetPlan;
  /** Lines for stderr, `polyprompt: ` prefixed. */
  say(line: string): void;
}

/** The nearest config file; one that cannot be read is misuse, reported in one line. */
async function loadConfig(cwd: string) {
  try {
    return await findConfig(cwd);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
}

/** Parses a reference and checks its vendor is one this run talks to. */
function checkRef(ref: string, plan: TargetPlan): void {
  const parsed = parseRef(ref);
  const registered = plannedVendors(plan);
  if ((registered as string[]).includes(parsed.vendor)) return;
  if (isKnownVendor(parsed.vendor)) {
    // A runtime problem, not a typo: the vendor exists, its key is not set.
    throw new PromptError({
      code: "invalid_config",
      operation: "parseRef",
      vendor: parsed.vendor,
      message: `"${ref}": ${parsed.vendor} is not configured: set ${keyVariable(parsed.vendor)}${registered.length > 0 ? ` (configured: ${registered.join(", ")})` : ""}, or pass --emulator to use the built-in emulator`,
    });
  }
  throw new PromptError({
    code: "invalid_ref",
    operation: "parseRef",
    vendor: parsed.vendor,
    message: `"${ref}": unknown vendor "${parsed.vendor}"; known vendors: ${KNOWN_VENDORS.join(", ")}`,
  });
}

/** The CLI's transport: node:http (see node-fetch.ts), logged with --debug. */
function transport(ctx: Context): FetchLike {
  if (!ctx.debug) return nodeFetch;
  const debug = (line: string) => ctx.say(`debug: ${line}`);
  return async (input, init) => {
    const started = performance.now();
    const label = `${input.method} ${input.url}`;
    try {
      const response = await nodeFetch(input, init);
      debug(`${label} -> ${response.status} (${Math.round(performance.now() - started)} ms)`);
      return response;
    } catch (err) {
      debug(`${label} failed after ${Math.round(performance.now() - started)} ms: ${err instanceof Error ? err.message : String(err)}`);
      throw err;
    }
  };
}

async function createClient(target: Target, ctx: Context): Promise<PromptClient> {
  let onEvent: ((event: PromptEvent) => void) | undefined;
  if (ctx.debug) {
    const [{ createColors }, { formatEvent }] = await Promise.all([import("./colors.js"), text()]);
    const plain = createColors(colorEnabled(ctx.io.stderr, ctx.io.env), ctx.out.width);
    onEvent = (event) => ctx.say(`debug: ${formatEvent(event, plain)}`);
  }
  return createPromptClient({
    vendors: target.vendors,
    // A CLI run fetches each reference once: caching only coalesces.
    cache: false,
    ...(onEvent ? { onEvent } : {}),
    fetch: transport(ctx),
  });
}

function print(ctx: Context, lines: string[] | string): number {
  const text = Array.isArray(lines) ? lines.join("\n") : lines;
  ctx.io.stdout.write(`${text}\n`);
  return 0;
}

const printJson = (ctx: Context, value: unknown): number => print(ctx, JSON.stringify(value, null, 2));

function withoutRaw<T extends { raw?: unknown }>(value: T, keep: boolean): T | Omit<T, "raw"> {
  if (keep) return value;
  const { raw: _raw, ...rest } = value;
  return rest;
}

async function ls(client: PromptClient, ref: string, values: Values, ctx: Context, _target: Target): Promise<number> {
  const infos = await client.listVersions(ref);
  if (ctx.json)
    return printJson(
      ctx,
      infos.map((info) => withoutRaw(info, values.raw === true)),
    );
  return print(ctx, (await text()).formatVersionTable(ref, infos, ctx.out));
}

async function get(client: PromptClient, ref: string, values: Values, ctx: Context, target: Target): Promise<number> {
  const version = await client.get(ref);
  if (ctx.json) return printJson(ctx, withoutRaw(version, values.raw === true));
  return print(ctx, (await text()).formatVersion(version, ctx.out, { origin: target.origin }));
}

interface RenderCliOptions {
  variables: PromptVariables;
  format: "openai" | "anthropic";
  maxTokens?: number;
  model?: string;
  keepMissing: boolean;
}

function splitAssignment(flag: string, text: string): [string, string] {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new UsageError(`${flag} wants name=value, got "${text}"`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

async function renderOptionsFrom(values: Values, cwd: string, readStdin: () => Promise<string>): Promise<RenderCliOptions> {
  const variables: PromptVariables = {};
  if (typeof values.vars === "string") {
    let text: string;
    try {
      text = values.vars === "-" ? await readStdin() : await readFile(resolve(cwd, values.vars), "utf8");
    } catch (err) {
      throw new UsageError(`cannot read --vars file ${values.vars}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new UsageError(`--vars file ${values.vars} is not valid JSON: ${(err as Error).message}`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
      throw new UsageError(`--vars file ${values.vars} must hold a JSON object of variables`);
    Object.assign(variables, parsed);
  }
  for (const text of (values.var as string[] | undefined) ?? []) {
    const [name, value] = splitAssignment("--var", text);
    variables[name] = value;
  }
  for (const text of (values["var-json"] as string[] | undefined) ?? []) {
    const [name, value] = splitAssignment("--var-json", text);
    try {
      variables[name] = JSON.parse(value);
    } catch {
      throw new UsageError(`--var-json ${name}: ${JSON.stringify(value)} is not JSON (for a plain string use --var ${name}=…)`);
    }
  }
  const format = (values.format as string | undefined) ?? "openai";
  if (format !== "openai" && format !== "anthropic") throw new UsageError(`--format must be openai or anthropic, not "${format}"`);
  let maxTokens: number | undefined;
  if (values["max-tokens"] !== undefined) {
    const text = String(values["max-tokens"]);
    maxTokens = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(maxTokens) || maxTokens <= 0)
      throw new UsageError(`--max-tokens must be a positive integer, not "${text}"`);
  }
  const model = values.model as string | undefined;
  if (model !== undefined && model.trim() === "") throw new UsageError("--model must not be empty");
  return { variables, format, maxTokens, model, keepMissing: values["keep-missing"] === true };
}

async function render(client: PromptClient, ref: string, options: RenderCliOptions, ctx: Context): Promise<number> {
  const rendered = await client.render(ref, options.variables, { missing: options.keepMissing ? "keep" : "error" });
  const overrides = {
    ...(options.model ? { model: options.model } : {}),
    ...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
  };
  const body = options.format === "openai" ? toOpenAIChat(rendered, overrides) : toAnthropicMessages(rendered, overrides);
  if (!ctx.json) return print(ctx, (await text()).formatJson(body, ctx.out));
  return printJson(ctx, {
    ref,
    vendor: rendered.vendor,
    promptId: rendered.promptId,
    version: rendered.version,
    versionId: rendered.versionId,
    source: rendered.source,
    fetchedAt: rendered.fetchedAt,
    format: options.format,
    body,
  });
}

/** `diff`: exit 0 either way, or with `--exit-code` 1 when the versions differ (as `git diff --exit-code`). */
async function diff(client: PromptClient, refA: string, refB: string, exitCode: boolean, ctx: Context): Promise<number> {
  const [a, b] = await Promise.all([client.get(refA), client.get(refB)]);
  // The diff model (and jsdiff) is loaded by this command only.
  const { diffVersions } = await import("./diff.js");
  const result = diffVersions(a, b, [refA, refB]);
  if (ctx.json) printJson(ctx, result);
  else print(ctx, (await text()).formatDiff(result, ctx.out));
  return exitCode && !result.identical ? EXIT.failure : EXIT.ok;
}

/** The dialects of the vendors this run talks to. */
const dialectsOf = (target: Target) => target.dialects;

async function reportFiles(ctx: Context, report: PullReport): Promise<number> {
  if (ctx.json) return printJson(ctx, report);
  return print(ctx, (await text()).formatPulled(report, ctx.out));
}

async function reportPush(ctx: Context, pushed: PushedFile[], dryRun: boolean): Promise<number> {
  if (ctx.json) return printJson(ctx, pushed);
  return print(ctx, (await text()).formatPushed(pushed, dryRun, ctx.out));
}

/** `verify`: exit 1 on drift, so CI fails. */
async function reportDrift(ctx: Context, report: VerifyReport): Promise<number> {
  if (ctx.json) printJson(ctx, report);
  else print(ctx, (await text()).formatDrift(report, ctx.out));
  return report.drift.length === 0 ? 0 : 1;
}

async function writeBundle(ctx: Context, bundle: PromptBundle, out: string | undefined): Promise<number> {
  const text = `${JSON.stringify(bundle)}\n`;
  if (out === undefined || out === "-") {
    ctx.io.stdout.write(text);
    return 0;
  }
  await writeFile(resolve(ctx.io.cwd, out), text, "utf8");
  ctx.say(`wrote ${bundle.entries.length} entries to ${out}`);
  return 0;
}

interface TypesCliOptions {
  /** Read the prompt directory instead of the vendors. */
  files: boolean;
  out?: string;
  check: boolean;
  strict: boolean;
}

function typesOptionsFrom(values: Values, positionals: string[]): TypesCliOptions {
  const files = values.files === true;
  if (files && positionals.length > 0) throw new UsageError("with --files, types reads every reference of the lockfile: name no reference");
  const out = values.out as string | undefined;
  if (out !== undefined && out.trim() === "") throw new UsageError("--out must not be empty");
  if (values.check === true && out === undefined) throw new UsageError("--check compares with a file: name it with --out");
  return { files, ...(out !== undefined ? { out } : {}), check: values.check === true, strict: values.loose !== true };
}

/**
 * `types`: the registry's TypeScript types, from the vendors or from the prompt directory (which
 * needs no key, for CI). `--check` exits 1 when the file is stale.
 */
async function types(
  client: PromptClient,
  refs: string[],
  options: TypesCliOptions,
  dir: string,
  ctx: Context,
  target: Target,
): Promise<number> {
  let text: string;
  if (options.files) {
    // Every vendor's dialect and engine: a directory may hold any vendor's prompts, keys or not.
    const modules = await Promise.all(KNOWN_VENDORS.map((name) => VENDOR_MODULES[name]()));
    const bundle = await (await files()).bundleFromDirectory(dir, { dialects: modules.map((m) => m.dialect) });
    text = await generatePromptTypesFromBundle(bundle, { engines: modules.map((m) => m.engine), strict: options.strict });
  } else {
    if (target.vendors.length === 0) {
      throw new PromptError({
        code: "invalid_config",
        operation: "types",
        message: `no vendor is configured: set ${KNOWN_VENDORS.map(keyVariable).join(" or ")}, pass --emulator, or read a pulled directory with --files`,
      });
    }
    text = await generatePromptTypes({ vendors: target.vendors, client, ...(refs.length > 0 ? { refs } : {}), strict: options.strict });
  }
  if (options.out === undefined) {
    ctx.io.stdout.write(text);
    return 0;
  }
  const path = resolve(ctx.io.cwd, options.out);
  const references = (text.match(/^ {4}"/gm) ?? []).length;
  if (options.check) {
    const current = await readFile(path, "utf8").catch((err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT") return undefined;
      throw err;
    });
    const upToDate = current === text;
    if (ctx.json) printJson(ctx, { file: options.out, references, upToDate });
    else
      print(
        ctx,
        upToDate
          ? `${options.out} is up to date (${references} references).`
          : `${options.out} is stale: run polyprompt types again without --check to update it.`,
      );
    return upToDate ? 0 : 1;
  }
  await writeFile(path, text, "utf8");
  return ctx.json ? printJson(ctx, { file: options.out, references }) : print(ctx, `wrote ${references} references to ${options.out}`);
}

interface MigrateCliOptions {
  to: string;
  /** Every prompt the source vendor lists. */
  all: boolean;
  dryRun: boolean;
  allowLossy: boolean;
  model?: string;
  environments: Record<string, string>;
  names: Record<string, string>;
}

function migrateOptionsFrom(values: Values, plan: TargetPlan): MigrateCliOptions {
  const to = values.to as string | undefined;
  if (to === undefined || to.trim() === "") throw new UsageError(`migrate needs --to <vendor>[:<name>] (run "polyprompt migrate --help")`);
  const toVendor = to.split(":")[0]!;
  if (values.all === true && to.includes(":"))
    throw new UsageError("with --all, --to names only the vendor: each prompt keeps its id (map names with --name)");
  checkRef(`${toVendor}:target`, plan);
  const pairs = (flag: string): Record<string, string> =>
    Object.fromEntries(((values[flag] as string[] | undefined) ?? []).map((text) => splitAssignment(`--${flag}`, text)));
  const model = values.model as string | undefined;
  if (model !== undefined && model.trim() === "") throw new UsageError("--model must not be empty");
  return {
    to,
    all: values.all === true,
    dryRun: values["dry-run"] === true,
    allowLossy: values["allow-lossy"] === true,
    ...(model !== undefined ? { model } : {}),
    environments: pairs("env"),
    names: pairs("name"),
  };
}

/** What `migrate` and `migrate --all` pass on from the command line. */
function migrationOptions(from: string, options: MigrateCliOptions, target: Target, ctx: Context) {
  return {
    vendors: target.vendors,
    fetch: transport(ctx),
    dialects: dialectsOf(target),
    from,
    to: options.to,
    names: options.names,
    environments: options.environments,
    allowLossy: options.allowLossy,
    dryRun: options.dryRun,
    ...(options.model !== undefined ? { model: options.model } : {}),
  };
}

/** `migrate --all <vendor> --to <vendor>`: every listed prompt, progress on a terminal, a summary table. */
async function migrateEvery(from: string, options: MigrateCliOptions, ctx: Context, target: Target): Promise<number> {
  const onPrompt =
    ctx.io.stderr.isTTY && !ctx.json
      ? (p: PromptOutcome & { index: number; total: number }) =>
          ctx.say(`[${p.index}/${p.total}] ${p.source}: ${p.error ? "not copied" : p.includedBy ? "copied with another" : "done"}`)
      : undefined;
  const report = await migrateAll({ ...migrationOptions(from, options, target, ctx), ...(onPrompt ? { onPrompt } : {}) });
  if (ctx.json) printJson(ctx, report);
  else print(ctx, (await text()).formatMigrateAll(report, ctx.out));
  return report.failed === 0 && report.rendersMatch ? 0 : 1;
}

async function migrate(from: string, options: MigrateCliOptions, ctx: Context, target: Target): Promise<number> {
  // Progress goes to stderr, and only to a terminal: a log or a pipe gets the summary alone.
  const onProgress =
    ctx.io.stderr.isTTY && !ctx.json
      ? (p: MigrationProgress) => ctx.say(`${p.prompt}: version ${p.version.source.version} (${p.index}/${p.total})`)
      : undefined;
  const report = await migratePrompt({ ...migrationOptions(from, options, target, ctx), ...(onProgress ? { onProgress } : {}) });
  if (ctx.json) printJson(ctx, report);
  else print(ctx, (await text()).formatMigration(report, ctx.out));
  return report.rendersMatch ? 0 : 1;
}
