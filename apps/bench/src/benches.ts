import { createPromptClient, toOpenAIChat, type PromptClient, type PromptVersion } from "@polyprompt/core";
import type { RemoteEmulator } from "./emulator.js";
import { buildPrompt, SIZES, type BenchPrompt, type Size } from "./prompts.js";
import { measureInterleaved, median, summarize, type Summary } from "./stats.js";
import { BENCHED, VENDOR_PROFILES, type PeerSdk } from "./vendors.js";

/** The benchmarked vendor's standalone renderer (its entry point knows its engine). */
const renderPrompt = VENDOR_PROFILES[BENCHED.vendor].renderPrompt;

export interface Stored {
  prompt: BenchPrompt;
  promptId: string;
  versionId: string;
  ref: string;
}

export interface Ctx {
  emu: RemoteEmulator;
  stored: Record<Size, Stored>;
  quick: boolean;
  log: (line: string) => void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The benchmarked vendor on the emulator: its base URL and key. */
export const vendorConfig = (emu: RemoteEmulator) => ({ apiKey: emu.apiKeys[BENCHED.vendor]!, baseUrl: emu.urlFor(BENCHED.vendor) });

export function polyprompt(emu: RemoteEmulator, options: Omit<Parameters<typeof createPromptClient>[0], "vendors"> = {}): PromptClient {
  return createPromptClient({ ...options, vendors: [VENDOR_PROFILES[BENCHED.vendor].create(vendorConfig(emu))] });
}

/** The benchmarked vendor's own SDK, on the emulator. */
export function peerSdk(emu: RemoteEmulator): PeerSdk {
  return BENCHED.sdk(vendorConfig(emu));
}

/** Creates the three benchmark prompts through the vendor's own create route. */
export async function createPrompts(emu: RemoteEmulator): Promise<Record<Size, Stored>> {
  const out = {} as Record<Size, Stored>;
  for (const size of SIZES) {
    const prompt = buildPrompt(size);
    const { promptId, versionId } = await BENCHED.createPrompt(vendorConfig(emu), prompt);
    out[size] = { prompt, promptId, versionId, ref: `${BENCHED.vendor}:${promptId}` };
  }
  return out;
}

/** Requests the emulator saw on any of `paths` (under the benchmarked vendor's routes). */
async function requestsOn(emu: RemoteEmulator, paths: string[]): Promise<number> {
  let total = 0;
  for (const path of paths) total += await emu.requests.total({ path });
  return total;
}

// ---------------------------------------------------------------------------------------------
// 1. Warm get + render

export interface WarmRow {
  size: Size;
  polyprompt: Summary;
  /** `prompts.get` alone on the same warm client: the cache-hit part of a warm render. */
  getOnly: Summary;
  /** The vendor's SDK. */
  sdk: Summary;
  ratio: number;
}

export async function benchWarm(ctx: Ctx): Promise<WarmRow[]> {
  const rows: WarmRow[] = [];
  const rounds = ctx.quick ? 2 : 6;
  const time = ctx.quick ? 100 : 250;
  for (const size of SIZES) {
    const { ref, promptId, prompt } = ctx.stored[size];
    const pp = polyprompt(ctx.emu);
    await pp.render(ref, prompt.inputs);
    const sdk = peerSdk(ctx.emu);
    await sdk.fetchRendered(promptId, prompt.inputs);
    const opts = { async: true, time, warmupTime: 50 } as const;
    const [ppSum, getOnly, hcSum] = (await measureInterleaved(
      [
        { name: `polyprompt render ${size}`, fn: () => pp.render(ref, prompt.inputs), options: opts },
        { name: `polyprompt get ${size}`, fn: () => pp.get(ref), options: { ...opts, time: time / 2 } },
        { name: `sdk ${BENCHED.sdkCalls.fetchRendered} ${size}`, fn: () => sdk.fetchRendered(promptId, prompt.inputs), options: opts },
      ],
      rounds,
    )) as [Summary, Summary, Summary];
    const stats = pp.stats();
    if (stats.misses !== 1) throw new Error(`warm polyprompt client missed ${stats.misses} times`);
    const row = { size, polyprompt: ppSum, getOnly, sdk: hcSum, ratio: ppSum.opsMedian / hcSum.opsMedian };
    ctx.log(
      `  warm ${size}: polyprompt ${ppSum.opsMedian.toFixed(0)} ops/s, SDK ${hcSum.opsMedian.toFixed(0)} ops/s, ${row.ratio.toFixed(0)}×`,
    );
    rows.push(row);
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// 2. Render only

export interface RenderRow {
  size: Size;
  bytes: number;
  tags: number;
  variables: number;
  renderPrompt: Summary;
  renderPromptOpenAI: Summary;
  compileAndRender: Summary;
  merge: Summary;
  /** mergePromptBody median latency ÷ renderPrompt median latency. */
  ratio: number;
  ratioOpenAI: number;
  ratioCompile: number;
  /** The SDK's body and `toOpenAIChat(renderPrompt(…))` agree on messages, tools and response_format. */
  identical: boolean;
  mismatch?: string;
}

/** JSON with sorted keys, for comparing outputs. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

export async function benchRender(ctx: Ctx): Promise<RenderRow[]> {
  const rows: RenderRow[] = [];
  const rounds = ctx.quick ? 2 : 6;
  const time = ctx.quick ? 100 : 175;
  const sdk = peerSdk(ctx.emu);
  let sink: unknown;
  for (const size of SIZES) {
    const { ref, promptId, prompt } = ctx.stored[size];
    const pp = polyprompt(ctx.emu);
    const version: PromptVersion = await pp.get(ref);
    const sdkBody = BENCHED.storedBody(version);
    if (canonical(sdkBody) !== canonical(prompt.body)) throw new Error(`${size}: the stored body differs from the one created`);

    // Same output? Compare the SDK's body with polyprompt's OpenAI rendering.
    const ours = toOpenAIChat(renderPrompt(version, prompt.inputs)) as unknown as Record<string, unknown>;
    const theirs = await sdk.render(promptId, prompt.inputs, sdkBody);
    let mismatch: string | undefined;
    if (theirs.errors.length > 0) mismatch = `SDK errors: ${JSON.stringify(theirs.errors).slice(0, 200)}`;
    for (const key of ["messages", "tools", "response_format"] as const) {
      if (!mismatch && canonical(ours[key] ?? []) !== canonical(theirs.body[key] ?? [])) mismatch = `${key} differ`;
    }

    const opts = { time, warmupTime: 50 };
    const [rp, rpo, cold, merge] = (await measureInterleaved(
      [
        {
          name: `renderPrompt ${size}`,
          fn: () => {
            sink = renderPrompt(version, prompt.inputs);
          },
          options: opts,
        },
        {
          name: `renderPrompt+toOpenAIChat ${size}`,
          fn: () => {
            sink = toOpenAIChat(renderPrompt(version, prompt.inputs));
          },
          options: opts,
        },
        // A new object each call: the compiled-template cache (keyed by object) never hits.
        {
          name: `compile+renderPrompt ${size}`,
          fn: () => {
            sink = renderPrompt({ ...version }, prompt.inputs);
          },
          options: opts,
        },
        // The SDK's renderer may be `async` but does all its work before its first await: calling
        // it runs the whole render synchronously, so it is timed like the others (no await overhead).
        {
          name: `${BENCHED.sdkCalls.render} ${size}`,
          fn: () => {
            sink = sdk.render(promptId, prompt.inputs, sdkBody);
          },
          options: opts,
        },
      ],
      rounds,
    )) as [Summary, Summary, Summary, Summary];
    const row: RenderRow = {
      size,
      bytes: prompt.bytes,
      tags: prompt.tags,
      variables: prompt.variables,
      renderPrompt: rp,
      renderPromptOpenAI: rpo,
      compileAndRender: cold,
      merge,
      ratio: merge.medianMs / rp.medianMs,
      ratioOpenAI: merge.medianMs / rpo.medianMs,
      ratioCompile: merge.medianMs / cold.medianMs,
      identical: mismatch === undefined,
      ...(mismatch ? { mismatch } : {}),
    };
    ctx.log(
      `  render ${size}: renderPrompt ${(rp.medianMs * 1000).toFixed(2)} µs, ${BENCHED.sdkCalls.render} ${(merge.medianMs * 1000).toFixed(2)} µs, ${row.ratio.toFixed(1)}×${mismatch ? ` (MISMATCH: ${mismatch})` : ""}`,
    );
    rows.push(row);
  }
  void sink;
  return rows;
}

// ---------------------------------------------------------------------------------------------
// 3. Cold fetch with 20 ms per request

export interface ColdResult {
  latencyMs: number;
  size: Size;
  polyprompt: Summary;
  sdk: Summary;
  ppRequests: number;
  sdkRequests: number;
  samples: number;
  rounds: number;
  warmups: number;
}

export async function benchCold(ctx: Ctx): Promise<ColdResult> {
  const latencyMs = 20;
  const size: Size = "1kb";
  const iterations = ctx.quick ? 10 : 40;
  const { ref, promptId, prompt } = ctx.stored[size];
  const removeFault = await ctx.emu.faults.add({ match: { vendor: BENCHED.vendor }, latencyMs });
  try {
    const pp = polyprompt(ctx.emu, { cache: false });
    const sdk = peerSdk(ctx.emu);
    const rounds = 4;
    const perRound = Math.ceil(iterations / rounds);
    const warmups = 2;
    const opts = { async: true, time: 0, iterations: perRound, warmupTime: 0, warmupIterations: warmups } as const;
    let ppCalls = 0;
    let hcCalls = 0;
    await ctx.emu.requests.reset();
    const [ppSum, hcSum] = (await measureInterleaved(
      [
        {
          name: "polyprompt cold render",
          fn: () => {
            ppCalls++;
            return pp.render(ref, prompt.inputs);
          },
          options: opts,
        },
        {
          name: `sdk cold ${BENCHED.sdkCalls.fetchRendered}`,
          fn: () => {
            hcCalls++;
            return sdk.fetchRendered(promptId, prompt.inputs);
          },
          options: opts,
        },
      ],
      rounds,
    )) as [Summary, Summary];
    // Requests per call, from the emulator's log (the two clients use distinct routes).
    const ppRequests = (await requestsOn(ctx.emu, BENCHED.routes.polyprompt)) / ppCalls;
    const sdkRequests = (await requestsOn(ctx.emu, BENCHED.routes.sdk)) / hcCalls;
    ctx.log(
      `  cold: polyprompt ${ppSum.medianMs.toFixed(1)} ms (${ppRequests} req/call), SDK ${hcSum.medianMs.toFixed(1)} ms (${sdkRequests} req/call)`,
    );
    return { latencyMs, size, polyprompt: ppSum, sdk: hcSum, ppRequests, sdkRequests, samples: perRound * rounds, rounds, warmups };
  } finally {
    await removeFault();
  }
}

// ---------------------------------------------------------------------------------------------
// 4. Thundering herd

export interface HerdSide {
  upstream: number[];
  wallMs: number[];
  failures: number[];
  /** Why calls failed, with counts over all rounds. */
  reasons: Record<string, number>;
}

function countReasons(settled: PromiseSettledResult<unknown>[], into: Record<string, number>): number {
  let failed = 0;
  for (const s of settled) {
    if (s.status !== "rejected") continue;
    failed++;
    const e = s.reason as { message?: unknown; cause?: { code?: unknown; message?: unknown } } | undefined;
    const reason = String(e?.cause?.code ?? e?.cause?.message ?? e?.message ?? e).slice(0, 80);
    into[reason] = (into[reason] ?? 0) + 1;
  }
  return failed;
}
export interface HerdResult {
  concurrency: number;
  rounds: number;
  polyprompt: HerdSide & { coalesced: number[] };
  sdk: HerdSide;
}

export async function benchHerd(ctx: Ctx): Promise<HerdResult> {
  const concurrency = 1_000;
  const rounds = ctx.quick ? 2 : 5;
  const { ref, promptId, prompt } = ctx.stored["1kb"];
  const result: HerdResult = {
    concurrency,
    rounds,
    polyprompt: { upstream: [], wallMs: [], failures: [], reasons: {}, coalesced: [] },
    sdk: { upstream: [], wallMs: [], failures: [], reasons: {} },
  };
  const quiet = silenceConsoleError();
  try {
    for (let round = 0; round < rounds; round++) {
      {
        const pp = polyprompt(ctx.emu);
        globalThis.gc?.();
        await ctx.emu.requests.reset();
        const t0 = performance.now();
        const settled = await Promise.allSettled(Array.from({ length: concurrency }, () => pp.render(ref, prompt.inputs)));
        result.polyprompt.wallMs.push(performance.now() - t0);
        result.polyprompt.upstream.push(await ctx.emu.requests.total());
        result.polyprompt.failures.push(countReasons(settled, result.polyprompt.reasons));
        result.polyprompt.coalesced.push(pp.stats().coalesced);
      }
      {
        const sdk = peerSdk(ctx.emu);
        globalThis.gc?.();
        await ctx.emu.requests.reset();
        const t0 = performance.now();
        const settled = await Promise.allSettled(Array.from({ length: concurrency }, () => sdk.fetchRendered(promptId, prompt.inputs)));
        result.sdk.wallMs.push(performance.now() - t0);
        result.sdk.upstream.push(await ctx.emu.requests.total());
        result.sdk.failures.push(countReasons(settled, result.sdk.reasons));
      }
      await sleep(200);
    }
  } finally {
    quiet.restore();
  }
  ctx.log(
    `  herd: polyprompt ${median(result.polyprompt.upstream)} upstream, ${median(result.polyprompt.wallMs).toFixed(0)} ms; ` +
      `SDK ${median(result.sdk.upstream)} upstream, ${median(result.sdk.wallMs).toFixed(0)} ms`,
  );
  return result;
}

// ---------------------------------------------------------------------------------------------
// 5. Outage

export interface OutageResult {
  outageMs: number;
  intervalMs: number;
  ttlMs: number;
  polyprompt: {
    calls: number;
    ok: number;
    fresh: number;
    stale: number;
    upstream: number;
    refreshes: number;
    refreshErrors: number;
    latency: Summary;
  };
  sdk: { calls: number; ok: number; upstream: number; latency: Summary };
}

export async function benchOutage(ctx: Ctx): Promise<OutageResult> {
  const outageMs = ctx.quick ? 3_000 : 10_000;
  const intervalMs = 10;
  const ttlMs = 1_000;
  const { ref, promptId, prompt } = ctx.stored["1kb"];
  let ppUpstream = 0;
  const pp = polyprompt(ctx.emu, {
    cache: { ttlMs },
    fetch: (input: Request, init?: RequestInit) => {
      ppUpstream++;
      return globalThis.fetch(input, init);
    },
  });
  const sdk = peerSdk(ctx.emu);
  // Warm up: polyprompt caches the version; the SDK has nothing to keep.
  await pp.render(ref, prompt.inputs);
  await sdk.fetchRendered(promptId, prompt.inputs);
  const before = pp.stats();
  ppUpstream = 0;

  const pps = { calls: 0, ok: 0, fresh: 0, stale: 0 };
  const hcs = { calls: 0, ok: 0 };
  const ppLat: number[] = [];
  const hcLat: number[] = [];
  const quiet = silenceConsoleError();
  await ctx.emu.requests.reset();
  const removeFault = await ctx.emu.faults.add({ match: { vendor: BENCHED.vendor }, status: 503 });
  const end = performance.now() + outageMs;
  try {
    while (performance.now() < end) {
      const tick = performance.now();
      // One after the other, so neither call's latency includes the other's synchronous work.
      await (async () => {
        const t0 = performance.now();
        try {
          const r = await pp.render(ref, prompt.inputs);
          pps.ok++;
          if (r.source === "cache") pps.fresh++;
          else if (r.source === "stale") pps.stale++;
        } catch {
          // counted as a failure
        } finally {
          pps.calls++;
          ppLat.push(performance.now() - t0);
        }
      })();
      await (async () => {
        const t0 = performance.now();
        try {
          await sdk.fetchRendered(promptId, prompt.inputs);
          hcs.ok++;
        } catch {
          // counted as a failure
        } finally {
          hcs.calls++;
          hcLat.push(performance.now() - t0);
        }
      })();
      const wait = intervalMs - (performance.now() - tick);
      if (wait > 0) await sleep(wait);
    }
  } finally {
    await removeFault();
    quiet.restore();
  }
  const total = await ctx.emu.requests.total();
  const after = pp.stats();
  const result: OutageResult = {
    outageMs,
    intervalMs,
    ttlMs,
    polyprompt: {
      ...pps,
      upstream: ppUpstream,
      refreshes: after.refreshes - before.refreshes,
      refreshErrors: after.refreshErrors - before.refreshErrors,
      latency: summarize(ppLat),
    },
    sdk: { ...hcs, upstream: total - ppUpstream, latency: summarize(hcLat) },
  };
  ctx.log(`  outage: polyprompt ${pps.ok}/${pps.calls} (${pps.stale} stale), SDK ${hcs.ok}/${hcs.calls}`);
  return result;
}

function silenceConsoleError(): { restore(): void } {
  const original = console.error;
  console.error = () => {};
  return {
    restore: () => {
      console.error = original;
    },
  };
}
