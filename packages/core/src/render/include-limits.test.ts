// Issue 11, finding 1: exponential work through includes. Nine tiny Helicone prompts, each with
// K messages of K partials pointing at the next one: under the depth limit, no cycle, nine
// requests, and K^9 copies of the leaf text once expanded. The render must stop early with a
// clear error naming the limit, in bounded time and memory.
import v8 from "node:v8";
import type { Emulator } from "@polyprompt/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caught, clientFor, SECRET_KEYS, startTestEmulator } from "../test-support/emulator.js";

let emu: Emulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());

/** Creates a prompt through the emulator's Helicone write route; returns its id. */
async function createHeliconePrompt(name: string, messages: { role: string; content: string }[]): Promise<string> {
  const res = await fetch(`${emu.urlFor("helicone")}/v1/prompt-2025`, {
    method: "POST",
    headers: { authorization: `Bearer ${SECRET_KEYS.helicone}`, "content-type": "application/json" },
    body: JSON.stringify({ name, tags: [], promptBody: { model: "gpt-4o-mini", messages } }),
  });
  const json = (await res.json()) as { data: { id: string } };
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(json)}`);
  return json.data.id;
}

/** Nine prompts; prompt i has K messages, each with K partials of prompt i+1. Returns the top one's id. */
async function partialChain(k: number): Promise<string> {
  let next = await createHeliconePrompt(
    `leaf-${k}`,
    Array.from({ length: k }, (_, m) => ({ role: "user", content: `leaf ${m}` })),
  );
  for (let level = 7; level >= 0; level--) {
    const partials = Array.from({ length: k }, (_, m) => `{{hcp:${next}:${m}}}`).join(" ");
    next = await createHeliconePrompt(
      `level-${level}-${k}`,
      Array.from({ length: k }, () => ({ role: "user", content: partials })),
    );
  }
  return next;
}

/** Runs `fn`, sampling the heap every few milliseconds; returns its result and the peak growth. */
async function withPeakHeap<T>(fn: () => Promise<T>): Promise<{ result: T; peakGrowthBytes: number; ms: number }> {
  const baseline = v8.getHeapStatistics().used_heap_size;
  let peak = baseline;
  const timer = setInterval(() => (peak = Math.max(peak, v8.getHeapStatistics().used_heap_size)), 2);
  const started = performance.now();
  try {
    const result = await fn();
    return { result, peakGrowthBytes: peak - baseline, ms: performance.now() - started };
  } finally {
    clearInterval(timer);
  }
}

describe("include expansion is bounded per render", () => {
  it("K=1 (a plain chain of eight partials) renders: the baseline", async () => {
    const top = await partialChain(1);
    const rendered = await clientFor(emu).render(`helicone:${top}`);
    expect(rendered.messages[0]!.content).toBe("leaf 0");
  });

  it.each([5, 6])(
    "K=%i fails fast with invalid_prompt naming the limit, in bounded memory",
    async (k) => {
      const baselineTop = await partialChain(1);
      const top = await partialChain(k);
      // Baseline: the same nine cold fetches with no fan-out, measured here, on this machine, now.
      const base = await withPeakHeap(() => clientFor(emu).render(`helicone:${baselineTop}`));
      const run = await withPeakHeap(() => caught(() => clientFor(emu).render(`helicone:${top}`)));
      const err = run.result;
      expect(err).toMatchObject({ code: "invalid_prompt", vendor: "helicone", operation: "render" });
      expect(err.message).toMatch(/maxIncludeExpansions|maxIncludedChars/);
      // Without the bound, K=4 needs 273 MB of heap and K=5 dies out of memory.
      expect(run.peakGrowthBytes).toBeLessThan(128 * 1024 * 1024);
      // At most about a thousand cheap cached expansions on top of the same nine fetches.
      expect(run.ms).toBeLessThan(Math.max(base.ms, 20) * 100);
    },
    120_000,
  );
});

describe("the limits are the render's and the client's to set", () => {
  it("K=2 (510 expansions, 3 KB) renders by default; a lower maxIncludeExpansions stops it; raising it again, as the message advises, works", async () => {
    const top = await partialChain(2);
    const ref = `helicone:${top}`;
    expect((await clientFor(emu).render(ref)).messages).toHaveLength(2);

    const strict = clientFor(emu, { limits: { maxIncludeExpansions: 100 } });
    const err = await caught(() => strict.render(ref));
    expect(err).toMatchObject({ code: "invalid_prompt" });
    expect(err.message).toContain("maxIncludeExpansions (100)");
    expect(err.message).toContain("{ limits }");
    // Per render, over the client's limits.
    expect((await strict.render(ref, {}, { limits: { maxIncludeExpansions: 1_000 } })).messages).toHaveLength(2);
  });

  it("a large included text stops at maxIncludedChars, with few expansions", async () => {
    const leaf = await createHeliconePrompt("big-leaf", [{ role: "user", content: "x".repeat(20_000) }]);
    const top = await createHeliconePrompt("many-copies", [
      { role: "user", content: Array.from({ length: 10 }, () => `{{hcp:${leaf}:0}}`).join("") },
    ]);
    const prompts = clientFor(emu);
    expect((await prompts.render(`helicone:${top}`)).messages[0]!.content).toHaveLength(200_000);
    const err = await caught(() => prompts.render(`helicone:${top}`, {}, { limits: { maxIncludedChars: 100_000 } }));
    expect(err).toMatchObject({ code: "invalid_prompt", vendor: "helicone" });
    expect(err.message).toContain("maxIncludedChars (100000)");
  });
});
