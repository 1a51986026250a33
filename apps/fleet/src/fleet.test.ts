// A real fleet: separate Node processes, each a prompt client on @polyprompt/redis, sharing one
// redis-server and one emulator. Propagation times are printed, never asserted: the bounds in
// `until` only guard against a hang, so a busy machine slows these tests down without failing them.
import { describe, expect, it } from "vitest";
import { deliver, fleetHarness, promptVersionEvent, redisAvailable, signature, WEBHOOK_SECRET } from "./fleet-setup.js";
import { type FleetMember, until } from "./fleet.js";

const h = fleetHarness("fleet");
const CLASSIFIER = "langfuse:classifier"; // production is version 2 in the seed, version 1 is staging
const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

describe.skipIf(!redisAvailable)("a fleet of 4 processes on one Redis", () => {
  it("4 × 500 concurrent cold gets of one reference make 1 upstream request; a fifth process, started cold, makes none", async () => {
    const fleet = await h.fleet(4);
    const before = h.upstream();
    const results = await Promise.all(fleet.map((m) => m.get(CLASSIFIER, 500)));
    expect(h.upstream() - before).toBe(1);
    for (const r of results) {
      expect(r.failures).toEqual([]);
      expect(r.versions).toEqual({ "2": 500 });
    }

    const [fifth] = await h.fleet(1);
    const cold = await fifth!.get(CLASSIFIER, 10);
    expect(cold).toMatchObject({ versions: { "2": 10 }, sources: { cache: 10 }, failures: [] });
    expect(h.upstream() - before).toBe(1);
  });

  it("a signed webhook for a label move reaches every process's memory: all serve the new version with no TTL wait", async () => {
    const fleet = await h.fleet(4, { webhookSecret: WEBHOOK_SECRET, ttlMs: 3_600_000 });
    for (const m of fleet) expect((await m.get(CLASSIFIER, 5)).versions).toEqual({ "2": 5 });

    // Move `production` from version 2 to version 1, as a Langfuse user would.
    const gained = await h.langfuseApi("PATCH", "/api/public/v2/prompts/classifier/versions/1", { newLabels: ["production", "staging"] });
    const lost = await h.langfuseApi("GET", "/api/public/v2/prompts/classifier?version=2");
    expect(lost.labels).not.toContain("production");
    for (const m of fleet) expect((await m.get(CLASSIFIER)).versions).toEqual({ "2": 1 }); // still cached: TTL is an hour

    // Langfuse sends two events for a move: the version that gained the label and the one that lost it.
    const start = performance.now();
    for (const prompt of [gained, lost]) {
      const body = promptVersionEvent(prompt);
      expect(await deliver(fleet[0]!.webhookUrl!, body, signature(body))).toBe(200);
    }
    const waits = await Promise.all(
      fleet.map((m) => until(async () => (await m.get(CLASSIFIER)).versions["1"] === 1, "the new production version")),
    );
    console.log(
      `label move: every process served version 1 within ${Math.round(performance.now() - start)} ms of the first delivery (per process: ${waits.map(Math.round).join(", ")} ms after both)`,
    );
  });

  it("a forged, replayed, stale or malformed webhook gets a 4xx and invalidates nothing", async () => {
    const fleet = await h.fleet(4, { webhookSecret: WEBHOOK_SECRET, ttlMs: 3_600_000 });
    const url = fleet[1]!.webhookUrl!;
    for (const m of fleet) await m.get(CLASSIFIER);
    const prompt = await h.langfuseApi("GET", "/api/public/v2/prompts/classifier?version=2");

    const genuine = promptVersionEvent(prompt);
    const genuineSignature = signature(genuine);
    expect(await deliver(url, genuine, genuineSignature)).toBe(200);
    for (const m of fleet) await m.get(CLASSIFIER); // warm again after the genuine delivery
    const warm = h.upstream();

    const bad = promptVersionEvent(prompt);
    const statuses = {
      forged: await deliver(url, bad, signature(bad, { secret: "lf-whsec_not-the-secret" })),
      tampered: await deliver(url, bad.replace('"classifier"', '"classifier2"'), signature(bad)),
      replayed: await deliver(url, genuine, genuineSignature), // the same request, headers and all
      replayedElsewhere: await deliver(fleet[2]!.webhookUrl!, genuine, genuineSignature), // the guard is the fleet's
      stale: await deliver(url, bad, signature(bad, { at: Date.now() - 3_600_000 })),
      future: await deliver(url, bad, signature(bad, { at: Date.now() + 3_600_000 })),
      unsigned: await deliver(url, bad, ""),
      malformed: await deliver(url, "{not json", signature("{not json")),
    };
    for (const [kind, status] of Object.entries(statuses))
      expect({ kind, status: status >= 400 && status < 500 }).toEqual({ kind, status: true });

    const after = await Promise.all(fleet.map((m) => m.get(CLASSIFIER, 3)));
    for (const r of after) expect(r.sources).toEqual({ cache: 3 });
    expect(h.upstream()).toBe(warm);
  });

  it("a lease holder killed while fetching: another process completes the fetch", async () => {
    const fleet = await h.fleet(2, { lease: { leaseMs: 1_000, pollMs: 25 } });
    // The vendor hangs for the first request only: the first member takes the lease and waits.
    const hang = h.emu.faults.add({ match: { vendor: "langfuse" }, latencyMs: 600_000, times: 1 });
    const [holder, taker] = fleet as [FleetMember, FleetMember];
    void holder.get(CLASSIFIER).catch(() => {});
    await until(async () => (await h.admin.keys(`${h.prefix}lease:*`)).length === 1 && hang.applied === 1, "the holder's lease");
    await holder.kill();

    const result = await taker.get(CLASSIFIER, 20);
    expect(result).toMatchObject({ versions: { "2": 20 }, failures: [] });
    expect((await taker.stats()).stats.misses).toBeGreaterThan(0);
  });

  it("a member whose parent goes away exits, so a crashed or timed-out run leaves no process behind", async () => {
    const [member] = await h.fleet(1);
    const hammering = member!.hammer({ refs: [CLASSIFIER], total: 0, concurrency: 2, expected: {} }).catch((err: Error) => err);
    member!.process.disconnect(); // what the member sees when its parent dies
    await member!.exited;
    expect(member!.process.exitCode).toBe(0);
    expect(String(await hammering)).toContain("the member exited");
  });

  it("Redis killed mid-run (SIGKILL): 0 failed calls; once it is back, the shared tier is used again", async () => {
    const refs = [CLASSIFIER, "langfuse:classifier@staging", "langfuse:welcome-email"];
    // A short TTL keeps every member going to Redis and the vendor during the run.
    const fleet = await h.fleet(4, { ttlMs: 50, lease: { leaseMs: 1_000 } });
    const expected = Object.fromEntries(await Promise.all(refs.map(async (ref) => [ref, await fleet[0]!.fingerprint(ref)] as const)));
    const runs = fleet.map((m) => m.hammer({ refs, total: 0, concurrency: 4, expected }));
    const gets = async () =>
      (await Promise.all(fleet.map((m) => m.stats()))).map((s) => s.stats.hits! + s.stats.misses! + s.stats.staleServed!);

    const startGets = await gets();
    await until(async () => (await gets()).every((n, i) => n > startGets[i]! + 100), "gets before the kill");
    await h.redis.stop("SIGKILL");
    const downGets = await gets();
    await until(
      async () => (await Promise.all(fleet.map((m) => m.stats()))).every((s) => (s.events.store_error ?? 0) > 0),
      "every member sees the outage",
    );
    await until(async () => (await gets()).every((n, i) => n > downGets[i]! + 100), "gets while Redis is down");
    await h.restartRedis();
    const upGets = await gets();
    await until(async () => (await gets()).every((n, i) => n > upGets[i]! + 100), "gets after the restart");
    await Promise.all(fleet.map((m) => m.stop()));
    const results = await Promise.all(runs);
    for (const r of results) expect(r).toMatchObject({ failures: 0, wrong: 0 });
    console.log(`Redis SIGKILL mid-run: ${results.map((r) => r.gets).reduce((a, b) => a + b)} gets, 0 failed, 0 wrong`);

    // The restarted (empty) Redis is shared again: what one member fetches, another reads from it.
    const [a, b] = await h.fleet(2, { ttlMs: 3_600_000 });
    await until(async () => {
      await a!.get("langfuse:brand-voice");
      return (await h.admin.exists(`${h.prefix}langfuse\u0000brand-voice\u0000production\u0000`)) === 1;
    }, "a Redis write after the restart");
    const before = h.upstream();
    expect((await b!.get("langfuse:brand-voice")).sources).toEqual({ cache: 1 });
    expect(h.upstream()).toBe(before);
    expect(total((await b!.stats()).events)).toBeGreaterThan(0);
  });
});
