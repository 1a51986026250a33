import type { Emulator } from "@polyprompt/emulator";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CacheStore } from "../cache/store.js";
import { PromptError } from "../errors/prompt-error.js";
import type { TemplateEngine } from "../contract/template-engine.js";
import { caught, clientFor, SECRET_KEYS, sleep, startTestEmulator } from "../test-support/emulator.js";
import { helicone, heliconeTemplate } from "../vendors/helicone/index.js";
import { createPromptClient } from "./create-client.js";

let emu: Emulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const classifier = () => `helicone:${emu.seed.helicone.ticketClassifier.promptId}`;

describe("references", () => {
  it("rejects malformed references and unknown vendors before any request", async () => {
    const prompts = clientFor(emu);
    for (const ref of ["helicone", "helicone:", "acme:abc123", "tela:abc@2.1", "tela:abc@0", "helicone:abc@staging#v"]) {
      const err = await caught(() => prompts.get(ref));
      expect(err.code, ref).toBe("invalid_ref");
    }
    const unknown = await caught(() => prompts.get("acme:abc123"));
    expect(unknown.message).toContain('Unknown vendor "acme"');
    expect(unknown.message).toContain('"helicone", "tela"');
    expect(emu.requests.total()).toBe(0);
  });

  it("refuses two vendors with one name", () => {
    const h = helicone({ apiKey: "k" });
    expect(() => createPromptClient({ vendors: [h, h] })).toThrowError(PromptError);
  });

  it("two vendors with one name is a configuration error (invalid_config), not a bad reference", () => {
    const h = helicone({ apiKey: "k" });
    let caughtError: unknown;
    try {
      createPromptClient({ vendors: [h, h] });
    } catch (err) {
      caughtError = err;
    }
    expect(caughtError).toMatchObject({ code: "invalid_config", operation: "createPromptClient" });
    expect((caughtError as Error).message).toContain('"helicone"');
  });

  it("listVersions takes a prompt, not a version", async () => {
    const prompts = clientFor(emu);
    expect((await caught(() => prompts.listVersions(`${classifier()}@latest`))).code).toBe("invalid_ref");
  });
});

describe("cache", () => {
  it("serves a second get from the cache, with provenance", async () => {
    const prompts = clientFor(emu);
    // fetchedAt is ISO text with millisecond precision: compare against whole milliseconds.
    const started = Math.floor(Date.now());
    const first = await prompts.get(classifier());
    const second = await prompts.get(classifier());
    expect(first.source).toBe("network");
    expect(second.source).toBe("cache");
    expect(second.fetchedAt).toBe(first.fetchedAt);
    expect(Date.parse(first.fetchedAt)).toBeGreaterThanOrEqual(started);
    expect(Date.parse(first.fetchedAt)).toBeLessThanOrEqual(Date.now());
    expect(emu.requests.total()).toBe(1);
    expect(prompts.stats()).toMatchObject({ hits: 1, misses: 1 });
  });

  it("keeps a version fetched by id without a TTL, and knows fetched versions by id", async () => {
    const prompts = clientFor(emu, { cache: { ttlMs: 10 } });
    const production = await prompts.get(classifier());
    await sleep(30);
    const byId = await prompts.get(`${classifier()}#${production.versionId}`);
    expect(byId.source).toBe("cache");
    expect(emu.requests.total()).toBe(1);
  });

  it("invalidate drops exactly one key", async () => {
    const prompts = clientFor(emu);
    const { promptId } = emu.seed.helicone.supportAgent;
    await prompts.get(`helicone:${promptId}`);
    await prompts.get(`helicone:${promptId}@staging`);
    await prompts.invalidate(`helicone:${promptId}`);
    expect((await prompts.get(`helicone:${promptId}@staging`)).source).toBe("cache");
    expect((await prompts.get(`helicone:${promptId}`)).source).toBe("network");
    await prompts.clear();
    expect((await prompts.get(`helicone:${promptId}@staging`)).source).toBe("network");
  });

  it("cache: false fetches every time, but still coalesces concurrent calls", async () => {
    const prompts = clientFor(emu, { cache: false });
    await prompts.get(classifier());
    await prompts.get(classifier());
    expect(emu.requests.total()).toBe(2);
    await Promise.all(Array.from({ length: 10 }, () => prompts.get(classifier())));
    expect(emu.requests.total()).toBe(3);
  });

  it("a failing store is treated as a miss, and reported", async () => {
    const events: string[] = [];
    const broken: CacheStore = {
      get: () => Promise.reject(new Error("redis down")),
      set: () => {
        throw new Error("redis down");
      },
      delete: async () => {},
    };
    const prompts = clientFor(emu, { cache: { store: broken }, onEvent: (e) => events.push(e.type) });
    expect((await prompts.get(classifier())).source).toBe("network");
    expect(events.filter((t) => t === "store_error").length).toBeGreaterThanOrEqual(2);
  });

  it("store errors from invalidate() and clear() become store_error events, never raw Errors (issue 11, finding 6)", async () => {
    const events: { type: string; error?: unknown }[] = [];
    const broken: CacheStore = {
      get: () => undefined,
      set: () => {},
      delete: () => Promise.reject(new Error("redis down")),
      clear: () => {
        throw new Error("redis down");
      },
    };
    const prompts = clientFor(emu, { cache: { store: broken }, onEvent: (e) => events.push(e) });
    await expect(prompts.invalidate(classifier())).resolves.toBeUndefined();
    await expect(prompts.clear()).resolves.toBeUndefined();
    const storeErrors = events.filter((e) => e.type === "store_error");
    expect(storeErrors).toHaveLength(2);
    for (const e of storeErrors) expect(PromptError.is(e.error)).toBe(true);
  });

  it("an async store (as for Redis) shares entries between clients", async () => {
    const shared = new Map<string, string>();
    const store: CacheStore = {
      get: async (key) => (shared.has(key) ? JSON.parse(shared.get(key)!) : undefined),
      set: async (key, entry) => void shared.set(key, JSON.stringify(entry)),
      delete: async (key) => void shared.delete(key),
    };
    const a = clientFor(emu, { cache: { store } });
    const b = clientFor(emu, { cache: { store } });
    await a.get(classifier());
    const fromB = await b.get(classifier());
    expect(fromB.source).toBe("cache");
    expect(emu.requests.total()).toBe(1);
  });

  it("cached versions cannot be changed by a caller", async () => {
    const prompts = clientFor(emu);
    const version = await prompts.get(classifier());
    expect(() => (version.messages as unknown[]).push({})).toThrowError(TypeError);
    expect((await prompts.get(classifier())).messages.length).toBe(version.messages.length);
  });

  it("compiles a version's templates once: a warm render parses nothing", async () => {
    let compiles = 0;
    const counting: TemplateEngine = {
      syntax: heliconeTemplate.syntax,
      compile: (version) => {
        compiles++;
        return heliconeTemplate.compile(version);
      },
    };
    const vendor = { ...helicone({ apiKey: SECRET_KEYS.helicone, baseUrl: emu.urlFor("helicone") }), templateEngine: counting };
    const prompts = createPromptClient({ vendors: [vendor] });
    const vars = { ticket: "Where is my refund?", maxLabels: 2, categories: "billing, shipping" };
    for (let i = 0; i < 50; i++) await prompts.render(classifier(), vars);
    expect(compiles).toBe(1);
  });
});

describe("bounds", () => {
  /**
   * A Helicone stand-in that knows every prompt id and answers at once, in process: the LRU bound
   * is a property of the client, and proving it needs many distinct keys, not many sockets.
   */
  const everyPrompt = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const { promptId } = (await request.json()) as { promptId: string };
    return new Response(
      JSON.stringify({
        data: {
          id: `v-${promptId}`,
          prompt_id: promptId,
          model: "gpt-4o-mini",
          major_version: 1,
          minor_version: 0,
          commit_message: "seed",
          created_at: "2026-01-01T00:00:00.000Z",
          environments: ["production"],
          prompt_body: { model: "gpt-4o-mini", messages: [{ role: "user", content: `Prompt ${promptId}` }] },
        },
        error: null,
      }),
      { headers: { "content-type": "application/json" } },
    );
  };

  it("2,000 distinct keys leave the cache at maxEntries", async () => {
    const prompts = createPromptClient({
      vendors: [helicone({ apiKey: "k", baseUrl: "http://helicone.test" })],
      fetch: everyPrompt,
      cache: { maxEntries: 100 },
    });
    let next = 0;
    const worker = async () => {
      while (next < 2_000) {
        const id = `p${String(next++).padStart(5, "0")}`;
        const version = await prompts.get(`helicone:${id}`);
        expect(version.messages[0]).toMatchObject({ content: `Prompt ${id}` });
      }
    };
    await Promise.all(Array.from({ length: 32 }, worker));
    expect(prompts.stats()).toMatchObject({ misses: 2_000, size: 100 });
    // The most recent keys are still there; the oldest left.
    expect((await prompts.get("helicone:p01999")).source).toBe("cache");
    expect((await prompts.get("helicone:p00000")).source).toBe("network");
  }, 120_000);
});

describe("advice in client errors works", () => {
  it("listVersions on a version: writing the prompt as it says works", async () => {
    const prompts = clientFor(emu);
    const err = await caught(() => prompts.listVersions(`${classifier()}@latest`));
    const advised = /write "([^"]+)"/.exec(err.message)![1]!;
    expect(advised).toBe(classifier());
    expect((await prompts.listVersions(advised)).length).toBeGreaterThan(0);
  });
});
