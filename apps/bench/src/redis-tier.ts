// 10. The Redis tier (@polyprompt/redis), against a throwaway redis-server on loopback:
// - a warm memory hit through the Redis store, against the default in-memory store (the tier
//   should add nothing: a hit never reaches Redis);
// - a memory miss that Redis answers, against a fetch from the vendor (the emulator, loopback).
import { createRedisStore, type RedisCommandClient } from "@polyprompt/redis";
import { findRedisServer, startRedisServer } from "@polyprompt/redis/testing";
import { createClient } from "redis";
import { type Ctx, polyprompt } from "./benches.js";
import { measureInterleaved, type Summary } from "./stats.js";

export interface RedisTierResult {
  /** Warm `get`, default in-memory store. */
  memoryHit: Summary;
  /** Warm `get`, Redis store, answered by its memory tier. */
  redisStoreMemoryHit: Summary;
  /** `get` answered by Redis (the memory tier holds one entry and the calls alternate keys). */
  redisHit: Summary;
  /** `get` with caching off: one vendor request per call. */
  vendorFetch: Summary;
  /** Redis commands per call, in each Redis case. */
  commandsPerMemoryHit: number;
  commandsPerRedisHit: number;
}

/** Runs benchmark 10, or returns undefined (and says why) without a redis-server. */
export async function benchRedisTier(ctx: Ctx): Promise<RedisTierResult | undefined> {
  if (findRedisServer() === undefined) {
    ctx.log("  skipped: redis-server is not on the PATH (apt-get install -y redis-server)");
    return undefined;
  }
  const server = await startRedisServer();
  const redis = createClient({ url: server.url });
  redis.on("error", () => {});
  await redis.connect();
  try {
    let commands = 0;
    const counted: RedisCommandClient = {
      sendCommand: (args, options) => {
        commands++;
        return redis.sendCommand([...args], options);
      },
    };
    const { ref, versionId } = ctx.stored["1kb"];
    const byId = `${ref}#${versionId}`;
    const memory = polyprompt(ctx.emu);
    const warmRedis = polyprompt(ctx.emu, { cache: { store: createRedisStore({ client: counted, prefix: "bench-warm:" }) } });
    // One memory entry, and calls alternating between two keys of the same version: every call
    // misses memory and reads Redis.
    const redisOnly = polyprompt(ctx.emu, {
      cache: { store: createRedisStore({ client: counted, prefix: "bench-hit:", memory: { maxEntries: 1 } }) },
    });
    const uncached = polyprompt(ctx.emu, { cache: false });
    for (const client of [memory, warmRedis, redisOnly]) await client.get(ref);
    let flip = false;
    const redisHit = () => {
      flip = !flip;
      return redisOnly.get(flip ? byId : ref);
    };

    const perCall = async (fn: () => Promise<unknown>, calls: number): Promise<number> => {
      const before = commands;
      for (let i = 0; i < calls; i++) await fn();
      return (commands - before) / calls;
    };
    const commandsPerMemoryHit = await perCall(() => warmRedis.get(ref), 1_000);
    const commandsPerRedisHit = await perCall(redisHit, 1_000);

    const time = ctx.quick ? 200 : 1_000;
    const [memoryHit, redisStoreMemoryHit, redisHitTime, vendorFetch] = await measureInterleaved(
      [
        { name: "memory hit", fn: () => memory.get(ref), options: { async: true, time } },
        { name: "redis store, memory hit", fn: () => warmRedis.get(ref), options: { async: true, time } },
        { name: "redis hit", fn: redisHit, options: { async: true, time } },
        { name: "vendor fetch", fn: () => uncached.get(ref), options: { async: true, time } },
      ],
      ctx.quick ? 2 : 5,
    );
    const result = {
      memoryHit: memoryHit!,
      redisStoreMemoryHit: redisStoreMemoryHit!,
      redisHit: redisHitTime!,
      vendorFetch: vendorFetch!,
      commandsPerMemoryHit,
      commandsPerRedisHit,
    };
    ctx.log(
      `  memory hit ${result.memoryHit.medianMs.toFixed(4)} ms, Redis store memory hit ${result.redisStoreMemoryHit.medianMs.toFixed(4)} ms, ` +
        `Redis hit ${result.redisHit.medianMs.toFixed(3)} ms, vendor fetch ${result.vendorFetch.medianMs.toFixed(3)} ms`,
    );
    return result;
  } finally {
    redis.destroy();
    await server.stop();
  }
}
