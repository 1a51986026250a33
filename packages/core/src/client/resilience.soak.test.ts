// The long soak (issue 4), kept out of the default suite so that suite holds on a busy machine:
// run it with `pnpm --filter @polyprompt/core test:soak` (vitest.soak.config.ts). Real HTTP
// against the emulator with 30% injected faults.
import v8 from "node:v8";
import vm from "node:vm";
import type { Emulator } from "@polyprompt/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PromptError } from "../errors/prompt-error.js";
import { clientFor, errorTexts, SECRET_KEYS, sleep, startTestEmulator } from "../test-support/emulator.js";

let emu: Emulator;
const seen: PromptError[] = [];

beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu.close();
});

const H = () => emu.seed.helicone;
const T = () => emu.seed.tela;
const classifier = () => `helicone:${H().ticketClassifier.promptId}`;

describe("soak", () => {
  it("20,000 requests with 30% injected faults: 0 wrong payloads, 0 unhandled rejections", async () => {
    const refs = [
      classifier(),
      `helicone:${H().supportAgent.promptId}@staging`,
      `helicone:${H().supportAgent.promptId}@1.x`,
      `tela:${T().docAnalysis.promptId}`,
      `tela:${T().docAnalysis.promptId}@2`,
      `tela:${T().contractReview.promptId}`,
    ];
    const baseline = new Map<string, string>();
    const reference = clientFor(emu, { cache: false });
    for (const ref of refs) baseline.set(ref, fingerprint(await reference.get(ref)));

    let unhandled = 0;
    const onUnhandled = (): void => {
      unhandled++;
    };
    process.on("unhandledRejection", onUnhandled);
    const prompts = clientFor(emu, {
      cache: { ttlMs: 5, maxEntries: 4 },
      retry: { retries: 1, minDelayMs: 1, maxDelayMs: 5 },
      timeoutMs: 200,
    });
    const faults = [
      { status: 503 },
      { reset: true },
      { body: "malformed" as const },
      { body: "truncated" as const },
      { body: "html" as const },
      { status: 429, headers: { "retry-after-ms": "2" } },
    ];
    // Six independent draws of p each: 1 - (1 - p)^6 = 30% of upstream requests are faulted.
    const p = 1 - 0.7 ** (1 / faults.length);
    const handles = faults.map((fault) => emu.faults.add({ ...fault, probability: p }));
    const heapBefore = heapAfterGc();

    let served = 0;
    let failed = 0;
    let wrong = 0;
    const total = 20_000;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < total) {
        const i = next++;
        const ref = refs[i % refs.length]!;
        if (i % 5 === 0) await prompts.invalidate(ref);
        try {
          const version = await prompts.get(ref);
          served++;
          if (fingerprint(version) !== baseline.get(ref)) wrong++;
        } catch (err) {
          failed++;
          seen.push(err as PromptError);
        }
      }
    };
    await Promise.all(Array.from({ length: 50 }, worker));
    await sleep(50);
    process.off("unhandledRejection", onUnhandled);
    const heapAfter = heapAfterGc();
    const upstream = emu.requests.total();
    const faulted = handles.reduce((sum, h) => sum + h.applied, 0);
    console.log(
      `soak: ${total} gets, ${served} served, ${failed} failed, ${wrong} wrong, ${upstream} upstream requests ` +
        `(${faulted} faulted, ${((100 * faulted) / upstream).toFixed(1)}%), ` +
        `heap ${(heapBefore / 1e6).toFixed(1)} MB → ${(heapAfter / 1e6).toFixed(1)} MB (${((heapAfter - heapBefore) / 1e6).toFixed(1)} MB)`,
      prompts.stats(),
    );
    expect(served + failed).toBe(total);
    expect(wrong).toBe(0);
    expect(unhandled).toBe(0);
    expect(upstream).toBeGreaterThan(1_500);
    expect(faulted / upstream).toBeGreaterThan(0.25);
    expect(served).toBeGreaterThan(total * 0.75);
    for (const err of seen) {
      for (const text of errorTexts(err)) {
        expect(text).not.toContain(SECRET_KEYS.helicone);
        expect(text).not.toContain(SECRET_KEYS.tela);
      }
    }
  }, 600_000);
});

/** Heap in use after a full collection, so growth means retained memory, not garbage. */
function heapAfterGc(): number {
  v8.setFlagsFromString("--expose-gc");
  (vm.runInNewContext("gc") as () => void)();
  return process.memoryUsage().heapUsed;
}

function fingerprint(version: { versionId: string; version: string; messages: unknown; tools: unknown; params: unknown }): string {
  return JSON.stringify([version.versionId, version.version, version.messages, version.tools, version.params]);
}
