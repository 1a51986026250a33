/**
 * End-to-end tests of the real binary (bin/polyprompt.js → dist/cli.js). They need a build:
 * turbo runs `build` before `test`; by hand, run `pnpm --filter @polyprompt/cli build` first.
 */
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { EMULATOR_KEYS, SEED, startEmulator, type Emulator } from "@polyprompt/emulator";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stripAnsi } from "./ansi.js";
import { COMMANDS } from "./help.js";
import { run } from "./main.js";
import { keyVariables } from "./vendor-facts.js";

const BIN = fileURLToPath(new URL("../bin/polyprompt.js", import.meta.url));
const DIST_CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

const H = `helicone:${SEED.helicone.supportAgent.promptId}`;
const T = `tela:${SEED.tela.docAnalysis.promptId}`;
const ONBOARDING = `helicone:${SEED.helicone.onboardingEmail.promptId}`;
const H_VARS = [
  "--var",
  "name=Ada",
  "--var",
  "count=3",
  "--var",
  "vip=true",
  "--var",
  "region=EU",
  "--var",
  "question=Where is my order?",
  "--var-json",
  'tiers=["gold"]',
];

const NOTICE = /^polyprompt: using the built-in emulator at http:\/\/127\.0\.0\.1:\d+ \(seeded demo data\)$/;
const ESC = "\u001b[";
const STACK = /^\s+at /m;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Every output of every run: no API key may ever leak, and off a TTY no escape code may appear. */
const outputs: { text: string; forcedColor: boolean }[] = [];

/** This process's environment without vendor keys or colour settings, plus `env`. */
function cleanEnv(env: Record<string, string>): Record<string, string> {
  const base: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || keyVariables().includes(key) || /_BASE_URL$/.test(key) || key === "NO_COLOR" || key === "FORCE_COLOR")
      continue;
    base[key] = value;
  }
  return { ...base, ...env };
}

/** Runs a script with a clean environment: no vendor keys, no colour settings, not a TTY. */
function runNode(script: string, args: string[], env: Record<string, string> = {}, stdin?: string, cwd?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: cleanEnv(env),
      ...(cwd ? { cwd } : {}),
      stdio: [stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    if (stdin !== undefined) child.stdin!.end(stdin);
    let stdout = "";
    let stderr = "";
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const forcedColor = env.FORCE_COLOR !== undefined;
      outputs.push({ text: stdout, forcedColor }, { text: stderr, forcedColor });
      resolve({ code, stdout, stderr });
    });
  });
}

const cli = (args: string[], env?: Record<string, string>, stdin?: string, cwd?: string) => runNode(BIN, args, env, stdin, cwd);

/**
 * The same `run` the binary calls, in this process: for the variants of a case whose spawned run
 * is tested above (each convention is checked on the real binary at least once), so the suite
 * does not pay a process start for every variant.
 */
async function inProcess(args: string[], env: Record<string, string> = {}, cwd = process.cwd()): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await run(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: cleanEnv(env),
    cwd,
    version: "0.0.0",
  });
  outputs.push({ text: stdout, forcedColor: env.FORCE_COLOR !== undefined }, { text: stderr, forcedColor: env.FORCE_COLOR !== undefined });
  return { code, stdout, stderr };
}

/** stderr without the emulator notice. */
function errorLines(run: Run): string[] {
  return run.stderr.split("\n").filter((line) => line !== "" && !NOTICE.test(line));
}

function expectOk(run: Run): void {
  expect(
    run.stderr
      .split("\n")
      .filter(Boolean)
      .every((line) => NOTICE.test(line)),
    run.stderr,
  ).toBe(true);
  expect(run.code, run.stderr).toBe(0);
}

/** The exit code (2 for misuse, 1 for a failure at run time), exactly one line on stderr (besides the emulator notice), no stack trace. */
function expectOneLineError(run: Run, pattern: RegExp, code: 1 | 2 = 2): string {
  expect(run.code, run.stderr).toBe(code);
  const lines = errorLines(run);
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^polyprompt: /);
  expect(lines[0]).toMatch(pattern);
  expect(run.stderr).not.toMatch(STACK);
  return lines[0]!;
}

const HELICONE_KEY = "sk-helicone-test-9f8e7d6c5b4a";
const TELA_KEY = "tela-test-key-0a1b2c3d4e5f";
/**
 * One emulator for the whole file, reached through the vendors' environment variables (as a real
 * Helicone and Tela would be). Each run without keys starts an emulator inside the CLI process
 * (about a second and 100 MiB each), so only the cases about that path run without keys: the
 * notice (ls) and the provenance line (get). Usage errors stop before anything starts.
 */
let shared: Emulator;
const sharedEnv = () => ({
  HELICONE_API_KEY: HELICONE_KEY,
  HELICONE_BASE_URL: shared.urlFor("helicone"),
  TELA_API_KEY: TELA_KEY,
  TELA_BASE_URL: shared.urlFor("tela"),
});
const LANGFUSE_KEYS = ["pk-lf-test-cli-1a2b", "sk-lf-test-cli-3c4d"] as const;
/** The shared emulator's Langfuse too, for migrations. */
const withLangfuse = () => ({
  ...sharedEnv(),
  LANGFUSE_PUBLIC_KEY: LANGFUSE_KEYS[0],
  LANGFUSE_SECRET_KEY: LANGFUSE_KEYS[1],
  LANGFUSE_BASE_URL: shared.urlFor("langfuse"),
});
/** The CLI against the shared emulator, configured by environment variables. */
const configured = (args: string[], env: Record<string, string> = {}) => cli(args, { ...sharedEnv(), ...env });

beforeAll(async () => {
  if (!existsSync(DIST_CLI)) {
    throw new Error("packages/cli/dist is missing: run `pnpm --filter @polyprompt/cli build` (turbo builds it before `test`).");
  }
  shared = await startEmulator({ apiKeys: { helicone: [HELICONE_KEY], tela: [TELA_KEY], langfuse: [`${LANGFUSE_KEYS.join(":")}`] } });
});

afterAll(async () => {
  await shared?.close();
  // Only the cases about running without keys may pay for an in-process emulator.
  const started = outputs.flatMap(({ text }) => text.split("\n")).filter((line) => NOTICE.test(line));
  expect(started.length, "runs that started an in-process emulator").toBeLessThanOrEqual(2);
  // The emulator's own keys are API keys too: no output may show them.
  for (const { text } of outputs) {
    expect(text).not.toContain(EMULATOR_KEYS.helicone);
    expect(text).not.toContain(EMULATOR_KEYS.tela);
  }
});

describe.concurrent("polyprompt on the built-in emulator", () => {
  test("ls lists a Helicone prompt's versions, newest first, and says once that it uses the emulator", async () => {
    const run = await cli(["ls", H, "--emulator"]);
    expectOk(run);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr.trim()).toMatch(NOTICE);
    const lines = run.stdout.trim().split("\n");
    expect(lines[1]).toMatch(/^VERSION\s+ID\s+ENVIRONMENTS\s+DRAFT\s+CREATED \(UTC\)\s+MESSAGE$/);
    expect(lines.slice(2).map((l) => l.split(/\s+/)[0])).toEqual(["2.1", "2.0", "1.1", "1.0", "0.0"]);
    const production = lines.find((l) => l.startsWith("1.1"))!;
    expect(production).toContain(SEED.helicone.supportAgent.versions["1.1"].slice(0, 8));
    expect(production).toContain("production");
    expect(production).toContain("Add order lookup and escalation tools");
  });

  test("ls lists a Tela prompt, drafts marked", async () => {
    const run = await inProcess(["ls", T], sharedEnv());
    expectOk(run);
    expect(run.stdout).toMatch(/^5\s+\S+\s+-\s+draft\s+2025-03-21 15:00\s+Document Analysis v5 \(draft\)$/m);
    expect(run.stdout).toMatch(/^3\s+37df997d\s+production\s/m);
  });

  test("get shows identity, environments, model, params, variables, messages, tools and provenance", async () => {
    const run = await inProcess(["get", H], { POLYPROMPT_EMULATOR: "1" });
    expectOk(run);
    const out = run.stdout;
    expect(out).toContain(`${H}  version 1.1  #${SEED.helicone.supportAgent.versions["1.1"]}`);
    expect(out).toMatch(/environments\s+production/);
    expect(out).toMatch(/model\s+gpt-4o/);
    expect(out).toMatch(/params\s+temperature=0\.4 maxTokens=800/);
    expect(out).toContain("variables (6)");
    expect(out).toContain("  tiers: array  required");
    expect(out).toContain("[0] system");
    expect(out).toContain("[1] user");
    expect(out).toContain("lookup_order  Look up an order");
    expect(out).toMatch(/^source: network · fetched \S+ · from the built-in emulator at http:\/\/127\.0\.0\.1:\d+$/m);
  });

  test("get of a Tela environment shows the response format and file variables", async () => {
    const run = await inProcess(["get", `tela:${SEED.tela.contractReview.promptId}@staging`], sharedEnv());
    expectOk(run);
    expect(run.stdout).toContain("version 3");
    expect(run.stdout).toContain("contract: file  required");
    expect(run.stdout).toMatch(/response format\s+json_schema/);
  });

  test("render --format openai prints the Chat Completions body", async () => {
    const run = await configured(["render", H, ...H_VARS, "--format", "openai"]);
    expectOk(run);
    const body = JSON.parse(run.stdout);
    expect(body.model).toBe("gpt-4o");
    expect(body.messages[0].role).toBe("system");
    expect(body.messages[0].content).toContain("You are speaking to Ada, who has 3 open tickets. VIP customer: true.");
    expect(body.messages[1]).toEqual({ role: "user", content: [{ type: "text", text: "Where is my order?" }] });
    expect(body.tools.map((t: { function: { name: string } }) => t.function.name)).toEqual(["lookup_order", "escalate"]);
    expect(body.tools[0].function.parameters.properties.tier.enum).toEqual(["gold"]);
    expect(body.max_tokens).toBe(800);
  });

  test("render --format anthropic --max-tokens 256 prints the Messages body", async () => {
    const run = await inProcess(
      [
        "render",
        `${ONBOARDING}@development`,
        "--format",
        "anthropic",
        "--max-tokens",
        "256",
        "--var",
        "name=Ada",
        "--var",
        "plan=Pro",
        "--var",
        "trialDays=14",
      ],
      sharedEnv(),
    );
    expectOk(run);
    const body = JSON.parse(run.stdout);
    expect(body.model).toBe("claude-3-5-sonnet-20241022");
    expect(body.max_tokens).toBe(256);
    expect(body.messages).toEqual([
      { role: "user", content: "Write a welcome email for Ada, who signed up for the Pro plan. Their trial lasts 14 days." },
    ]);
  });

  test("render takes --vars from a file, --var-json for typed values, and --model", async () => {
    const dir = await mkdtemp(join(tmpdir(), "polyprompt-"));
    try {
      const file = join(dir, "vars.json");
      await writeFile(file, JSON.stringify({ name: "Grace", count: 1, vip: false, region: "US", tiers: ["silver"], question: "Hi" }));
      const run = await configured([
        "render",
        H,
        "--vars",
        file,
        "--var",
        "name=Ada",
        "--var-json",
        "count=7",
        "--model",
        "gpt-4.1",
        "--json",
      ]);
      expectOk(run);
      const out = JSON.parse(run.stdout);
      expect(out).toMatchObject({ ref: H, vendor: "helicone", version: "1.1", format: "openai", source: "network" });
      expect(out.body.model).toBe("gpt-4.1");
      expect(out.body.messages[0].content).toContain("speaking to Ada, who has 7 open tickets. VIP customer: false.");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("diff shows message lines, params, tools and variables that changed", async () => {
    const run = await inProcess(["diff", H, `${H}@staging`], sharedEnv());
    expectOk(run);
    const out = run.stdout;
    expect(out).toContain(`--- a: ${H} (version 1.1`);
    expect(out).toContain(`+++ b: ${H}@staging (version 2.0`);
    expect(out).toContain("  +   Answer in {{hc:language:string}}.");
    expect(out).toContain("  ~ model: gpt-4o → gpt-4.1");
    expect(out).toContain("  ~ temperature: 0.4 → 0.3");
    expect(out).toContain("  - maxTokens: 800");
    expect(out).toMatch(/^ {2}\+ responseFormat: /m);
    expect(out).toContain("  + language: string (required)");
  });

  test("diff across versions with different tools", async () => {
    const run = await inProcess(["diff", `${H}@1.0`, `${H}#${SEED.helicone.supportAgent.versions["1.1"]}`], sharedEnv());
    expectOk(run);
    expect(run.stdout).toContain("  + lookup_order");
    expect(run.stdout).toContain("  + escalate");
  });

  test("diff --exit-code exits 1 when the versions differ and 0 when they are the same", async () => {
    expect((await configured(["diff", H, `${H}@staging`, "--exit-code"])).code).toBe(1);
    const same = await inProcess(["diff", H, H, "--exit-code"], sharedEnv());
    expectOk(same);
  });

  test("a polyprompt.config.json found upward gives aliases, the default vendor and the output; a flag overrides it", async () => {
    const root = await mkdtemp(join(tmpdir(), "polyprompt-config-"));
    try {
      const config = { defaultVendor: "helicone", aliases: { agent: H }, output: "json" };
      await writeFile(join(root, "polyprompt.config.json"), JSON.stringify(config));
      const nested = join(root, "apps", "web");
      await mkdir(nested, { recursive: true });
      const aliased = await cli(["get", "agent"], sharedEnv(), undefined, nested);
      expectOk(aliased);
      expect(JSON.parse(aliased.stdout).promptId).toBe(SEED.helicone.supportAgent.promptId);
      const bare = await inProcess(["ls", SEED.helicone.supportAgent.promptId], { ...sharedEnv(), POLYPROMPT_OUTPUT: "text" }, nested);
      expectOk(bare);
      expect(bare.stdout).toMatch(/^VERSION\s+ID/m);
      await writeFile(join(root, "polyprompt.config.json"), '{ "output": "xml" }');
      expectOneLineError(await inProcess(["get", "agent"], sharedEnv(), nested), /output is "text" or "json"/);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  test("--vars - reads the variables from standard input", async () => {
    const vars = JSON.stringify({ name: "Ada", count: 3, vip: true, region: "EU", question: "Where?", tiers: ["gold"] });
    const run = await cli(["render", H, "--vars", "-", "--json"], sharedEnv(), vars);
    expectOk(run);
    expect(JSON.stringify(JSON.parse(run.stdout).body.messages.at(-1))).toContain("Where?");
  });

  test("--json output parses for every command", async () => {
    const [ls, get, diff] = await Promise.all([
      inProcess(["ls", T, "--json"], sharedEnv()),
      inProcess(["--json", "get", T], sharedEnv()),
      configured(["diff", T, `${T}@staging`, "--json"]),
    ]);
    for (const run of [ls, get, diff]) expectOk(run);
    const versions = JSON.parse(ls.stdout);
    expect(versions.map((v: { version: string }) => v.version)).toEqual(["5", "4", "3", "2", "1"]);
    expect(versions[0]).not.toHaveProperty("raw");
    const version = JSON.parse(get.stdout);
    expect(version).toMatchObject({ vendor: "tela", version: "3", environments: ["production"], source: "network", model: "gpt-4o" });
    expect(version.variables.map((v: { name: string }) => v.name)).toEqual(["document", "query", "language"]);
    const changes = JSON.parse(diff.stdout);
    expect(changes.identical).toBe(false);
    expect(changes.settings).toContainEqual({ key: "model", a: "gpt-4o", b: "gpt-4.1" });
    expect(changes.variables).toContainEqual(expect.objectContaining({ name: "appendix", change: "added" }));
  });

  test("--help: global, per command, and help <command>, without starting anything", async () => {
    const [global, render, helpDiff, short] = await Promise.all([
      cli(["--help"]),
      inProcess(["render", "--help"]),
      inProcess(["help", "diff"]),
      inProcess(["ls", "-h"]),
    ]);
    for (const run of [global, render, helpDiff, short]) {
      expect(run.code).toBe(0);
      expect(run.stderr).toBe("");
    }
    expect(global.stdout).toContain("Usage: polyprompt <command>");
    for (const command of ["ls", "get", "render", "diff", "HELICONE_API_KEY", "TELA_API_KEY", "NO_COLOR"])
      expect(global.stdout).toContain(command);
    expect(render.stdout).toContain("--var-json");
    expect(render.stdout).toContain("--max-tokens");
    expect(helpDiff.stdout).toContain("Usage: polyprompt diff <refA> <refB>");
    expect(short.stdout).toContain("Usage: polyprompt ls");
  });

  test("--help on every command, and --version, exit 0 without loading a vendor", async () => {
    const commands = COMMANDS;
    const runs = await Promise.all([...commands.map((command) => inProcess([command, "--help"])), cli(["--version"])]);
    runs.slice(0, -1).forEach((run, i) => {
      expect(run.code, commands[i]).toBe(0);
      expect(run.stdout, commands[i]).toContain(`Usage: polyprompt ${commands[i]}`);
    });
    expect(runs.at(-1)!.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  test("colour: FORCE_COLOR turns it on off a TTY, NO_COLOR (any value) always wins", async () => {
    const [forced, noColor] = await Promise.all([
      configured(["diff", H, `${H}@staging`], { FORCE_COLOR: "1" }),
      inProcess(["diff", H, `${H}@staging`], { ...sharedEnv(), FORCE_COLOR: "1", NO_COLOR: "" }),
    ]);
    for (const run of [forced, noColor]) expect(run.code, run.stderr).toBe(0);
    expect(forced.stdout).toContain(`${ESC}32m`);
    expect(stripAnsi(forced.stdout)).toBe(noColor.stdout);
    expect(noColor.stdout).not.toContain(ESC);
    expect(noColor.stderr).not.toContain(ESC);
  });
});

describe.concurrent("errors: one line, no stack; exit 2 for misuse, 1 at run time", () => {
  test("a malformed reference", async () => {
    const run = await cli(["get", "no-vendor-here"]);
    expectOneLineError(run, /has no vendor/);
    // Checked before anything starts: not even the emulator notice.
    expect(run.stderr.split("\n").filter(Boolean)).toHaveLength(1);
  });

  test("an unknown vendor", async () => {
    const run = await inProcess(["get", "promptlayer:abc"]);
    expectOneLineError(run, /unknown vendor "promptlayer"; known vendors: helicone, tela, langfuse/);
  });

  test("a missing variable lists every problem on the one line", async () => {
    const run = await inProcess(["render", H, "--var", "name=Ada"], sharedEnv());
    const line = expectOneLineError(run, /variable problems/, 1);
    for (const name of ["count", "vip", "question", "region", "tiers"]) expect(line).toContain(`"${name}"`);
    expect(line).not.toContain('"name" is missing');
    expect(line).toContain("--var name=value");
  });

  test("an unreachable vendor", async () => {
    const run = await cli(["get", H], { HELICONE_API_KEY: "x", HELICONE_BASE_URL: "http://127.0.0.1:1" });
    expectOneLineError(run, /could not reach the vendor/, 1);
    expect(run.stderr).not.toMatch(NOTICE);
  });

  test("a vendor that is known but not configured", async () => {
    const run = await inProcess(["get", T], { HELICONE_API_KEY: "x", HELICONE_BASE_URL: "http://127.0.0.1:1" });
    expectOneLineError(run, /tela is not configured: set TELA_API_KEY/, 1);
  });

  test("a version that does not exist", async () => {
    const run = await inProcess(["get", `${H}@9.9`], sharedEnv());
    expectOneLineError(run, /9\.9/, 1);
  });

  test.each([
    [["frob"], /unknown command "frob"/],
    [[], /no command given/],
    [["get"], /get takes one argument/],
    [["diff", H], /diff takes 2 arguments/],
    [["get", H, "--bogus"], /unknown option --bogus/],
    [["render", H, "--format", "xml"], /--format must be openai or anthropic/],
    [["render", H, "--max-tokens", "lots"], /--max-tokens must be a positive integer/],
    [["render", H, "--var", "novalue"], /--var wants name=value/],
    [["render", H, "--var-json", "n={oops"], /is not JSON/],
    [["render", H, "--vars", "/nonexistent/vars.json"], /cannot read --vars file/],
  ])("usage error %j", async (args, pattern) => {
    const result = await inProcess(args as string[]);
    expectOneLineError(result, pattern);
    expect(result.stdout).toBe("");
  });

  test("--json prints the error as one JSON object on stderr, and nothing on stdout", async () => {
    const misuse = await cli(["get", "promptlayer:abc", "--json"]);
    expect(misuse.code).toBe(2);
    expect(misuse.stdout).toBe("");
    expect(JSON.parse(misuse.stderr).error).toMatchObject({ code: "invalid_ref", vendor: "promptlayer" });
    const failure = await inProcess(["get", `${H}@9.9`, "--json"], sharedEnv());
    expect(failure.code).toBe(1);
    expect(JSON.parse(failure.stderr).error).toMatchObject({ code: "not_found", vendor: "helicone" });
  });

  test("with no key, a command fails with exit 1 naming the variable to set; never the emulator unless asked", async () => {
    const run = await cli(["get", H]);
    expectOneLineError(run, /helicone is not configured: set HELICONE_API_KEY, or pass --emulator/, 1);
    expect(run.stderr).not.toMatch(NOTICE);
  });

  test("--debug shows the stack", async () => {
    const run = await inProcess(["get", H, "--debug"], { HELICONE_API_KEY: "x", HELICONE_BASE_URL: "http://127.0.0.1:1" });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^polyprompt: .*could not reach the vendor/m);
    expect(run.stderr).toMatch(/^PromptError: /m);
    expect(run.stderr).toMatch(STACK);
  });
});

describe("configured vendors", () => {
  const env = sharedEnv;

  test("talks to the configured vendors, and never prints an API key", async () => {
    const runs = await Promise.all([
      cli(["get", H, "--debug"], env()),
      inProcess(["ls", T, "--json", "--raw", "--debug"], env()),
      inProcess(["render", H, ...H_VARS, "--debug"], env()),
      inProcess(["get", `${H}@nope`, "--debug", "--json"], env()),
      cli(["get", H, "--debug"], { ...env(), HELICONE_API_KEY: `${HELICONE_KEY}-wrong` }),
    ]);
    const [get, ls, render, missing, wrongKey] = runs;
    expect(get!.code, get!.stderr).toBe(0);
    expect(get!.stderr).not.toMatch(NOTICE);
    expect(get!.stdout).toContain(`from helicone (${shared.urlFor("helicone")}), tela (${shared.urlFor("tela")})`);
    expect(get!.stderr).toMatch(
      /^polyprompt: debug: POST http:\/\/127\.0\.0\.1:\d+\/helicone\/v2\/prompt-2025\/query\/production-version -> 200/m,
    );
    expect(ls!.code).toBe(0);
    expect(JSON.parse(ls!.stdout)[0].raw).toBeDefined();
    expect(render!.code).toBe(0);
    expect(missing!.code).toBe(1);
    expect(wrongKey!.code).toBe(1);
    const failure = errorLines(wrongKey!).filter((line) => line.startsWith("polyprompt: ") && !line.startsWith("polyprompt: debug: "));
    expect(failure).toHaveLength(1);
    expect(failure[0]).toMatch(/unauthorized|HTTP 401/i);
    expect(failure[0]).toContain("check HELICONE_API_KEY");
    for (const run of runs) {
      for (const text of [run.stdout, run.stderr]) {
        expect(text).not.toContain(HELICONE_KEY);
        expect(text).not.toContain(TELA_KEY);
      }
    }
  });
});

/**
 * Runs the binary with stdout going to `stdout`: "closed" is a pipe whose reading end is closed
 * before the binary writes (as in `polyprompt get … | true`), "full" is /dev/full.
 */
function runWithBrokenStdout(args: string[], stdout: "closed" | "full", env: Record<string, string> = {}): Promise<Run> {
  const fd = stdout === "full" ? openSync("/dev/full", "w") : undefined;
  return new Promise<Run>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv(env), stdio: ["ignore", fd ?? "pipe", "pipe"] });
    // Close the reading end at once: the binary needs far longer than this to start and write.
    child.stdout?.destroy();
    let stderr = "";
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout: "", stderr }));
  }).finally(() => {
    if (fd !== undefined) closeSync(fd);
  });
}

describe("migrate", () => {
  const BRAND_VOICE = `helicone:${SEED.helicone.brandVoice.promptId}`;
  /** The migration itself runs in the real binary once (below); its variants call the same `run` in-process. */
  const migrate = (args: string[]) => inProcess(["migrate", ...args], withLangfuse());
  const ls = (args: string[]) => inProcess(["ls", ...args], withLangfuse());

  test("--dry-run prints the plan and writes nothing; the migration then writes every version once, a re-run none", async () => {
    const dry = await migrate([BRAND_VOICE, "--to", "langfuse:brand-voice-cli", "--dry-run"]);
    expectOk(dry);
    expect(dry.stdout).toContain(`${BRAND_VOICE} → langfuse:brand-voice-cli`);
    expect(dry.stdout).toMatch(/Dry run: 3 versions of 1 prompt planned; nothing written\./);
    expectOneLineError(await ls(["langfuse:brand-voice-cli"]), /has no prompt named/, 1);

    const run = await cli(["migrate", BRAND_VOICE, "--to", "langfuse:brand-voice-cli"], withLangfuse());
    expectOk(run);
    expect(run.stdout.match(/created/g)).toHaveLength(3);
    expect(run.stdout.match(/ same +\d{4}-\d\d-\d\d/g)).toHaveLength(3);
    expect(run.stdout).toContain("3 versions written, 3 environment moves; every checked version renders the same in both.");

    const again = await migrate([BRAND_VOICE, "--to", "langfuse:brand-voice-cli", "--json"]);
    expectOk(again);
    const report = JSON.parse(again.stdout);
    expect(report).toMatchObject({ versionsCreated: 0, environmentsSet: 0, rendersMatch: true, dryRun: false });
    const listed = await ls(["langfuse:brand-voice-cli", "--json"]);
    expect(JSON.parse(listed.stdout).map((v: { environments: string[] }) => v.environments)).toEqual([
      ["staging", "development"],
      ["production"],
      [],
    ]);
  });

  test("a prompt the target cannot express exactly is refused before any write, every problem named", async () => {
    const run = await migrate([H, "--to", "langfuse:support-agent-cli"]);
    const line = expectOneLineError(run, /Cannot translate a helicone template to langfuse without loss/, 1);
    expect(line).toContain("tool-variable");
    expect(line).toContain("--allow-lossy");
    expectOneLineError(await ls(["langfuse:support-agent-cli"]), /has no prompt named/, 1);
  });

  test("--all copies every prompt it can, lists each one it cannot, and exits 1; a re-run writes nothing", async () => {
    const dry = await migrate(["--all", "helicone", "--to", "langfuse", "--dry-run", "--model", "gpt-4o-mini"]);
    expectOk(dry);
    expect(dry.stdout).toMatch(/Dry run: \d+ of 4 prompts can be copied; nothing written\./);

    const run = await migrate(["--all", "helicone", "--to", "langfuse", "--model", "gpt-4o-mini"]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain(`not copied ${H}:`);
    expect(run.stdout).toMatch(
      /\d+ of 4 prompts copied \(\d+ versions written\), \d+ not copied; every checked version renders the same in both\./,
    );
    const again = await migrate(["--all", "helicone", "--to", "langfuse", "--model", "gpt-4o-mini"]);
    expect(again.stdout).toMatch(/prompts copied \(0 versions written\)/);
  });

  test("misuse exits 2: no --to, a malformed --env", async () => {
    expectOneLineError(await migrate([BRAND_VOICE]), /migrate needs --to/);
    expectOneLineError(await migrate([BRAND_VOICE, "--to", "langfuse", "--env", "production"]), /--env wants name=value/);
    expectOneLineError(await migrate(["--all", "helicone", "--to", "langfuse:one-name"]), /with --all, --to names only the vendor/);
  });
});

describe("pull, verify, push, bundle", () => {
  let registry: Emulator;
  let dir: string;
  const env = () => ({
    LANGFUSE_PUBLIC_KEY: LANGFUSE_KEYS[0],
    LANGFUSE_SECRET_KEY: LANGFUSE_KEYS[1],
    LANGFUSE_BASE_URL: registry.urlFor("langfuse"),
  });
  /** Each command's success path runs in the real binary once; the variants call the same `run` in-process. */
  const spawned = (args: string[]) => cli([...args, "--dir", dir], env());
  const inside = (args: string[]) => inProcess([...args, "--dir", dir], env());
  beforeAll(async () => {
    // Its own registry: push and the promotion below change it.
    registry = await startEmulator({ apiKeys: { langfuse: [LANGFUSE_KEYS.join(":")] } });
    dir = await mkdtemp(join(tmpdir(), "polyprompt-cli-files-"));
  });
  afterAll(async () => {
    await registry?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test("pull writes the files and the lockfile; verify passes, then exits 1 after a promotion; push and bundle work on the directory", async () => {
    const pulled = await spawned(["pull", "langfuse:support/agent", "langfuse:support/chat@staging"]);
    expectOk(pulled);
    expect(pulled.stdout).toContain("langfuse/support/agent.prompt");
    expect(pulled.stdout).toContain("langfuse/_brand-voice.prompt");
    expect(pulled.stdout).toMatch(/3 files written, 0 unchanged; lockfile .*polyprompt\.lock\.json\./);
    expect(existsSync(join(dir, "langfuse/support/chat.staging.prompt"))).toBe(true);

    const ok = await spawned(["verify"]);
    expectOk(ok);
    expect(ok.stdout).toContain("3 pinned references match the lockfile.");
    const okJson = await inside(["verify", "--json"]);
    expect(JSON.parse(okJson.stdout)).toEqual({ checked: 3, drift: [] });
    const again = await inside(["pull", "langfuse:support/agent", "--json"]);
    expect(JSON.parse(again.stdout).files.every((f: { changed: boolean }) => !f.changed)).toBe(true);

    const dry = await spawned(["push", "--dry-run"]);
    expectOk(dry);
    expect(dry.stdout).toContain("Dry run: 3 files checked; nothing written.");

    const bundle = await spawned(["bundle", "--json"]);
    expectOk(bundle);
    expect(JSON.parse(bundle.stdout)).toMatchObject({ format: "polyprompt-bundle/1", entries: expect.any(Array) });

    // A promotion in the registry: staging moves to version 2.
    const moved = await fetch(`${registry.urlFor("langfuse")}/api/public/v2/prompts/support%2Fchat/versions/2`, {
      method: "PATCH",
      headers: { authorization: `Basic ${btoa(LANGFUSE_KEYS.join(":"))}`, "content-type": "application/json" },
      body: JSON.stringify({ newLabels: ["staging"] }),
    });
    expect(moved.status).toBe(200);
    const drift = await inside(["verify"]);
    expect(drift.code, drift.stderr).toBe(1);
    expect(drift.stdout).toMatch(/langfuse:support\/chat@staging\s+version\s+3\s+2/);
  });

  test("types --files types the pulled directory with no key; --check exits 1 when the file differs from it", async () => {
    const out = join(dir, "prompt-registry.d.ts");
    const written = await inProcess(["types", "--files", "--dir", dir, "--out", out]);
    expectOk(written);
    expect(written.stdout).toMatch(/^wrote \d+ references to /);
    const text = await readFile(out, "utf8");
    expect(text).toContain('"langfuse:support/chat@staging": {');
    expect(text).toContain("history: PromptHistory;");
    const check = await inProcess(["types", "--files", "--dir", dir, "--out", out, "--check", "--json"]);
    expectOk(check);
    expect(JSON.parse(check.stdout)).toMatchObject({ upToDate: true });
    await writeFile(out, text.replace("history: PromptHistory;", "history?: PromptHistory;"));
    const stale = await inProcess(["types", "--files", "--dir", dir, "--out", out, "--check"]);
    expect(stale.code, stale.stderr).toBe(1);
    expect(stale.stdout).toContain("is stale");
  });

  test("misuse exits 2: pull without a reference, push with an argument", async () => {
    expectOneLineError(await inside(["pull"]), /pull takes at least 1/);
    expectOneLineError(await inside(["push", "extra"]), /push takes no argument/);
  });
});

describe("types", () => {
  test("types prints the registry of every prompt the configured vendors list; misuse exits 2", async () => {
    const run = await configured(["types"]);
    expectOk(run);
    expect(run.stdout.split("\n")[0]).toBe("// Generated by `polyprompt types`. Do not edit: run it again.");
    expect(run.stdout).toContain('declare module "@polyprompt/core" {');
    expect(run.stdout).toContain(`"${H}@production": {`);
    expect(run.stdout).toContain(`"tela:${SEED.tela.contractReview.promptId}@staging": {`);
    expect(run.stdout).toContain("contract: PromptFileInput;");
    const one = await inProcess(["types", H, "--loose"], sharedEnv());
    expectOk(one);
    expect(one.stdout.match(/^ {4}"/gm)).toHaveLength(1);
    expect(one.stdout).toContain("[name: string]: unknown;");
    expectOneLineError(await inProcess(["types", "--check"], sharedEnv()), /--check compares with a file: name it with --out/);
    expectOneLineError(await inProcess(["types", H, "--files"]), /with --files, types reads every reference of the lockfile/);
    expectOneLineError(await inProcess(["types"]), /no vendor is configured: set HELICONE_API_KEY/, 1);
  });
});

describe("completion and emulator", () => {
  test.each(["bash", "zsh", "fish"])("completion %s lists every command and each one's flags", async (shell) => {
    const run = shell === "bash" ? await cli(["completion", shell]) : await inProcess(["completion", shell]);
    expectOk(run);
    for (const command of COMMANDS) {
      expect(run.stdout).toContain(command);
    }
    expect(run.stdout).toContain(shell === "fish" ? "-l exit-code" : "--exit-code");
    if (shell === "bash") {
      // The script parses: bash -n reads it without running it.
      const check = spawnSync("bash", ["-n"], { input: run.stdout, encoding: "utf8" });
      expect(check.status, check.stderr).toBe(0);
    }
  });

  test("completion of an unknown shell is misuse", async () => {
    expectOneLineError(await inProcess(["completion", "powershell"]), /completion takes bash, zsh or fish/);
  });

  test("emulator runs in the foreground, prints the environment that reaches it, and stops on Ctrl-C with 0", async () => {
    // Not through `cli`: its output holds the emulator's demo keys, which every other output must not.
    const child = spawn(process.execPath, [BIN, "emulator", "--json"], { env: cleanEnv({}), stdio: ["ignore", "pipe", "pipe"] });
    const line = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        out += chunk;
        if (out.includes("\n")) resolve(out.split("\n")[0]!);
      });
      child.on("error", reject);
    });
    const { url, env } = JSON.parse(line) as { url: string; env: Record<string, string> };
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const get = await cli(["get", H, "--json"], env);
    expectOk(get);
    expect(JSON.parse(get.stdout).promptId).toBe(SEED.helicone.supportAgent.promptId);
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
  });
});

describe.concurrent("output that cannot be written", () => {
  test.each([
    ["get", () => ["get", H]],
    ["--help", () => ["--help"]],
    ["ls --json", () => ["ls", T, "--json"]],
  ])("a closed pipe (polyprompt %s | true) ends quietly with status 0", async (_name, args) => {
    const run = await runWithBrokenStdout(args(), "closed", sharedEnv());
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });

  test.skipIf(!existsSync("/dev/full"))("a full disk (> /dev/full) says so in one line on stderr and exits 1", async () => {
    const run = await runWithBrokenStdout(["get", H], "full", sharedEnv());
    expect(run.code, run.stderr).toBe(1);
    const lines = run.stderr.split("\n").filter(Boolean);
    expect(lines, run.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^polyprompt: cannot write to stdout: .*ENOSPC/);
    expect(run.stderr).not.toMatch(STACK);
  });
});

test("not a TTY (and no FORCE_COLOR): no escape codes in any output of this file", () => {
  const plain = outputs.filter((o) => !o.forcedColor);
  expect(plain.length).toBeGreaterThan(40);
  for (const { text } of plain) expect(text).not.toContain(ESC);
});
