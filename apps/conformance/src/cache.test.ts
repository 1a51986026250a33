// The cache, coalescing, stale-while-revalidate, fallbacks, stores and stats, for each vendor on
// each target. Upstream requests are counted from the emulator's request log (or, live, from the
// client's fetch).
import { describe, expect, it } from "vitest";
import { createMemoryStore, type CacheEntry, type CacheStore, type PromptEventType } from "@polyprompt/core";
import { forEachTarget, type Session } from "./targets.js";
import { caught, eventually, sleep, withManualClock } from "./support.js";
import { VENDOR_PROFILES } from "./vendors.js";

forEachTarget((tc, session) => {
  const s = (): Session => session();

  describe("cache", () => {
    it('a second get is source "cache" with no new upstream request; so is #versionId of the same version', async () => {
      const events: PromptEventType[] = [];
      const client = s().client({ onEvent: (e) => events.push(e.type) });
      const before = s().upstream();
      const first = await client.get(s().ref());
      expect(first.source).toBe("network");
      const oneFetch = s().upstream() - before;
      expect(oneFetch).toBeGreaterThan(0);
      const second = await client.get(s().ref());
      expect(second.source).toBe("cache");
      expect(second.versionId).toBe(first.versionId);
      expect(second.fetchedAt, "fetchedAt is when the vendor was asked").toBe(first.fetchedAt);
      const byId = await client.get(s().ref(`#${first.versionId}`));
      expect(byId.source).toBe("cache");
      expect(s().upstream() - before, "no request after the first").toBe(oneFetch);
      expect(client.stats()).toMatchObject({ misses: 1, hits: 2, coalesced: 0, staleServed: 0, fallbacks: 0 });
      expect(client.stats().size).toBeGreaterThanOrEqual(2);
      // The first render may fetch the prompts this one includes (Helicone partials); the second fetches nothing.
      await client.render(s().ref(), {}, { missing: "keep" });
      const warm = s().upstream();
      const rendered = await client.render(s().ref(), {}, { missing: "keep" });
      expect(rendered.source).toBe("cache");
      expect(s().upstream(), "a warm render makes no request").toBe(warm);
      expect(events.slice(0, 3)).toEqual(["miss", "hit", "hit"]);
    });

    it("cached versions are read-only copies: changing one does not change the next", async () => {
      const client = s().client();
      const a = await client.get(s().ref());
      try {
        (a.messages as unknown[]).push({ role: "user", content: "tampered" });
      } catch {
        // Frozen: fine too.
      }
      const b = await client.get(s().ref());
      expect(b.messages.some((m) => m.role !== "placeholder" && m.content === "tampered")).toBe(false);
    });

    it("invalidate(ref) drops exactly that entry: the next get goes to the network; clear() drops all", async () => {
      const client = s().client();
      await client.get(s().ref());
      await client.get(s().ref("@latest"));
      const before = s().upstream();
      await client.invalidate(s().ref());
      const again = await client.get(s().ref());
      expect(again.source).toBe("network");
      expect(s().upstream()).toBeGreaterThan(before);
      expect((await client.get(s().ref("@latest"))).source, "other keys stay").toBe("cache");
      await client.invalidate(s().ref("@latest"));
      expect((await client.get(s().ref())).source, "an invalidate of another key leaves this one").toBe("cache");
      await client.clear();
      expect((await client.get(s().ref())).source).toBe("network");
      expect((await client.get(s().ref("@latest"))).source).toBe("network");
    });

    it("cache: false fetches every time", async () => {
      const client = s().client({ cache: false });
      const before = s().upstream();
      expect((await client.get(s().ref())).source).toBe("network");
      const one = s().upstream() - before;
      expect((await client.get(s().ref())).source).toBe("network");
      expect(s().upstream() - before).toBe(2 * one);
      expect(client.stats().size).toBeUndefined();
    });
  });

  describe("coalescing", () => {
    it("50 concurrent gets on a cold key make 1 upstream request", async () => {
      const client = s().client();
      const before = s().upstream();
      const results = await Promise.all(Array.from({ length: 50 }, () => client.get(s().ref())));
      expect(s().upstream() - before, "upstream requests").toBe(1);
      expect(new Set(results.map((v) => v.versionId)).size).toBe(1);
      expect(results.every((v) => v.source === "network")).toBe(true);
      expect(client.stats()).toMatchObject({ misses: 50, coalesced: 49 });
      if (s().emulator) {
        const route = VENDOR_PROFILES[tc.vendor].productionRoute;
        expect(s().emulator!.requests.total({ vendor: tc.vendor, path: route }) > 0).toBe(true);
      }
    });

    it("concurrent gets are coalesced with the cache off too", async () => {
      const client = s().client({ cache: false });
      const before = s().upstream();
      await Promise.all(Array.from({ length: 20 }, () => client.get(s().ref())));
      expect(s().upstream() - before).toBe(1);
    });
  });

  describe("staleness", () => {
    // Expiry follows Date.now(): a manual clock steps past the ttl, so no case races the machine.
    it("after ttlMs an entry is served stale at once while one background refresh runs", () =>
      withManualClock(async (advance) => {
        const client = s().client({ cache: { ttlMs: 40 } });
        const first = await client.get(s().ref());
        advance(60);
        const before = s().upstream();
        const stale = await client.get(s().ref());
        expect(stale.source).toBe("stale");
        expect(stale.versionId).toBe(first.versionId);
        expect(stale.fetchedAt).toBe(first.fetchedAt);
        // Concurrent stale reads share the one refresh.
        await Promise.all([client.get(s().ref()), client.get(s().ref())]);
        await eventually(() => client.stats().refreshes === 1 && s().upstream() - before === 1, "one background refresh");
        await eventually(() => client.stats().coalesced + client.stats().staleServed >= 3, "stale reads counted");
        await sleep(10);
        const fresh = await client.get(s().ref());
        expect(fresh.source).toBe("cache");
        expect(fresh.fetchedAt > first.fetchedAt).toBe(true);
        expect(s().upstream() - before, "exactly one refresh").toBe(1);
      }));

    it("with staleWhileRevalidate off, an expired entry is fetched again in the foreground", () =>
      withManualClock(async (advance) => {
        const client = s().client({ cache: { ttlMs: 30, staleWhileRevalidate: false } });
        await client.get(s().ref());
        advance(50);
        expect((await client.get(s().ref())).source).toBe("network");
      }));

    it.skipIf(tc.kind !== "emulator")("when the vendor fails, an expired entry keeps being served stale (until maxStaleMs)", () =>
      withManualClock(async (advance) => {
        const client = s().client({ cache: { ttlMs: 30, staleWhileRevalidate: false, maxStaleMs: 60_000 }, retry: false });
        const first = await client.get(s().ref());
        advance(50);
        const fault = s().emulator!.faults.add({ match: { vendor: tc.vendor }, status: 503 });
        try {
          const stale = await client.get(s().ref());
          expect(stale.source).toBe("stale");
          expect(stale.versionId).toBe(first.versionId);
          const short = s().client({ cache: { ttlMs: 10, staleWhileRevalidate: false, maxStaleMs: 10 }, retry: false });
          fault.remove();
          await short.get(s().ref());
          advance(40);
          s().emulator!.faults.add({ match: { vendor: tc.vendor }, status: 503, times: 1 });
          const err = await caught(() => short.get(s().ref()));
          expect(err.code, "past maxStaleMs the error is thrown").toBe("vendor_error");
        } finally {
          fault.remove();
          s().emulator!.faults.clear();
        }
      }),
    );
  });

  describe("fallback", () => {
    it.skipIf(tc.kind !== "emulator")(
      "when the vendor is down (503 on every route, retry: false) and nothing is cached, the fallback is served",
      async () => {
        const fault = s().emulator!.faults.add({ match: { vendor: tc.vendor }, status: 503 });
        try {
          const events: PromptEventType[] = [];
          const client = s().client({ retry: false, onEvent: (e) => events.push(e.type) });
          const down = await caught(() => client.get(s().ref()));
          expect(down.code).toBe("vendor_error");
          expect(down.status).toBe(503);
          const text = VENDOR_PROFILES[tc.vendor].greeting;
          const fallback = {
            model: "gpt-4o-mini",
            messages: [{ role: "user" as const, content: text }],
            variables: [{ name: "name", type: "string", required: true }],
          };
          const v = await client.get(s().ref(), { fallback });
          expect(v).toMatchObject({
            source: "fallback",
            vendor: tc.vendor,
            promptId: s().promptId,
            versionId: "fallback",
            model: "gpt-4o-mini",
          });
          expect(v.messages).toEqual(fallback.messages);
          let calls = 0;
          const rendered = await client.render(
            s().ref(),
            { name: "Ada" },
            {
              fallback: () => {
                calls++;
                return fallback;
              },
            },
          );
          expect(calls).toBe(1);
          expect(rendered.source).toBe("fallback");
          expect(rendered.messages[0]!.content).toBe("Hello Ada");
          expect(client.stats().fallbacks).toBe(2);
          expect(events).toContain("fallback");
        } finally {
          fault.remove();
        }
      },
    );

    it("a fallback function is not called when the vendor answers", async () => {
      const client = s().client();
      let calls = 0;
      const v = await client.get(s().ref(), {
        fallback: () => {
          calls++;
          return { messages: [] };
        },
      });
      expect(v.source).toBe("network");
      expect(calls).toBe(0);
      expect(client.stats().fallbacks).toBe(0);
    });

    it("a not_found throws without a fallback and serves the fallback with one", async () => {
      const client = s().client();
      const missing = `${tc.vendor}:${s().missingPromptId}`;
      expect((await caught(() => client.get(missing))).code).toBe("not_found");
      const v = await client.get(missing, { fallback: { messages: [{ role: "user", content: "default" }] } });
      expect(v.source).toBe("fallback");
    });
  });

  describe("stores", () => {
    it("createMemoryStore bounds the cache (maxEntries) and reports its size", async () => {
      const store = createMemoryStore({ maxEntries: 2 });
      const client = s().client({ cache: { store } });
      await client.get(s().ref());
      expect(client.stats().size).toBe(2); // the ref and its #versionId
      await client.get(s().ref("@latest"));
      expect(client.stats().size).toBe(2);
      expect((await client.get(s().ref())).source, "evicted by the LRU").toBe("network");
    });

    it("an async store (JSON round trip, as Redis would) serves hits; a failing store is a miss with a store_error", async () => {
      const map = new Map<string, string>();
      const store: CacheStore = {
        get: async (key) => (map.has(key) ? (JSON.parse(map.get(key)!) as CacheEntry) : undefined),
        set: async (key, entry) => void map.set(key, JSON.stringify(entry)),
        delete: async (key) => void map.delete(key),
        clear: async () => map.clear(),
      };
      const client = s().client({ cache: { store } });
      const first = await client.get(s().ref());
      const second = await client.get(s().ref());
      expect(second.source).toBe("cache");
      expect(second.messages).toEqual(first.messages);
      expect(map.size).toBeGreaterThanOrEqual(1);

      const events: PromptEventType[] = [];
      const broken: CacheStore = {
        get: async () => {
          throw new Error("redis down");
        },
        set: async () => {
          throw new Error("redis down");
        },
        delete: async () => undefined,
      };
      const degraded = s().client({ cache: { store: broken }, onEvent: (e) => events.push(e.type) });
      expect((await degraded.get(s().ref())).source).toBe("network");
      expect(events).toContain("store_error");
    });
  });
});
