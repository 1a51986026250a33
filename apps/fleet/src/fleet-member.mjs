// One process of the fleet: a prompt client on a Redis store, driven by its parent over IPC.
// Plain JavaScript on the built packages, so it starts as an ordinary `node` process would in
// production. Configuration comes in FLEET_MEMBER (JSON); each message is { id, cmd, ... } and
// gets one reply { id, result } or { id, error }.
import { createServer } from "node:http";
import { createPromptClient } from "@polyprompt/core";
import { langfuse } from "@polyprompt/core/langfuse";
import { langfuseWebhook, toNodeListener } from "@polyprompt/core/langfuse/webhook";
import { createRedisStore } from "@polyprompt/redis";
import { createClient } from "redis";

/**
 * @typedef {{ redisUrl: string, langfuseUrl: string, publicKey: string, secretKey: string, prefix: string,
 *   ttlMs?: number, staleWhileRevalidate?: boolean, lease?: { leaseMs?: number, pollMs?: number, maxWaitMs?: number },
 *   webhookSecret?: string }} MemberConfig
 */

/** @type {MemberConfig} */
const config = JSON.parse(process.env.FLEET_MEMBER ?? "{}");

// The parent (a test run) went away, even by a crash or a timeout: never outlive it as an orphan
// that keeps hammering a core.
process.on("disconnect", () => process.exit(0));

let unhandledRejections = 0;
process.on("unhandledRejection", () => {
  unhandledRejections++;
});

// A short reconnect delay, as a fleet would configure: Redis may restart under it.
const redis = createClient({ url: config.redisUrl, socket: { reconnectStrategy: () => 100, connectTimeout: 1_000 } });
const subscriber = redis.duplicate();
redis.on("error", () => {}); // the store reports failures as store_error events
subscriber.on("error", () => {});
await Promise.all([redis.connect(), subscriber.connect()]);

let redisRoundTrips = 0;
/** @type {import("@polyprompt/redis").RedisCommandClient} */
const counted = {
  sendCommand: (args, options) => {
    redisRoundTrips++;
    return redis.sendCommand([...args], options);
  },
};
const store = createRedisStore({ client: counted, subscriber, prefix: config.prefix, timeoutMs: 1_000, lease: config.lease });
/** @type {Record<string, number>} */
const events = {};
const prompts = createPromptClient({
  vendors: [langfuse({ publicKey: config.publicKey, secretKey: config.secretKey, baseUrl: config.langfuseUrl })],
  cache: { store, ttlMs: config.ttlMs ?? 600_000, staleWhileRevalidate: config.staleWhileRevalidate ?? true },
  onEvent: (event) => {
    events[event.type] = (events[event.type] ?? 0) + 1;
  },
});

/** @type {import("node:http").Server | undefined} */
let webhookServer;
if (config.webhookSecret !== undefined) {
  const handler = langfuseWebhook({ secret: config.webhookSecret, client: prompts, replayGuard: store });
  webhookServer = createServer(toNodeListener(handler));
  await new Promise((resolve) => webhookServer?.listen(0, "127.0.0.1", () => resolve(undefined)));
}

/** What identifies a payload: its version and content. A wrong payload differs from the expected one here. */
const fingerprint = (/** @type {import("@polyprompt/core").PromptVersion} */ v) =>
  JSON.stringify({ versionId: v.versionId, messages: v.messages, params: v.params });

let stopped = false;

const commands = {
  /** `count` concurrent gets of one reference: which versions and sources came back, and which errors. */
  async get(/** @type {{ ref: string, count: number }} */ msg) {
    const settled = await Promise.allSettled(Array.from({ length: msg.count }, () => prompts.get(msg.ref)));
    /** @type {Record<string, number>} */
    const versions = {};
    /** @type {Record<string, number>} */
    const sources = {};
    /** @type {string[]} */
    const failures = [];
    for (const s of settled) {
      if (s.status === "rejected") failures.push(String(s.reason?.code ?? s.reason));
      else {
        versions[s.value.versionId] = (versions[s.value.versionId] ?? 0) + 1;
        sources[s.value.source] = (sources[s.value.source] ?? 0) + 1;
      }
    }
    return { versions, sources, failures };
  },

  /**
   * `total` gets over `refs` (or until `stop`, when `total` is 0), `concurrency` at a time, each
   * checked against `expected` fingerprints.
   */
  async hammer(/** @type {{ refs: string[], total: number, concurrency: number, expected: Record<string, string> }} */ msg) {
    const tripsBefore = redisRoundTrips;
    stopped = false;
    let next = 0;
    let failures = 0;
    let wrong = 0;
    const more = () => (msg.total === 0 ? !stopped : next < msg.total);
    const lane = async () => {
      let mine = 0;
      while (more()) {
        const ref = msg.refs[next++ % msg.refs.length] ?? "";
        try {
          if (fingerprint(await prompts.get(ref)) !== msg.expected[ref]) wrong++;
        } catch {
          failures++;
        }
        // Paced, as an app serving requests would be: a warm hit completes in microtasks alone,
        // and a lane that never waited would starve IPC and timers (the store's among them) and
        // take a whole core from the tests running beside the fleet.
        if (++mine % 8 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
      }
    };
    await Promise.all(Array.from({ length: msg.concurrency }, lane));
    return { gets: next, failures, wrong, redisRoundTrips: redisRoundTrips - tripsBefore };
  },

  /** Ends a `hammer` started with `total: 0`. */
  stop() {
    stopped = true;
    return true;
  },

  async fingerprint(/** @type {{ ref: string }} */ msg) {
    return fingerprint(await prompts.get(msg.ref));
  },

  stats() {
    return { stats: prompts.stats(), events, redisRoundTrips, unhandledRejections, memoryEntries: store.size };
  },

  async close() {
    webhookServer?.close();
    await store.close().catch(() => {});
    // destroy, not quit: with Redis down, quit would wait for a reconnect that may never come.
    subscriber.destroy();
    redis.destroy();
    setImmediate(() => process.exit(0));
    return true;
  },
};

process.on("message", async (/** @type {{ id: number, cmd: keyof typeof commands }} */ msg) => {
  try {
    const result = await commands[msg.cmd](/** @type {never} */ (msg));
    process.send?.({ id: msg.id, result });
  } catch (err) {
    process.send?.({ id: msg.id, error: err instanceof Error ? err.message : String(err) });
  }
});

const address = webhookServer?.address();
process.send?.({ ready: true, webhookPort: typeof address === "object" && address !== null ? address.port : undefined });
