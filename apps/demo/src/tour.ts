/**
 * `pnpm demo`: a scripted walk across Helicone and Tela on the in-process emulator (no keys, no
 * network), printed with the same renderers as the CLI. Every step checks what it shows, so a
 * failing step exits non-zero.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { createPromptClient, toAnthropicMessages, toOpenAIChat, type PromptEvent, type PromptVersion } from "@polyprompt/core";
import type { Emulator } from "@polyprompt/emulator";
import { colorEnabled, createColors } from "./ansi.js";
import { formatEvent, formatJson, formatStats, formatVersion, formatVersionTable, shortId, trimJson } from "./format.js";
import { emulatorVendors, startBuiltInEmulator } from "./target.js";

const c = createColors(colorEnabled(process.stdout, process.env));
const say = (...lines: string[]) => process.stdout.write(`${lines.join("\n")}\n`);
const TTL_MS = 300;

class StepFailed extends Error {}
function expect(condition: boolean, message: string): void {
  if (!condition) throw new StepFailed(message);
}

/** A fetch that knows when no request is in flight (so the tour can wait for a background refresh). */
function trackingFetch() {
  let inFlight = 0;
  let waiters: (() => void)[] = [];
  const done = () => {
    inFlight--;
    if (inFlight === 0) for (const wake of waiters.splice(0)) wake();
  };
  return {
    async fetch(input: Request, init?: RequestInit): Promise<Response> {
      inFlight++;
      try {
        const response = await globalThis.fetch(input, init);
        // Read the whole body here, so "idle" means the client has every byte.
        const body = [101, 204, 205, 304].includes(response.status) ? null : await response.arrayBuffer();
        return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
      } finally {
        done();
      }
    },
    /** Resolves once nothing is in flight, plus a moment for the client to store what came back. */
    async idle(): Promise<void> {
      if (inFlight > 0) await new Promise<void>((resolve) => waiters.push(resolve));
      await sleep(20);
    },
  };
}

function heading(n: number, title: string): void {
  say("", c.bold(c.blue(`━━ ${n}. ${title} ${"━".repeat(Math.max(3, 66 - title.length))}`)), "");
}

const summary = (v: PromptVersion) =>
  `version ${c.bold(v.version)} ${c.dim(`#${shortId(v.versionId)}`)} ${c.dim("source:")} ${v.source === "network" ? c.green(v.source) : v.source === "cache" ? c.cyan(v.source) : c.yellow(v.source)}`;

async function tour(emu: Emulator): Promise<void> {
  const seed = emu.seed;
  const H = `helicone:${seed.helicone.supportAgent.promptId}`;
  const T = `tela:${seed.tela.docAnalysis.promptId}`;
  const tracker = trackingFetch();
  let showEvents = false;
  const events: PromptEvent[] = [];
  const prompts = createPromptClient({
    vendors: emulatorVendors(emu),
    fetch: tracker.fetch,
    cache: { ttlMs: TTL_MS },
    retry: { retries: 2, minDelayMs: 50, maxDelayMs: 1_000 },
    onEvent: (event) => {
      events.push(event);
      if (showEvents) say(`  ${formatEvent(event, c)}`);
    },
  });
  const origin = `the emulator at ${emu.url}`;

  say(c.bold("polyprompt tour"), c.dim(`Helicone and Tela, both served by the built-in emulator at ${emu.url} (seeded demo data).`));
  say(c.dim(`Client: cache ttl ${TTL_MS} ms with stale-while-revalidate, 2 retries.`));

  heading(1, "List versions (polyprompt ls)");
  for (const ref of [H, T]) {
    const infos = await prompts.listVersions(ref);
    expect(infos.length > 0, `${ref} has no versions`);
    say(...formatVersionTable(ref, infos, c), "");
  }

  heading(2, "Get production (polyprompt get)");
  const hProd = await prompts.get(H);
  expect(hProd.environments.includes("production"), `${H} production is not in production`);
  say(...formatVersion(hProd, c, { origin, maxLines: 3 }), "");
  const tProd = await prompts.get(T);
  expect(tProd.environments.includes("production"), `${T} production is not in production`);
  say(...formatVersion(tProd, c, { origin, maxLines: 3 }));

  heading(3, "Render for a provider (polyprompt render)");
  const hVars = { name: "Ada", count: 3, vip: true, region: "EU", tiers: ["gold", "silver"], question: "Where is my order A-1042?" };
  say(c.dim(`$ polyprompt render ${H} --format openai --var name=Ada --var count=3 --var vip=true --var region=EU \\`));
  say(c.dim(`    --var question="Where is my order A-1042?" --var-json tiers='["gold","silver"]'`));
  const openai = toOpenAIChat(await prompts.render(H, hVars));
  expect(openai.messages.length > 0 && JSON.stringify(openai).includes("Ada"), "the OpenAI body lacks the rendered name");
  say(formatJson(trimJson(openai, { collapse: ["parameters"] }), c), "");

  const doc = `data:text/plain;base64,${Buffer.from("Q3 revenue grew 12% to $4.2M; churn fell to 2.1%.").toString("base64")}`;
  say(c.dim(`$ polyprompt render ${T}@development --format anthropic --model claude-sonnet-4-5 --max-tokens 512 \\`));
  say(c.dim(`    --var document=data:text/plain;base64,… --var query="How did revenue change?"`));
  const anthropic = toAnthropicMessages(await prompts.render(`${T}@development`, { document: doc, query: "How did revenue change?" }), {
    model: "claude-sonnet-4-5",
    maxTokens: 512,
  });
  expect(anthropic.messages.length > 0 && anthropic.max_tokens === 512, "the Anthropic body is incomplete");
  say(formatJson(trimJson(anthropic, { collapse: ["source"] }), c));

  heading(4, "Promote a version; watch the cache pick it up");
  showEvents = true;
  await tracker.idle();
  await prompts.invalidate(H);
  const before = await prompts.get(H);
  say(`get ${H} → ${summary(before)}`);
  const target = seed.helicone.supportAgent.versions["2.0"];
  expect(before.versionId !== target, "version 2.0 is production already");

  const url = `${emu.urlFor("helicone")}/v1/prompt-2025/update/environment`;
  const response = await fetch(url, {
    method: "POST",
    headers: { authorization: `Bearer ${emu.apiKeys.helicone}`, "content-type": "application/json" },
    body: JSON.stringify({ promptId: seed.helicone.supportAgent.promptId, promptVersionId: target, environment: "production" }),
  });
  say(c.magenta(`POST ${url.slice(emu.url.length)} {environment: "production", promptVersionId: ${shortId(target)}… (2.0)} → HTTP ${response.status}`));
  expect(response.ok, `promotion failed with HTTP ${response.status}: ${await response.text()}`);

  const cached = await prompts.get(H);
  say(`get ${H} → ${summary(cached)}   ${c.dim("still the old version: the entry is fresh")}`);
  expect(cached.source === "cache" && cached.versionId === before.versionId, `expected the old version from the cache, got ${cached.version} (${cached.source})`);

  say(c.dim(`… waiting ${TTL_MS + 50} ms for the entry to expire`));
  await sleep(TTL_MS + 50);
  const stale = await prompts.get(H);
  say(`get ${H} → ${summary(stale)}   ${c.dim("served at once; a refresh runs in the background")}`);
  expect(stale.source === "stale" && stale.versionId === before.versionId, `expected a stale serve, got ${stale.version} (${stale.source})`);

  await tracker.idle();
  const fresh = await prompts.get(H);
  say(`get ${H} → ${summary(fresh)}   ${c.dim("the refreshed entry: the promoted version")}`);
  expect(fresh.versionId === target && (fresh.source === "cache" || fresh.source === "network"), `expected version 2.0, got ${fresh.version} (${fresh.source})`);

  heading(5, "Survive a flaky vendor with retries");
  const path = `/prompt/${seed.tela.docAnalysis.promptId}/promoted-version`;
  emu.faults.add({ match: { vendor: "tela", method: "GET", path }, times: 2, status: 503, headers: { "retry-after-ms": "100" } });
  say(c.magenta(`fault: the next 2 × GET /tela${path} answer HTTP 503 with retry-after-ms: 100`));
  await prompts.invalidate(T);
  emu.requests.reset();
  const retriesBefore = events.filter((e) => e.type === "retry").length;
  const rendered = await prompts.render(T, { document: "https://example.com/q3-report.pdf", query: "How did revenue change?", language: "English" });
  const retries = events.filter((e) => e.type === "retry").length - retriesBefore;
  const sent = emu.requests.total({ vendor: "tela", method: "GET", path });
  say(`render ${T} → ${c.green("ok")}: version ${rendered.version}, ${rendered.messages.length} message(s), source: ${rendered.source}`);
  say(`emulator: ${sent} requests to GET /tela${path} (2 faulted, 1 served)`);
  expect(retries === 2, `expected 2 retries, saw ${retries}`);
  expect(sent === 3, `expected 3 requests, the emulator saw ${sent}`);
  showEvents = false;

  heading(6, "Client stats");
  say(...formatStats(prompts.stats(), c));
  say("", c.green("tour complete"));
}

async function main(): Promise<number> {
  const started = performance.now();
  let emu: Emulator | undefined;
  try {
    emu = await startBuiltInEmulator();
    await tour(emu);
    say(c.dim(`(${Math.round(performance.now() - started)} ms)`));
    return 0;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`tour: failed: ${message.replace(/\s*\n\s*/g, " ")}\n`);
    if (!(err instanceof StepFailed) && err instanceof Error && process.env.DEBUG) process.stderr.write(`${err.stack}\n`);
    return 1;
  } finally {
    await emu?.close();
  }
}

const code = await main();
process.exitCode = code;
process.stdout.write("", () => setTimeout(() => process.exit(code), 50).unref());
