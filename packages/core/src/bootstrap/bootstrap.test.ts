// Issue 12, offline bootstrap: a client that starts from a bundle, over real HTTP against the
// emulator. Served at once with source "bootstrap", refreshed like a stale entry, replaced by
// the vendor's version, and served through an outage that lasts from the first request.
import { createServer } from "node:http";
import { startEmulator, type Emulator } from "@polyprompt/emulator";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPromptClient, type PromptClientOptions } from "../client/create-client.js";
import type { PromptEvent } from "../client/events.js";
import type { PromptVendor } from "../contract/vendor.js";
import type { RenderedPrompt } from "../model/types.js";
import { caught, SECRET_KEYS, sleep } from "../test-support/emulator.js";
import { helicone } from "../vendors/helicone/index.js";
import { langfuse } from "../vendors/langfuse/index.js";
import { tela } from "../vendors/tela/index.js";
import type { PromptBundle } from "./bundle-format.js";
import { createBundle } from "./create-bundle.js";
import { readBundle } from "./read-bundle.js";

const LANGFUSE_PUBLIC = "pk-lf-boot-PUBLIC-1a2b3c";
const LANGFUSE_SECRET = "sk-lf-boot-SECRET-4d5e6f";
type VendorName = "helicone" | "tela" | "langfuse";
const VENDOR_NAMES: VendorName[] = ["helicone", "tela", "langfuse"];

let emu: Emulator;
/** A loopback port with nothing listening: every request is refused. */
let deadUrl: string;

beforeAll(async () => {
  emu = await startEmulator({
    seed: 1,
    apiKeys: { helicone: [SECRET_KEYS.helicone], tela: [SECRET_KEYS.tela], langfuse: [`${LANGFUSE_PUBLIC}:${LANGFUSE_SECRET}`] },
  });
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  deadUrl = `http://127.0.0.1:${port}`;
});
afterAll(() => emu?.close());
beforeEach(() => emu.reset());

function vendor(name: VendorName, baseUrl: string): PromptVendor {
  if (name === "helicone") return helicone({ apiKey: SECRET_KEYS.helicone, baseUrl });
  if (name === "tela") return tela({ apiKey: SECRET_KEYS.tela, baseUrl });
  return langfuse({ publicKey: LANGFUSE_PUBLIC, secretKey: LANGFUSE_SECRET, baseUrl });
}

const allVendors = (base: (name: VendorName) => string) => VENDOR_NAMES.map((name) => vendor(name, base(name)));
const healthy = (options: Omit<PromptClientOptions, "vendors"> = {}) =>
  createPromptClient({ vendors: allVendors((name) => emu.urlFor(name)), retry: false, ...options });

/** Every prompt the emulator seeds, by vendor, at its production version. */
function seededRefs(name: VendorName): string[] {
  const seed = emu.seed[name] as unknown as Record<string, { promptId?: string; name?: string }>;
  return Object.values(seed)
    .map((p) => p?.promptId ?? p?.name)
    .filter((id): id is string => typeof id === "string")
    .map((id) => `${name}:${id}`);
}

/** The refs of `name` a healthy client can fetch now (a seed may hold a prompt with no production version). */
async function servableRefs(name: VendorName): Promise<string[]> {
  const prompts = healthy();
  const out: string[] = [];
  for (const ref of seededRefs(name))
    if (
      await prompts.get(ref).then(
        () => true,
        () => false,
      )
    )
      out.push(ref);
  return out;
}

const withoutProvenance = ({ source: _s, fetchedAt: _f, ...rest }: RenderedPrompt) => rest;

/** Waits (without a time bound tied to the machine's speed) until `check` holds. */
async function eventually(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 2_000; i++) {
    if (await check()) return;
    await sleep(5);
  }
  throw new Error(`never happened: ${what}`);
}

describe("createBundle and readBundle", () => {
  it("round trip: the bundle survives JSON, reads back equal, and holds each ref's included prompts as entries", async () => {
    const { promptId } = emu.seed.helicone.supportAgent;
    const refs = [`helicone:${promptId}`, `langfuse:${emu.seed.langfuse.supportAgent.name}@production`];
    const bundle = await createBundle(healthy(), refs);
    expect(bundle.format).toBe("polyprompt-bundle/1");
    // Refs in canonical form: production is the bare prompt.
    expect(bundle.entries.map((e) => e.ref).slice(0, 2)).toEqual([refs[0], `langfuse:${emu.seed.langfuse.supportAgent.name}`]);
    // The partial (Helicone) and the dependency (Langfuse) were captured too.
    expect(bundle.entries.length).toBeGreaterThan(refs.length);
    expect(bundle.entries.some((e) => e.version.promptId === emu.seed.helicone.brandVoice.promptId)).toBe(true);
    expect(bundle.entries.some((e) => e.version.promptId === emu.seed.langfuse.brandVoice.name)).toBe(true);
    for (const e of bundle.entries) {
      expect(e.version).not.toHaveProperty("source");
      expect(e.version).not.toHaveProperty("fetchedAt");
      expect(Number.isNaN(Date.parse(e.version.capturedAt))).toBe(false);
    }
    const text = JSON.stringify(bundle);
    expect(readBundle(JSON.parse(text))).toEqual(bundle);
  });
});

describe("a bootstrapped client", () => {
  it("serves the bundle's version at once, refreshes it in the background, and then serves the vendor's (bootstrap → network/cache)", async () => {
    const ref = `helicone:${emu.seed.helicone.ticketClassifier.promptId}`;
    const bundle = structuredClone(await createBundle(healthy(), [ref])) as PromptBundle;
    // Make the snapshot's copy tell itself apart from the vendor's.
    bundle.entries[0]!.version.messages = [{ role: "system", content: "SNAPSHOT" }];
    emu.reset();
    const events: PromptEvent[] = [];
    const prompts = healthy({ bootstrap: bundle, onEvent: (e) => events.push(e) });

    const first = await prompts.get(ref);
    expect(first.source).toBe("bootstrap");
    expect(first.messages).toEqual([{ role: "system", content: "SNAPSHOT" }]);
    expect(first.fetchedAt).toBe(bundle.entries[0]!.version.capturedAt);
    expect(events.map((e) => e.type).slice(0, 2)).toEqual(["bootstrap", "refresh"]);

    let next = first;
    await eventually(async () => {
      next = await prompts.get(ref);
      return next.source !== "bootstrap";
    }, "the refresh replaced the snapshot");
    expect(next.source).toBe("cache");
    expect(next.messages).not.toEqual([{ role: "system", content: "SNAPSHOT" }]);
    expect(emu.requests.total()).toBe(1);
    const stats = prompts.stats();
    expect(stats.refreshes).toBe(1);
    expect(stats.bootstrapServed).toBeGreaterThanOrEqual(1);
    expect(stats.misses).toBe(0);

    // Without a cache, the vendor's version replaces it too: later calls go to the vendor.
    const uncached = healthy({ bootstrap: bundle, cache: false });
    expect((await uncached.get(ref)).source).toBe("bootstrap");
    let plain = first;
    await eventually(async () => {
      plain = await uncached.get(ref);
      return plain.source !== "bootstrap";
    }, "the refresh replaced the snapshot");
    expect(plain.source).toBe("network");
  });

  it("is stale at once: a failing refresh is a refresh_error, and every later call serves it and refreshes again (one request at a time)", async () => {
    const ref = `tela:${emu.seed.tela.docAnalysis.promptId}`;
    const bundle = await createBundle(healthy(), [ref]);
    emu.reset();
    emu.faults.add({ status: 503 });
    const events: PromptEvent[] = [];
    const prompts = healthy({ bootstrap: bundle, onEvent: (e) => events.push(e) });
    const served = await Promise.all(Array.from({ length: 5 }, () => prompts.get(ref)));
    expect(served.map((v) => v.source)).toEqual(Array(5).fill("bootstrap"));
    await eventually(() => events.some((e) => e.type === "refresh_error"), "the refresh failed");
    expect(emu.requests.total()).toBe(1); // five calls, one refresh in flight
    expect(events.find((e) => e.type === "refresh_error")!.error).toMatchObject({ code: "vendor_error", status: 503 });
    expect((await prompts.get(ref)).source).toBe("bootstrap");
    await eventually(() => prompts.stats().refreshErrors === 2, "the second refresh failed");
    expect(prompts.stats()).toMatchObject({ bootstrapServed: 6, refreshes: 2, refreshErrors: 2, misses: 0 });
  });

  it("a prompt deleted upstream is evicted from the snapshot by its refresh", async () => {
    const ref = `helicone:${emu.seed.helicone.ticketClassifier.promptId}`;
    const bundle = structuredClone(await createBundle(healthy(), [ref])) as PromptBundle;
    const gone = "helicone:zzzzzz";
    bundle.entries[0] = { ref: gone, version: { ...bundle.entries[0]!.version, promptId: "zzzzzz" } };
    const events: PromptEvent[] = [];
    const prompts = healthy({ bootstrap: bundle, onEvent: (e) => events.push(e) });
    expect((await prompts.get(gone)).source).toBe("bootstrap");
    await eventually(() => events.some((e) => e.type === "evict"), "the refresh evicted it");
    expect(await caught(() => prompts.get(gone))).toMatchObject({ code: "not_found" });
  });

  it.each([
    ["helicone", () => `helicone:${emu.seed.helicone.supportAgent.promptId}`],
    ["langfuse", () => `langfuse:${emu.seed.langfuse.supportAgent.name}`],
  ] as const)(
    "%s: a bundle of one ref renders its includes through an outage, from the entries createBundle captured",
    async (name, ref) => {
      const healthyClient = healthy();
      const bundle = await createBundle(healthyClient, [ref()]);
      expect(bundle.entries.length).toBeGreaterThan(1);
      const expected = await healthyClient.render(ref(), {}, { missing: "keep" });
      emu.reset();
      emu.faults.add({ status: 503 });
      const prompts = healthy({ bootstrap: bundle });
      const rendered = await prompts.render(ref(), {}, { missing: "keep" });
      expect(withoutProvenance(rendered)).toEqual(withoutProvenance(expected));
      // Without the included entries, the same render fails: the includes came from the bundle.
      const parentOnly = { ...bundle, entries: bundle.entries.slice(0, 1) };
      const error = await caught(() => healthy({ bootstrap: parentOnly }).render(ref(), {}, { missing: "keep" }));
      expect(error).toMatchObject({ vendor: name, status: 503 });
    },
  );

  it("invalid bundles are refused when the client is created, with invalid_config", async () => {
    const error = await caught(async () => healthy({ bootstrap: { format: "nope", entries: [] } }));
    expect(error).toMatchObject({ code: "invalid_config", operation: "readBundle" });
  });

  describe.each(["503 on everything", "nothing listening"] as const)("with every vendor down from the first request (%s)", (outage) => {
    it.each(VENDOR_NAMES)(
      "%s: every bootstrapped reference is served (get and render, includes from the bundle); others fail as before",
      async (name) => {
        const refs = await servableRefs(name);
        expect(refs.length).toBeGreaterThan(1);
        const bundleClient = healthy();
        const bundle = JSON.parse(JSON.stringify(await createBundle(bundleClient, refs))) as unknown;
        const expected = new Map<string, RenderedPrompt>();
        for (const ref of refs) expected.set(ref, await bundleClient.render(ref, {}, { missing: "keep" }));

        emu.reset();
        if (outage === "503 on everything") emu.faults.add({ status: 503 });
        const base = (n: VendorName) => (outage === "503 on everything" ? emu.urlFor(n) : deadUrl);
        const events: PromptEvent[] = [];
        const prompts = createPromptClient({ vendors: allVendors(base), bootstrap: bundle, retry: false, onEvent: (e) => events.push(e) });
        for (const ref of refs) {
          const version = await prompts.get(ref);
          expect(version.source, ref).toBe("bootstrap");
          const rendered = await prompts.render(ref, {}, { missing: "keep" });
          expect(rendered.source, ref).toBe("bootstrap");
          expect(withoutProvenance(rendered), ref).toEqual(withoutProvenance(expected.get(ref)!));
        }
        // Through the outage, served again and again.
        for (const ref of refs) expect((await prompts.get(ref)).source, ref).toBe("bootstrap");
        await eventually(() => prompts.stats().refreshErrors >= 1, "refreshes failed");
        expect(events.filter((e) => e.type === "evict")).toEqual([]);

        // A reference the bundle doesn't hold fails as it would without one.
        const missing = await caught(() => prompts.get(`${name}:not-in-the-bundle`));
        expect(missing.code).toBe(outage === "503 on everything" ? "vendor_error" : "network");
        expect(missing.vendor).toBe(name);
      },
      60_000,
    );
  });
});
