/**
 * `pnpm demo`: a scripted walk across every built-in vendor on the in-process emulator (no keys, no
 * network), printed with the same renderers as the CLI. Every step checks what it shows, so a
 * failing step exits non-zero.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { createPromptClient, toAnthropicMessages, toOpenAIChat, type PromptEvent, type PromptVersion } from "@polyprompt/core";
import type { Emulator } from "@polyprompt/emulator";
import {
  colorEnabled,
  createColors,
  emulatorVendors,
  loadTextWidth,
  formatEvent,
  formatJson,
  formatStats,
  formatVersion,
  formatVersionTable,
  handleOutputErrors,
  KNOWN_VENDORS,
  shortId,
  startBuiltInEmulator,
  trimJson,
  loadVendorProfiles,
} from "@polyprompt/cli/kit";
import { TOUR_SCRIPTS } from "./tour-scripts.js";

const c = createColors(colorEnabled(process.stdout, process.env), await loadTextWidth());
const VENDOR_PROFILES = await loadVendorProfiles();
const say = (...lines: string[]) => process.stdout.write(`${lines.join("\n")}\n`);
const TTL_MS = 300;

class StepFailed extends Error {}
function expect(condition: boolean, message: string): void {
  if (!condition) throw new StepFailed(message);
}

/** A fetch that knows when no request is in flight (so the tour can wait for a background refresh). */
function trackingFetch() {
  let inFlight = 0;
  const waiters: (() => void)[] = [];
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
  const vendors = KNOWN_VENDORS.map((name) => ({
    name,
    profile: VENDOR_PROFILES[name],
    script: TOUR_SCRIPTS[name],
    ref: `${name}:${TOUR_SCRIPTS[name].promptId(seed)}`,
  }));
  // The promotion and the fault each need one vendor: the first and the last, so that a tour of
  // two vendors shows both at work.
  const promoted = vendors[0]!;
  const flaky = vendors.at(-1)!;
  const names = vendors.map((v) => v.profile.displayName).join(" and ");
  const tracker = trackingFetch();
  let showEvents = false;
  const events: PromptEvent[] = [];
  const prompts = createPromptClient({
    vendors: emulatorVendors(emu, VENDOR_PROFILES),
    fetch: tracker.fetch,
    cache: { ttlMs: TTL_MS },
    retry: { retries: 2, minDelayMs: 50, maxDelayMs: 1_000 },
    onEvent: (event) => {
      events.push(event);
      if (showEvents) say(`  ${formatEvent(event, c)}`);
    },
  });
  const origin = `the emulator at ${emu.url}`;

  say(
    c.bold("polyprompt tour"),
    c.dim(`${names}, ${vendors.length === 2 ? "both" : "all"} served by the built-in emulator at ${emu.url} (seeded demo data).`),
  );
  say(c.dim(`Client: cache ttl ${TTL_MS} ms with stale-while-revalidate, 2 retries.`));

  heading(1, "List versions (polyprompt ls)");
  for (const { ref } of vendors) {
    const infos = await prompts.listVersions(ref);
    expect(infos.length > 0, `${ref} has no versions`);
    say(...formatVersionTable(ref, infos, c), "");
  }

  heading(2, "Get production (polyprompt get)");
  for (const [i, { ref }] of vendors.entries()) {
    const production = await prompts.get(ref);
    expect(production.environments.includes("production"), `${ref} production is not in production`);
    say(...formatVersion(production, c, { origin, maxLines: 3 }), ...(i < vendors.length - 1 ? [""] : []));
  }

  heading(3, "Render for a provider (polyprompt render)");
  const renders = vendors.flatMap(({ name, script }) => script.renders.map((example) => ({ name, script, example })));
  for (const [i, { name, script, example }] of renders.entries()) {
    const target = `${name}:${(example.promptId ?? script.promptId)(seed)}${example.selector}`;
    say(...example.command(target).map((line) => c.dim(line)));
    const rendered = await prompts.render(target, example.variables);
    if (example.format === "openai") {
      const body = toOpenAIChat(rendered, example.overrides);
      const first = Object.values(example.variables).find((value) => typeof value === "string") as string | undefined;
      expect(
        body.messages.length > 0 && (first === undefined || JSON.stringify(body).includes(first)),
        "the OpenAI body lacks a rendered variable",
      );
      say(formatJson(trimJson(body, { collapse: example.collapse }), c));
    } else {
      const body = toAnthropicMessages(rendered, example.overrides);
      expect(
        body.messages.length > 0 && (example.overrides?.maxTokens === undefined || body.max_tokens === example.overrides.maxTokens),
        "the Anthropic body is incomplete",
      );
      say(formatJson(trimJson(body, { collapse: example.collapse }), c));
    }
    if (i < renders.length - 1) say("");
  }

  heading(4, "Promote a version; watch the cache pick it up");
  showEvents = true;
  const H = promoted.ref;
  await tracker.idle();
  await prompts.invalidate(H);
  const before = await prompts.get(H);
  say(`get ${H} → ${summary(before)}`);
  const target = promoted.script.promotionTarget(seed);
  expect(before.versionId !== target.versionId, `version ${target.label} is production already`);

  const promotion = promoted.script.promoteRequest(promoted.script.promptId(seed), target.versionId, "production");
  const url = `${emu.urlFor(promoted.name)}${promotion.path}`;
  const credentials = promoted.profile.emulatorCredentials(emu.apiKeys[promoted.name]);
  const response = await fetch(url, {
    method: promotion.method,
    headers: { authorization: promoted.profile.authorization(credentials), "content-type": "application/json" },
    body: JSON.stringify(promotion.body),
  });
  say(
    c.magenta(
      `${promotion.method} ${url.slice(emu.url.length)} {environment: "production", version: ${shortId(target.versionId)}… (${target.label})} → HTTP ${response.status}`,
    ),
  );
  expect(response.ok, `promotion failed with HTTP ${response.status}: ${await response.text()}`);

  const cached = await prompts.get(H);
  // On a busy machine the promotion can take longer than the ttl: the entry has then expired
  // already and this read is the stale serve. The tour checks only what holds at any speed.
  const expiredEarly = cached.source !== "cache";
  say(
    `get ${H} → ${summary(cached)}   ${c.dim(expiredEarly ? "the old version, served stale: the entry expired during the promotion" : "still the old version: the entry is fresh")}`,
  );
  expect(
    cached.versionId === before.versionId && (cached.source === "cache" || cached.source === "stale"),
    `expected the old version, got ${cached.version} (${cached.source})`,
  );

  if (!expiredEarly) {
    say(c.dim(`… waiting ${TTL_MS + 50} ms for the entry to expire`));
    await sleep(TTL_MS + 50);
    const stale = await prompts.get(H);
    say(`get ${H} → ${summary(stale)}   ${c.dim("served at once; a refresh runs in the background")}`);
    expect(
      stale.source === "stale" && stale.versionId === before.versionId,
      `expected a stale serve, got ${stale.version} (${stale.source})`,
    );
  }

  await tracker.idle();
  const fresh = await prompts.get(H);
  say(`get ${H} → ${summary(fresh)}   ${c.dim("the refreshed entry: the promoted version")}`);
  // Usually from the cache; on a slow machine the refreshed entry may have expired again (stale).
  expect(fresh.versionId === target.versionId, `expected version ${target.label}, got ${fresh.version} (${fresh.source})`);

  heading(5, "Survive a flaky vendor with retries");
  const T = flaky.ref;
  const route = flaky.script.productionRoute(flaky.script.promptId(seed));
  emu.faults.add({
    match: { vendor: flaky.name, method: route.method, path: route.path },
    times: 2,
    status: 503,
    headers: { "retry-after-ms": "100" },
  });
  say(c.magenta(`fault: the next 2 × ${route.method} /${flaky.name}${route.path} answer HTTP 503 with retry-after-ms: 100`));
  await prompts.invalidate(T);
  emu.requests.reset();
  const retriesBefore = events.filter((e) => e.type === "retry").length;
  const rendered = await prompts.render(T, flaky.script.productionVariables);
  const retries = events.filter((e) => e.type === "retry").length - retriesBefore;
  const sent = emu.requests.total({ vendor: flaky.name, method: route.method, path: route.path });
  say(`render ${T} → ${c.green("ok")}: version ${rendered.version}, ${rendered.messages.length} message(s), source: ${rendered.source}`);
  say(`emulator: ${sent} requests to ${route.method} /${flaky.name}${route.path} (2 faulted, 1 served)`);
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

handleOutputErrors(process.stdout, process.stderr, (status) => process.exit(status), "tour");
const code = await main();
process.exitCode = code;
process.stdout.write("", () => setTimeout(() => process.exit(code), 50).unref());
