/**
 * The cross-runtime smoke program. Bundled by `scripts/runtime-smoke.mjs` (esbuild, browser
 * platform, ESM) with the BUILT `@polyprompt/core` into one self-contained file that runs
 * unchanged in Node, Bun, Deno and a browser.
 *
 * - As a script (Node, Bun, Deno): the config is the first argument, as JSON. It prints one line,
 *   `SMOKE_RESULT {...}`, and exits non-zero when a check failed.
 * - In a page: `import { runSmoke } from "./smoke.mjs"` and `await runSmoke(config)`.
 *
 * It only uses what every runtime has: `fetch`, `AbortController`, `performance`, `console`.
 */
import {
  createPromptClient,
  PromptError,
  toAnthropicMessages,
  toOpenAIChat,
  type PromptVariables,
  type PromptVersion,
} from "@polyprompt/core";
import type { SeedIds } from "@polyprompt/emulator";
import { VENDOR_PROFILES, VENDORS } from "../src/vendors.js";

export interface SmokeConfig {
  /**
   * Where each vendor is served, and its key string in the emulator's form (`emu.apiKeys[vendor]`;
   * each profile reads its credentials from it). Every built-in vendor must be present.
   */
  vendors: Record<string, { baseUrl: string; key: string }>;
  /** The emulator's seed ids (`SEED`): each vendor's profile picks the prompt its checks read. */
  seed: SeedIds;
}

export interface SmokeCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface SmokeResult {
  ok: boolean;
  runtime: string;
  checks: SmokeCheck[];
  ms: number;
}

/** What runs this: `node 22.x`, `bun 1.x`, `deno 2.x`, or the browser's user agent. */
export function runtimeName(): string {
  const g = globalThis as {
    Deno?: { version: { deno: string } };
    Bun?: { version: string };
    process?: { versions?: { node?: string } };
    navigator?: { userAgent?: string };
  };
  if (g.Deno) return `deno ${g.Deno.version.deno}`;
  if (g.Bun) return `bun ${g.Bun.version}`;
  if (g.process?.versions?.node) return `node ${g.process.versions.node}`;
  return g.navigator?.userAgent ?? "unknown";
}

/** A value of the declared type for every variable (one message for a message placeholder): enough to render any prompt. */
function sampleValues(version: PromptVersion): PromptVariables {
  const values: PromptVariables = {};
  for (const v of version.variables) {
    if (v.type === "placeholder") values[v.name] = [{ role: "user", content: `smoke-${v.name}` }];
    else values[v.name] = v.type === "number" ? 3 : v.type === "boolean" ? true : v.type === "array" ? ["gold"] : `smoke-${v.name}`;
  }
  return values;
}

export async function runSmoke(config: SmokeConfig): Promise<SmokeResult> {
  const started = performance.now();
  const checks: SmokeCheck[] = [];
  const check = async (name: string, run: () => Promise<string>): Promise<void> => {
    try {
      checks.push({ name, ok: true, detail: await run() });
    } catch (err) {
      const detail = PromptError.is(err)
        ? `${err.code}: ${err.message}`
        : err instanceof Error
          ? `${err.name}: ${err.message}`
          : String(err);
      checks.push({ name, ok: false, detail });
    }
  };
  const assert = (condition: unknown, message: string): void => {
    if (!condition) throw new Error(message);
  };

  const missing = VENDORS.filter((vendor) => !config.vendors[vendor]);
  if (missing.length > 0) throw new Error(`the smoke config has no ${missing.join(", ")}`);
  const prompts = createPromptClient({
    vendors: VENDORS.map((vendor) => {
      const { baseUrl, key } = config.vendors[vendor]!;
      return VENDOR_PROFILES[vendor].create({ ...VENDOR_PROFILES[vendor].credentials(key), baseUrl });
    }),
    retry: { retries: 1, minDelayMs: 10, maxDelayMs: 50 },
    timeoutMs: 5_000,
  });

  for (const vendor of VENDORS) {
    const profile = VENDOR_PROFILES[vendor];
    const { promptId, version: label } = profile.smokePrompt(config.seed);
    const ref = `${vendor}:${promptId}`;
    let production: PromptVersion | undefined;

    await check(`${vendor}: get production`, async () => {
      production = await prompts.get(ref);
      assert(production.source === "network", `source ${production.source}`);
      assert(production.environments.includes("production"), `environments ${JSON.stringify(production.environments)}`);
      assert(production.messages.length > 0, "no messages");
      return `version ${production.version} (${production.versionId}), ${production.messages.length} message(s)`;
    });

    await check(`${vendor}: get @${label}`, async () => {
      const v = await prompts.get(`${ref}@${label}`);
      assert(v.version === label, `asked @${label}, got version ${v.version}`);
      return `version ${v.version} (${v.versionId})`;
    });

    await check(`${vendor}: render + toOpenAIChat + toAnthropicMessages`, async () => {
      assert(production, "no production version");
      const rendered = await prompts.render(ref, sampleValues(production!));
      const text = JSON.stringify(rendered.messages);
      assert(text.includes("smoke-"), "no variable value in the rendered messages");
      const left = [...production!.variables.flatMap((v) => profile.placeholderForms(v.name)), ...profile.includeMarkers].filter((form) =>
        text.includes(form),
      );
      assert(left.length === 0, `a placeholder is left: ${left.join(", ")}`);
      const openai = toOpenAIChat(rendered);
      assert(typeof openai.model === "string" && openai.model.length > 0, "OpenAI body: no model");
      assert(openai.messages.length === rendered.messages.length, "OpenAI body: message count");
      const anthropic = toAnthropicMessages(rendered, { maxTokens: 256 });
      assert(anthropic.max_tokens === 256, "Anthropic body: max_tokens");
      assert(typeof anthropic.system === "string" || anthropic.messages.length > 0, "Anthropic body: empty");
      return `openai ${openai.messages.length} message(s) for ${openai.model}; anthropic system ${anthropic.system?.length ?? 0} chars + ${anthropic.messages.length} message(s)`;
    });

    await check(`${vendor}: not_found`, async () => {
      try {
        await prompts.get(`${vendor}:${profile.missingPromptId}`);
      } catch (err) {
        assert(PromptError.is(err), `not a PromptError: ${String(err)}`);
        assert((err as PromptError).code === "not_found", `code ${(err as PromptError).code}`);
        return `code not_found (${(err as PromptError).message.slice(0, 60)}…)`;
      }
      throw new Error("a missing prompt was found");
    });

    await check(`${vendor}: cache hit`, async () => {
      const before = prompts.stats().hits;
      const v = await prompts.get(ref);
      assert(v.source === "cache", `source ${v.source}`);
      assert(prompts.stats().hits === before + 1, "hits did not grow");
      return `source cache, hits ${prompts.stats().hits}`;
    });
  }

  return { ok: checks.every((c) => c.ok), runtime: runtimeName(), checks, ms: Math.round(performance.now() - started) };
}

/** The script arguments in Node, Bun and Deno; none in a browser. */
function scriptArgs(): string[] | undefined {
  const g = globalThis as { Deno?: { args: string[] }; process?: { argv?: string[] } };
  if (g.Deno) return g.Deno.args;
  if (g.process?.argv) return g.process.argv.slice(2);
  return undefined;
}

function setExitCode(code: number): void {
  const g = globalThis as { Deno?: { exitCode: number }; process?: { exitCode?: number } };
  if (g.Deno) g.Deno.exitCode = code;
  else if (g.process) g.process.exitCode = code;
}

const args = scriptArgs();
if (args?.[0]?.startsWith("{")) {
  runSmoke(JSON.parse(args[0]) as SmokeConfig).then(
    (result) => {
      console.log(`SMOKE_RESULT ${JSON.stringify(result)}`);
      if (!result.ok) setExitCode(1);
    },
    (err: unknown) => {
      console.log(
        `SMOKE_RESULT ${JSON.stringify({ ok: false, runtime: runtimeName(), checks: [{ name: "runSmoke", ok: false, detail: String(err) }], ms: 0 })}`,
      );
      setExitCode(1);
    },
  );
}
