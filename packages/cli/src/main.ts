import { parseArgs, type ParseArgsConfig } from "node:util";
import { COMMAND_HELP, COMMANDS, GLOBAL_HELP, type Command } from "./help.js";
import { completionScript, SHELLS, type Shell } from "./shell-completion.js";
import { isKnownVendor, keyVariable, keyVariables } from "./vendor-facts.js";

export type { Command } from "./help.js";

export interface Stream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface Io {
  stdout: Stream;
  stderr: Stream;
  /** Standard input, read whole where `-` names a file. */
  readStdin?: () => Promise<string>;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Printed by --version. */
  version?: string;
}

/** A mistake on the command line: exit 2, one line, never a stack. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

type Options = NonNullable<ParseArgsConfig["options"]>;

const GLOBAL_OPTIONS = {
  json: { type: "boolean" },
  emulator: { type: "boolean" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "V" },
} as const satisfies Options;

const COMMAND_OPTIONS = {
  ls: { raw: { type: "boolean" } },
  get: { raw: { type: "boolean" } },
  render: {
    var: { type: "string", multiple: true },
    "var-json": { type: "string", multiple: true },
    vars: { type: "string" },
    format: { type: "string" },
    "max-tokens": { type: "string" },
    model: { type: "string" },
    "keep-missing": { type: "boolean" },
  },
  diff: { "exit-code": { type: "boolean" } },
  pull: { dir: { type: "string" }, "allow-lossy": { type: "boolean" } },
  push: { dir: { type: "string" }, to: { type: "string" }, "dry-run": { type: "boolean" }, "allow-lossy": { type: "boolean" } },
  verify: { dir: { type: "string" } },
  bundle: { dir: { type: "string" }, out: { type: "string" } },
  types: {
    files: { type: "boolean" },
    dir: { type: "string" },
    out: { type: "string" },
    check: { type: "boolean" },
    loose: { type: "boolean" },
  },
  emulator: { port: { type: "string" } },
  completion: {},
  migrate: {
    to: { type: "string" },
    all: { type: "boolean" },
    "dry-run": { type: "boolean" },
    "allow-lossy": { type: "boolean" },
    model: { type: "string" },
    env: { type: "string", multiple: true },
    name: { type: "string", multiple: true },
  },
} as const satisfies Record<Command, Options>;

/** How many arguments each command takes: `max` undefined for any number from `n`. */
const ARITY: Record<Command, { n: number; max?: number; names: string }> = {
  ls: { n: 1, max: 1, names: "<vendor:promptId>" },
  get: { n: 1, max: 1, names: "<ref>" },
  render: { n: 1, max: 1, names: "<ref>" },
  diff: { n: 2, max: 2, names: "<refA> <refB>" },
  migrate: { n: 1, max: 1, names: "<vendor:promptId> (or --all <vendor>)" },
  pull: { n: 1, names: "<ref>…" },
  push: { n: 0, max: 0, names: "no argument" },
  verify: { n: 0, max: 0, names: "no argument" },
  bundle: { n: 0, max: 0, names: "no argument" },
  types: { n: 0, names: "[<ref>…]" },
  emulator: { n: 0, max: 0, names: "no argument" },
  completion: { n: 1, max: 1, names: "bash, zsh or fish" },
};

export type Values = Record<string, string | boolean | string[] | undefined>;

/** Runs the CLI; resolves to the exit code. Never throws. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const secrets = keyVariables()
    .map((name) => io.env[name])
    .filter((k): k is string => typeof k === "string" && k.trim().length >= 4)
    .map((k) => k.trim());
  // Belt and braces: nothing this CLI prints may contain a configured key.
  const scrub = (text: string) => secrets.reduce((t, key) => t.split(key).join("[redacted]"), text);
  const safeIo: Io = {
    ...io,
    stdout: { isTTY: io.stdout.isTTY, write: (text) => io.stdout.write(scrub(text)) },
    stderr: { isTTY: io.stderr.isTTY, write: (text) => io.stderr.write(scrub(text)) },
  };
  const args = [...argv];
  const dashDash = args.indexOf("--");
  const flagArea = dashDash >= 0 ? args.slice(0, dashDash) : args;
  const json = flagArea.includes("--json") || io.env.POLYPROMPT_OUTPUT === "json";
  const debug = flagArea.includes("--debug");
  try {
    return await dispatch(args, safeIo, debug);
  } catch (err) {
    return report(err, safeIo, json, debug);
  }
}

async function dispatch(args: string[], io: Io, debug: boolean): Promise<number> {
  const write = (text: string) => io.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  const commandIndex = args.findIndex((a) => !a.startsWith("-"));
  const dashDash = args.indexOf("--");
  const name = commandIndex >= 0 && (dashDash < 0 || commandIndex < dashDash) ? args[commandIndex]! : undefined;
  const rest = commandIndex >= 0 && name !== undefined ? [...args.slice(0, commandIndex), ...args.slice(commandIndex + 1)] : args;

  if (name === "help") {
    const topic = rest.find((a) => !a.startsWith("-"));
    if (topic === undefined) {
      write(GLOBAL_HELP);
      return 0;
    }
    if (!isCommand(topic)) throw new UsageError(`no help for unknown command "${topic}"; commands: ${COMMANDS.join(", ")}`);
    write(COMMAND_HELP[topic]);
    return 0;
  }
  if (name === undefined) {
    const values = parse(args, {}).values;
    if (values.help) {
      write(GLOBAL_HELP);
      return 0;
    }
    if (values.version) {
      write(io.version ?? "unknown");
      return 0;
    }
    throw new UsageError(`no command given; run "polyprompt --help" for usage`);
  }
  if (!isCommand(name)) throw new UsageError(`unknown command "${name}"; commands: ${COMMANDS.join(", ")} (run "polyprompt --help")`);

  const { values, positionals } = parse(rest, COMMAND_OPTIONS[name], name);
  if (values.help) {
    write(COMMAND_HELP[name]);
    return 0;
  }
  if (values.version) {
    write(io.version ?? "unknown");
    return 0;
  }
  const arity = ARITY[name];
  if (positionals.length < arity.n || (arity.max !== undefined && positionals.length > arity.max)) {
    const wanted =
      arity.max === 0
        ? "no argument"
        : arity.max === undefined
          ? `at least ${arity.n}`
          : arity.n === 1
            ? "one argument"
            : `${arity.n} arguments`;
    throw new UsageError(`${name} takes ${wanted}, ${arity.names}; got ${positionals.length} (run "polyprompt ${name} --help")`);
  }

  // Commands that talk to no vendor.
  if (name === "completion") return printCompletion(positionals[0]!, io);
  if (name === "emulator") return await runEmulator(values, io);

  const { runCommand } = await import("./run-command.js");
  return runCommand(name, values, positionals, io, debug);
}

function printCompletion(shell: string, io: Io): number {
  if (!(SHELLS as readonly string[]).includes(shell)) throw new UsageError(`completion takes bash, zsh or fish, not "${shell}"`);
  const flagsOf = (options: Options) => Object.keys(options).map((flag) => `--${flag}`);
  const commands = Object.fromEntries(COMMANDS.map((command) => [command, flagsOf(COMMAND_OPTIONS[command])]));
  io.stdout.write(completionScript(shell as Shell, commands, flagsOf(GLOBAL_OPTIONS)));
  return EXIT.ok;
}

/**
 * `polyprompt emulator`: the built-in emulator in the foreground, with the environment that
 * points the CLI (or an app) at it, until Ctrl-C.
 */
async function runEmulator(values: Values, io: Io): Promise<number> {
  const portText = typeof values.port === "string" ? values.port : "0";
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65_535) throw new UsageError(`--port must be a port number, not "${portText}"`);
  const { startBuiltInEmulator } = await import("./target.js");
  const emulator = await startBuiltInEmulator(port);
  const env = emulator.clientEnv();
  if (values.json === true) io.stdout.write(`${JSON.stringify({ url: emulator.url, env })}\n`);
  else {
    io.stdout.write(`# The polyprompt emulator is listening at ${emulator.url} (seeded demo data). To point polyprompt or an app at it:\n`);
    for (const [key, value] of Object.entries(env)) io.stdout.write(`export ${key}=${value}\n`);
    io.stdout.write("# Ctrl-C stops it.\n");
  }
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await emulator.close();
  return EXIT.ok;
}

const isCommand = (name: string): name is Command => (COMMANDS as readonly string[]).includes(name);

function parse(args: string[], options: Options, command?: Command): { values: Values; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options: { ...GLOBAL_OPTIONS, ...options }, allowPositionals: true, strict: true });
    return { values: values as Values, positionals };
  } catch (err) {
    const raw = err instanceof Error ? err.message.replace(/\s+/g, " ").trim() : String(err);
    const unknown = /^Unknown option '([^']+)'/.exec(raw);
    const message = unknown ? `unknown option ${unknown[1]}` : raw;
    const hint = command ? `polyprompt ${command} --help` : "polyprompt --help";
    throw new UsageError(`${message.replace(/\.$/, "")} (run "${hint}")`);
  }
}

const oneLine = (text: string): string => text.replace(/\s*\r?\n\s*/g, " ").trim();

/** Extra advice for errors the CLI's own flags can fix. */
function hintFor(err: PromptErrorLike): string {
  switch (err.code) {
    case "invalid_variables":
      return " (pass values with --var name=value or --var-json name=<json>)";
    case "unsupported":
      if (err.operation === "translate") return " (--allow-lossy writes it anyway and reports each loss)";
      return /max_tokens/i.test(err.message) ? " (use --max-tokens N)" : /model/i.test(err.message) ? " (use --model M)" : "";
    case "unauthorized":
    case "forbidden":
      return err.vendor && isKnownVendor(err.vendor) ? ` (check ${keyVariable(err.vendor)})` : "";
    default:
      return "";
  }
}

function problemsText(err: PromptErrorLike): string {
  const problems = err.problems ?? [];
  if (problems.length === 0 || problems.every((p) => err.message.includes(`"${p.name}"`))) return "";
  return `: ${problems.map((p) => `${p.name} (expected ${p.expected}, got ${p.received})`).join("; ")}`;
}

/** What `main.ts` reads of a PromptError, recognised by its shape so that reporting one loads no core. */
interface PromptErrorLike extends Error {
  code: string;
  vendor?: string;
  operation?: string;
  problems?: readonly { name: string; expected: string; received: string }[];
  toJSON(): unknown;
}

function isPromptError(err: unknown): err is PromptErrorLike {
  return err instanceof Error && err.name === "PromptError" && typeof (err as { code?: unknown }).code === "string";
}

/** Exit 2 for misuse (a bad flag, argument or reference), 1 for everything that went wrong at run time. */
export const EXIT = { ok: 0, failure: 1, misuse: 2 } as const;

function report(err: unknown, io: Io, json: boolean, debug: boolean): number {
  let line: string;
  let code: number;
  if (isPromptError(err)) {
    line = `${oneLine(err.message)}${problemsText(err)}${hintFor(err)}`;
    code = err.code === "invalid_ref" ? EXIT.misuse : EXIT.failure;
  } else if (err instanceof UsageError) {
    line = oneLine(err.message);
    code = EXIT.misuse;
  } else {
    line = `unexpected error: ${oneLine(err instanceof Error ? err.message : String(err))}`;
    code = EXIT.failure;
  }
  if (json) {
    // One JSON object on stderr, and nothing else there: scripts parse it whole.
    const detail = isPromptError(err)
      ? err.toJSON()
      : { name: err instanceof Error ? err.name : "Error", code: code === EXIT.misuse ? "usage" : "internal", message: line };
    io.stderr.write(`${JSON.stringify({ error: detail })}\n`);
    return code;
  }
  io.stderr.write(`polyprompt: ${line}\n`);
  if (debug && err instanceof Error && !(err instanceof UsageError)) {
    let cause: unknown = err;
    let depth = 0;
    while (cause instanceof Error && depth < 5) {
      io.stderr.write(`${depth === 0 ? "" : "caused by: "}${cause.stack ?? cause.message}\n`);
      cause = cause.cause;
      depth++;
    }
  }
  return code;
}
