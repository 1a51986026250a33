/**
 * `polyprompt.config.{json,js,mjs,ts}`, found upward from the working directory, and how its
 * settings combine with flags and the environment: a flag wins over an environment variable,
 * which wins over the config file.
 *
 * ```json
 * { "defaultVendor": "langfuse", "aliases": { "support": "langfuse:support/chat@production" }, "dir": "prompts", "output": "text" }
 * ```
 */
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

export const CONFIG_FILES = ["polyprompt.config.json", "polyprompt.config.js", "polyprompt.config.mjs", "polyprompt.config.ts"] as const;
/** Folders searched upward from the working directory, at most. */
const MAX_SEARCH_DEPTH = 64;

export interface CliConfig {
  /** The vendor of a reference written without one: `support/chat` means `<defaultVendor>:support/chat`. */
  defaultVendor?: string;
  /** Short names for references: `polyprompt get support`. */
  aliases?: Record<string, string>;
  /** The prompt directory of `pull`, `push`, `verify` and `bundle`. */
  dir?: string;
  /** `json` makes every command print JSON, as `--json` does. */
  output?: "text" | "json";
}

/** A config file that cannot be read or is not a config: misuse, reported in one line. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** What the file system looks like to the search, so tests can give their own. */
export interface ConfigSource {
  readText(path: string): Promise<string | undefined>;
  importModule(path: string): Promise<unknown>;
}

const nodeSource: ConfigSource = {
  async readText(path) {
    try {
      return await readFile(path, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT" || (err as NodeJS.ErrnoException).code === "EISDIR") return undefined;
      throw err;
    }
  },
  importModule: (path) => import(pathToFileURL(path).href),
};

/**
 * The nearest config file, from `cwd` up to the root, and what it says; `undefined` when there is none.
 *
 * @example
 * const found = await findConfig(process.cwd()); // { path: "/repo/polyprompt.config.json", config: { defaultVendor: "langfuse" } }
 */
export async function findConfig(cwd: string, source: ConfigSource = nodeSource): Promise<{ path: string; config: CliConfig } | undefined> {
  let folder = resolve(cwd);
  for (let depth = 0; depth < MAX_SEARCH_DEPTH; depth++) {
    for (const name of CONFIG_FILES) {
      const path = join(folder, name);
      const text = await source.readText(path);
      if (text === undefined) continue;
      return { path, config: checkConfig(await load(path, text, source), path) };
    }
    const parent = dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
  return undefined;
}

async function load(path: string, text: string, source: ConfigSource): Promise<unknown> {
  if (path.endsWith(".json")) {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new ConfigError(`${path} is not JSON: ${(err as Error).message}`);
    }
  }
  try {
    const module = (await source.importModule(path)) as { default?: unknown };
    return module.default;
  } catch (err) {
    const hint = path.endsWith(".ts")
      ? " (a .ts config needs a runtime that strips types, e.g. Node 23.6 or newer; use polyprompt.config.json or .js)"
      : "";
    throw new ConfigError(`cannot load ${path}: ${(err as Error).message}${hint}`);
  }
}

/** The config, checked field by field: every problem in one message. */
export function checkConfig(value: unknown, path: string): CliConfig {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new ConfigError(`${path}: the config is an object (a default export, for .js and .ts).`);
  const raw = value as Record<string, unknown>;
  const problems: string[] = [];
  const config: CliConfig = {};
  for (const key of Object.keys(raw)) {
    if (!["defaultVendor", "aliases", "dir", "output"].includes(key)) problems.push(`unknown key "${key}"`);
  }
  if (raw.defaultVendor !== undefined) {
    if (typeof raw.defaultVendor === "string" && raw.defaultVendor !== "") config.defaultVendor = raw.defaultVendor;
    else problems.push("defaultVendor is a vendor name");
  }
  if (raw.dir !== undefined) {
    if (typeof raw.dir === "string" && raw.dir !== "") config.dir = raw.dir;
    else problems.push("dir is a path");
  }
  if (raw.output !== undefined) {
    if (raw.output === "text" || raw.output === "json") config.output = raw.output;
    else problems.push('output is "text" or "json"');
  }
  if (raw.aliases !== undefined) {
    const aliases = raw.aliases;
    if (
      typeof aliases === "object" &&
      aliases !== null &&
      !Array.isArray(aliases) &&
      Object.values(aliases).every((ref) => typeof ref === "string")
    ) {
      config.aliases = { ...(aliases as Record<string, string>) };
    } else problems.push("aliases maps names to references (strings)");
  }
  if (problems.length > 0) throw new ConfigError(`${path}: ${problems.join("; ")}.`);
  return config;
}

/** Where a setting came from, for --debug. */
export type SettingSource = "flag" | "env" | "config" | "default";

export interface Settings {
  json: boolean;
  dir: string;
  emulator: boolean;
  defaultVendor?: string;
  aliases: Record<string, string>;
  sources: Record<"json" | "dir" | "emulator" | "defaultVendor", SettingSource>;
}

/**
 * The settings of a run: each from its flag, else its environment variable
 * (`POLYPROMPT_OUTPUT=json`, `POLYPROMPT_DIR`, `POLYPROMPT_EMULATOR=1`, `POLYPROMPT_VENDOR`),
 * else the config file, else the default.
 *
 * @example
 * resolveSettings({ json: true }, { POLYPROMPT_DIR: "p" }, { dir: "prompts", output: "text" }); // { json: true, dir: "p", … }
 */
export function resolveSettings(
  flags: { json?: boolean; dir?: string; emulator?: boolean },
  env: NodeJS.ProcessEnv,
  config: CliConfig = {},
): Settings {
  const pick = <T>(flag: T | undefined, fromEnv: T | undefined, fromConfig: T | undefined, fallback: T): [T, SettingSource] =>
    flag !== undefined
      ? [flag, "flag"]
      : fromEnv !== undefined
        ? [fromEnv, "env"]
        : fromConfig !== undefined
          ? [fromConfig, "config"]
          : [fallback, "default"];
  const envOutput = env.POLYPROMPT_OUTPUT === "json" ? true : env.POLYPROMPT_OUTPUT === "text" ? false : undefined;
  const [json, jsonSource] = pick(
    flags.json || undefined,
    envOutput,
    config.output === undefined ? undefined : config.output === "json",
    false,
  );
  const [dir, dirSource] = pick(flags.dir, env.POLYPROMPT_DIR || undefined, config.dir, "prompts");
  const [emulator, emulatorSource] = pick(
    flags.emulator || undefined,
    env.POLYPROMPT_EMULATOR === "1" ? true : undefined,
    undefined,
    false,
  );
  const [defaultVendor, vendorSource] = pick<string | undefined>(
    undefined,
    env.POLYPROMPT_VENDOR || undefined,
    config.defaultVendor,
    undefined,
  );
  return {
    json,
    dir,
    emulator,
    ...(defaultVendor !== undefined ? { defaultVendor } : {}),
    aliases: config.aliases ?? {},
    sources: { json: jsonSource, dir: dirSource, emulator: emulatorSource, defaultVendor: vendorSource },
  };
}

/** A reference as written, with aliases and the default vendor applied. */
export function expandRef(ref: string, settings: Pick<Settings, "aliases" | "defaultVendor">): string {
  const aliased = Object.hasOwn(settings.aliases, ref) ? settings.aliases[ref]! : ref;
  if (settings.defaultVendor === undefined || /^[a-z][a-z0-9-]*:/.test(aliased) || aliased.startsWith("{")) return aliased;
  return `${settings.defaultVendor}:${aliased}`;
}
