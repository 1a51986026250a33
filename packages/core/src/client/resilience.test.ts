// Issue 4: fetches that stay fast and correct when a vendor is slow or down. Real HTTP
// against the emulator on loopback, with its fault injection.
import type { Emulator } from "@polyprompt/emulator";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createMemoryStore, type CacheStore } from "../cache/store.js";
import type { PromptError } from "../errors/prompt-error.js";
import { caught, clientFor, errorTexts, SECRET_KEYS, sleep, startTestEmulator } from "../test-support/emulator.js";
import type { PromptEvent } from "./events.js";

let emu: Emulator;
/** Every error any test here saw, for the key-leak check at the end. */
const seen: PromptError[] = [];
const fast = { minDelayMs: 5, maxDelayMs: 2_000 };

beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  emu.reset();
});

const H = () => emu.seed.helicone;
const T = () => emu.seed.tela;
/** A Helicone prompt with no partials, so one render is one request. */
const classifier = () => `helicone:${H().ticketClassifier.promptId}`;
const production = "/v2/prompt-2025/query/production-version";
const classifierVars = { ticket: "Refund please", maxLabels: 2, categories: "billing, shipping" };

async function failure(fn: () => Promise<unknown>): Promise<PromptError> {
  const err = await caught(fn);
  seen.push(err);
  return err;
}

describe("retries", () => {
  it("succeeds after two retries on 503, 503, 200", async () => {
    const events: PromptEvent[] = [];
    const prompts = clientFor(emu, { retry: fast, onEvent: (e) => events.push(e) });
    emu.faults.add({ match: { path: production }, status: 503, times: 2 });
    const version = await prompts.get(classifier());
    expect(version.source).toBe("network");
    expect(emu.requests.total({ path: production })).toBe(3);
    expect(events.filter((e) => e.type === "retry").map((e) => e.attempt)).toEqual([1, 2]);
  });

  it("gives up after `retries` and reports the last failure", async () => {
    const prompts = clientFor(emu, { retry: { ...fast, retries: 2 } });
    emu.faults.add({ match: { path: production }, status: 503 });
    const err = await failure(() => prompts.get(classifier()));
    expect(err).toMatchObject({ code: "vendor_error", status: 503, vendor: "helicone", retryable: true });
    expect(emu.requests.total({ path: production })).toBe(3);
  });

  it("never retries a 400", async () => {
    const prompts = clientFor(emu, { retry: fast });
    emu.faults.add({ match: { path: production }, status: 400 });
    const err = await failure(() => prompts.get(classifier()));
    expect(err).toMatchObject({ code: "vendor_error", status: 400, retryable: false });
    expect(emu.requests.total({ path: production })).toBe(1);
  });

  it("never retries Helicone's not-found, although it is an HTTP 500", async () => {
    const prompts = clientFor(emu, { retry: fast });
    const err = await failure(() => prompts.get("helicone:zzzzzz"));
    expect(err).toMatchObject({ code: "not_found", status: 500, retryable: false });
    expect(emu.requests.total({ path: production })).toBe(1);
  });

  it("honours Retry-After in seconds", async () => {
    const prompts = clientFor(emu, { retry: { retries: 1, minDelayMs: 1, maxDelayMs: 5_000 } });
    emu.faults.add({ match: { path: production }, status: 429, headers: { "retry-after": "1" }, times: 1 });
    const started = performance.now();
    await prompts.get(classifier());
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(990);
    // Bounded by a generous multiple of the 1 s asked for, not by the machine's speed.
    expect(elapsed).toBeLessThan(10_000);
  });

  it("honours retry-after-ms over Retry-After", async () => {
    const events: PromptEvent[] = [];
    const prompts = clientFor(emu, { retry: { retries: 1, minDelayMs: 1, maxDelayMs: 5_000 }, onEvent: (e) => events.push(e) });
    emu.faults.add({ match: { path: production }, status: 503, headers: { "retry-after-ms": "150", "retry-after": "30" }, times: 1 });
    const started = performance.now();
    await prompts.get(classifier());
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    expect(events.find((e) => e.type === "retry")?.delayMs).toBe(150);
  });

  it("fails fast with rate_limited when Retry-After is past maxDelayMs", async () => {
    const prompts = clientFor(emu, { retry: { retries: 2, minDelayMs: 1, maxDelayMs: 1_000 } });
    emu.faults.add({ match: { path: production }, status: 429, headers: { "retry-after": "120" } });
    const started = performance.now();
    const err = await failure(() => prompts.get(classifier()));
    // A tenth of the 120 s it was asked to wait: it did not wait.
    expect(performance.now() - started).toBeLessThan(12_000);
    expect(err).toMatchObject({ code: "rate_limited", status: 429, retryAfterMs: 120_000 });
    expect(emu.requests.total({ path: production })).toBe(1);
  });
});

describe("time limits", () => {
  it("bounds each attempt with timeoutMs, then retries", async () => {
    const prompts = clientFor(emu, { timeoutMs: 100, retry: fast });
    emu.faults.add({ match: { path: production }, latencyMs: 10_000, times: 1 });
    const started = performance.now();
    const version = await prompts.get(classifier());
    expect(version.versionId).toBeTruthy();
    // Half the injected latency: the slow attempt was cut, not waited out.
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("reports timeout when every attempt is too slow", async () => {
    const prompts = clientFor(emu, { timeoutMs: 60, retry: false });
    emu.faults.add({ match: { path: production }, latencyMs: 10_000 });
    const started = performance.now();
    const err = await failure(() => prompts.get(classifier()));
    expect(err).toMatchObject({ code: "timeout", vendor: "helicone", retryable: true });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("rejects at once with aborted when the caller aborts mid-flight", async () => {
    const prompts = clientFor(emu);
    emu.faults.add({ match: { path: production }, latencyMs: 10_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    const err = await failure(() => prompts.get(classifier(), { signal: controller.signal }));
    expect(err).toMatchObject({ code: "aborted", retryable: false });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("an already-aborted signal rejects before any request", async () => {
    const prompts = clientFor(emu);
    const err = await failure(() => prompts.render(classifier(), classifierVars, { signal: AbortSignal.abort() }));
    expect(err.code).toBe("aborted");
    expect(emu.requests.total()).toBe(0);
  });

  it("an aborted caller does not cancel the request for the others", async () => {
    const prompts = clientFor(emu);
    // Long enough that the abort, 20 ms in, always lands while the request is in flight.
    emu.faults.add({ match: { path: production }, latencyMs: 1_500 });
    const controller = new AbortController();
    const impatient = failure(() => prompts.get(classifier(), { signal: controller.signal }));
    const patient = prompts.get(classifier());
    setTimeout(() => controller.abort(), 20);
    expect((await impatient).code).toBe("aborted");
    expect((await patient).source).toBe("network");
    expect(emu.requests.total({ path: production })).toBe(1);
  });
});

describe("broken responses become the right PromptError", () => {
  const cases = [
    ["a connection reset", { reset: true }, "network"],
    ["malformed JSON", { body: "malformed" as const }, "invalid_response"],
    ["a truncated body", { body: "truncated" as const }, "network"],
    ["an HTML 502 page", { body: "html" as const }, "vendor_error"],
    ["an empty 200 body", { body: "empty" as const }, "invalid_response"],
  ] as const;
  it.each(cases)("%s", async (_, fault, code) => {
    for (const [ref, path] of [
      [classifier(), production],
      [`tela:${T().docAnalysis.promptId}`, "/prompt/*/promoted-version"],
    ] as const) {
      const prompts = clientFor(emu, { retry: false });
      emu.faults.add({ match: { path }, ...fault });
      const err = await failure(() => prompts.get(ref));
      expect(err.code).toBe(code);
      expect(err.vendor).toBe(ref.split(":")[0]);
      expect(err.operation).toBeTruthy();
      emu.faults.clear();
    }
  });

  it("a reset is retried and then succeeds", async () => {
    const prompts = clientFor(emu, { retry: fast });
    emu.faults.add({ match: { path: production }, reset: true, times: 1 });
    expect((await prompts.get(classifier())).source).toBe("network");
  });
});

describe("stale-while-revalidate", () => {
  it("serves an expired entry at once, marked stale, while one refresh runs", async () => {
    const writes = countingStore();
    const prompts = clientFor(emu, { cache: { ttlMs: 30, store: writes.store } });
    const first = await prompts.get(classifier());
    await sleep(50);
    emu.requests.reset();
    emu.faults.add({ match: { path: production }, latencyMs: 2_000 });
    const writesBefore = writes.sets();
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 20 }, () => prompts.get(classifier())));
    // Served without waiting for the refresh, which takes two seconds.
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(results.every((r) => r.source === "stale")).toBe(true);
    await until(() => writes.sets() > writesBefore);
    expect(emu.requests.total({ path: production })).toBe(1);
    expect(prompts.stats()).toMatchObject({ staleServed: 20, refreshes: 1 });
    // The refresh replaced the entry.
    expect((await prompts.get(classifier())).fetchedAt > first.fetchedAt).toBe(true);
  });

  it("a 404 during revalidation evicts the entry (Tela)", async () => {
    const ref = `tela:${T().docAnalysis.promptId}`;
    const events: PromptEvent[] = [];
    const prompts = clientFor(emu, { cache: { ttlMs: 20 }, onEvent: (e) => events.push(e) });
    await prompts.get(ref);
    await sleep(40);
    emu.faults.add({ match: { path: "/prompt/*/promoted-version" }, status: 404 });
    expect((await prompts.get(ref)).source).toBe("stale");
    await until(() => events.some((e) => e.type === "evict"));
    const err = await failure(() => prompts.get(ref));
    expect(err.code).toBe("not_found");
  });

  it("a removed environment is evicted, never served forever (Helicone's 500 not-found)", async () => {
    const events: PromptEvent[] = [];
    const { promptId, versions } = H().supportAgent;
    const ref = `helicone:${promptId}@staging`;
    const prompts = clientFor(emu, { cache: { ttlMs: 20 }, onEvent: (e) => events.push(e) });
    expect((await prompts.get(ref)).version).toBe("2.0");
    const removed = await fetch(`${emu.urlFor("helicone")}/v1/prompt-2025/remove/environment`, {
      method: "POST",
      headers: { authorization: `Bearer ${SECRET_KEYS.helicone}`, "content-type": "application/json" },
      body: JSON.stringify({ promptId, promptVersionId: versions["2.0"], environment: "staging" }),
    });
    expect(removed.status).toBe(200);
    await sleep(40);
    expect((await prompts.get(ref)).source).toBe("stale");
    await until(() => events.some((e) => e.type === "evict"));
    expect((await failure(() => prompts.get(ref))).code).toBe("not_found");
  });

  it("a transient refresh error keeps the stale entry, until maxStaleMs", async () => {
    // maxStaleMs is far above the sleeps before it, so a slow machine still sees the stale entry.
    const prompts = clientFor(emu, { cache: { ttlMs: 20, maxStaleMs: 3_000 }, retry: false });
    await prompts.get(classifier());
    emu.faults.add({ match: { path: production }, status: 503 });
    await sleep(40);
    expect((await prompts.get(classifier())).source).toBe("stale");
    await until(() => prompts.stats().refreshErrors >= 1);
    expect((await prompts.get(classifier())).source).toBe("stale");
    expect(prompts.stats().refreshErrors).toBeGreaterThanOrEqual(1);
    await sleep(3_100);
    expect((await failure(() => prompts.get(classifier()))).code).toBe("vendor_error");
  });

  it("with a warm cache, a 100% upstream outage serves every request, flagged stale", async () => {
    const refs = [
      classifier(),
      `helicone:${H().supportAgent.promptId}@staging`,
      `tela:${T().docAnalysis.promptId}`,
      `tela:${T().docAnalysis.promptId}@latest`,
    ];
    const prompts = clientFor(emu, { cache: { ttlMs: 10 }, retry: fast });
    await Promise.all(refs.map((ref) => prompts.get(ref)));
    emu.faults.add({ status: 503 });
    await sleep(20);
    const results = await Promise.all(Array.from({ length: 400 }, (_, i) => prompts.get(refs[i % refs.length]!)));
    expect(results.every((r) => r.source === "stale")).toBe(true);
    await sleep(50);
    const rendered = await prompts.render(`tela:${T().docAnalysis.promptId}`, {
      document: "https://example.test/doc.pdf",
      query: "What is the total?",
      language: "English",
    });
    expect(rendered.source).toBe("stale");
  });
});

describe("fallback", () => {
  it("is used only when nothing is cached and the fetch fails", async () => {
    const prompts = clientFor(emu, { retry: false });
    let calls = 0;
    const fallback = () => {
      calls++;
      return { messages: [{ role: "system" as const, content: "Classify {{hc:ticket:string}}" }] };
    };
    expect((await prompts.get(classifier(), { fallback })).source).toBe("network");
    expect(calls).toBe(0);

    emu.faults.add({ status: 503 });
    const other = `helicone:${H().brandVoice.promptId}`;
    const version = await prompts.get(other, { fallback });
    expect(version).toMatchObject({ source: "fallback", vendor: "helicone", promptId: H().brandVoice.promptId, versionId: "fallback" });
    expect(calls).toBe(1);
    const rendered = await prompts.render(other, { ticket: "refund" }, { fallback });
    expect(rendered.messages[0]!.content).toBe("Classify refund");
    expect(prompts.stats().fallbacks).toBe(2);
  });

  it("is not used when the caller aborted", async () => {
    const prompts = clientFor(emu);
    emu.faults.add({ latencyMs: 10_000 });
    const controller = new AbortController();
    const pending = failure(() => prompts.get(classifier(), { signal: controller.signal, fallback: { messages: [] } }));
    // Abort once the emulator holds the request: it can then not arrive during the next test.
    await vi.waitFor(() => expect(emu.requests.total()).toBe(1), { timeout: 20_000, interval: 10 });
    controller.abort();
    expect((await pending).code).toBe("aborted");
  });
});

describe("coalescing and bounds", () => {
  it("1,000 concurrent gets on one cold key make exactly 1 upstream request", async () => {
    const prompts = clientFor(emu);
    const results = await Promise.all(Array.from({ length: 1_000 }, () => prompts.get(classifier())));
    expect(emu.requests.total()).toBe(1);
    expect(new Set(results.map((r) => r.versionId)).size).toBe(1);
    expect(prompts.stats()).toMatchObject({ misses: 1_000, coalesced: 999 });
  });

  it("1,000 concurrent renders on one cold key make exactly 1 upstream request", async () => {
    const prompts = clientFor(emu);
    const results = await Promise.all(Array.from({ length: 1_000 }, () => prompts.render(classifier(), classifierVars)));
    expect(emu.requests.total()).toBe(1);
    expect(results[999]!.messages.at(-1)!.content).toContain("Refund please");
  });

  it("renders of a prompt with a partial fetch the partial once too", async () => {
    const prompts = clientFor(emu);
    const vars = { name: "Ada", count: 2, vip: true, region: "EU", tiers: ["gold"], question: "Where is my order?" };
    await Promise.all(Array.from({ length: 200 }, () => prompts.render(`helicone:${H().supportAgent.promptId}`, vars)));
    expect(emu.requests.total()).toBe(2);
  });
});

describe("secrets", () => {
  it("no error across the fault matrix contains an API key", async () => {
    // The vendor echoing the key back must not leak it either.
    const prompts = clientFor(emu, { retry: false });
    emu.faults.add({ match: { vendor: "helicone" }, status: 500, times: 1 });
    seen.push(await caught(() => prompts.get(classifier())));
    const wrongKey = clientFor(emu, { retry: false });
    seen.push(await caught(() => wrongKey.get("helicone:zzzzzz")));
    // Every fault kind on every vendor (the soak, which used to feed this list, runs on its own now).
    const faults = [
      { status: 500 },
      { status: 503 },
      { status: 429 },
      { status: 401 },
      { reset: true },
      { body: "malformed" as const },
      { body: "html" as const },
    ];
    for (const fault of faults) {
      for (const ref of [classifier(), `tela:${T().docAnalysis.promptId}`]) {
        emu.faults.add({ ...fault, times: 1 });
        seen.push(await caught(() => prompts.get(ref)));
        emu.faults.clear();
      }
    }
    expect(seen.length).toBeGreaterThan(30);
    const codes = new Set(seen.map((e) => e.code));
    expect([...codes].sort()).toEqual(
      expect.arrayContaining(["aborted", "invalid_response", "network", "not_found", "rate_limited", "timeout", "vendor_error"]),
    );
    for (const err of seen) {
      for (const text of errorTexts(err)) {
        expect(text).not.toContain(SECRET_KEYS.helicone);
        expect(text).not.toContain(SECRET_KEYS.tela);
      }
    }
  });
});

/** Waits until `ready()` holds, polling; the test's own timeout bounds the wait, not the machine's speed. */
async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await sleep(10);
}

/** The default in-memory store, counting writes: a background refresh is done when it wrote. */
function countingStore() {
  const inner = createMemoryStore({ maxEntries: 1_000 });
  let sets = 0;
  const store: CacheStore = {
    get: (key) => inner.get(key),
    set: (key, entry) => {
      sets++;
      return inner.set(key, entry);
    },
    delete: (key) => inner.delete(key),
    clear: () => inner.clear?.(),
  };
  return { store, sets: () => sets };
}
