// What the Redis tests share: connections to the suite's server (closed after each file), an
// emulator with a Helicone key, and small probes of a store's state.
import { type CacheEntry, createPromptClient, type PromptEvent } from "@polyprompt/core";
import { helicone } from "@polyprompt/core/helicone";
import { type Emulator, startEmulator } from "@polyprompt/emulator";
import { createClient } from "redis";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { createRedisStore, type RedisCommandClient, type RedisStore, type RedisStoreOptions } from "../index.js";

export const API_KEY = "sk-helicone-SECRET-redis-4c1d9e";
// Generous, so that a busy machine never times out a healthy Redis; the slow-Redis cases pause it.
export const HEALTHY_TIMEOUT_MS = 10_000;

const newClient = (url: string) => createClient({ url, socket: { reconnectStrategy: () => 50 } });
export type Redis = ReturnType<typeof newClient>;
const opened: Redis[] = [];

/** A connected client, destroyed after the file's tests. Connection errors are left to the store to report. */
export async function connect(url: string): Promise<Redis> {
  const client = newClient(url);
  client.on("error", () => {}); // connection errors while a server is down: the store reports them
  opened.push(client);
  return client.connect();
}

/** A connected duplicate of `client` for subscribing, destroyed after the file's tests. */
export async function subscriberFor(client: Redis): Promise<Redis> {
  const subscriber = client.duplicate();
  subscriber.on("error", () => {});
  opened.push(subscriber);
  return subscriber.connect();
}

/** The file's emulator, reset before each test; its connections are closed after the file. */
export function sharedEmulator(): { readonly emu: Emulator; upstream(): number } {
  const state = { emu: undefined as Emulator | undefined };
  beforeAll(async () => {
    state.emu = await startEmulator({ apiKeys: { helicone: [API_KEY] } });
  });
  afterAll(async () => {
    for (const c of opened.splice(0)) c.destroy();
    await state.emu?.close();
  });
  beforeEach(() => state.emu?.reset());
  return {
    get emu() {
      return state.emu!;
    },
    upstream: () => state.emu!.requests.total({ vendor: "helicone" }),
  };
}

/**
 * The shared server of a describe block: an admin connection, and a fresh key prefix per test so
 * that the tests of a block never see each other's keys.
 */
export function sharedRedis(url: string, tag: string): { readonly admin: Redis; readonly prefix: string } {
  const state = { admin: undefined as Redis | undefined, prefix: "", run: 0 };
  beforeAll(async () => {
    state.admin = await connect(url);
  });
  beforeEach(() => {
    state.prefix = `${tag}${++state.run}:`;
  });
  return {
    get admin() {
      return state.admin!;
    },
    get prefix() {
      return state.prefix;
    },
  };
}

/** A client wrapper that records the commands the store sends. */
export function counting(client: Redis): RedisCommandClient & { commands: string[] } {
  const commands: string[] = [];
  return {
    commands,
    sendCommand: (args, options) => {
      commands.push(args[0] ?? "");
      return client.sendCommand([...args], options);
    },
  };
}

/** A prompt client on a Redis store, pointed at the emulator, with its events recorded. */
export function redisPromptClient(emu: Emulator, options: RedisStoreOptions) {
  const events: PromptEvent[] = [];
  const store = createRedisStore({ timeoutMs: HEALTHY_TIMEOUT_MS, ...options });
  const prompts = createPromptClient({
    vendors: [helicone({ apiKey: API_KEY, baseUrl: emu.urlFor("helicone") })],
    cache: { store },
    onEvent: (e) => events.push(e),
  });
  return { prompts, store, events, storeErrors: () => events.filter((e) => e.type === "store_error") };
}

/**
 * Waits until `condition` holds. The bound only guards against a hang: pub/sub delivery is
 * asynchronous, so tests wait for its effect instead of asserting how soon it comes.
 */
export async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Whether the store answers `key` from its memory tier (a hit is synchronous; a miss is a promise). */
export const inMemory = (store: RedisStore, key: string): boolean => {
  const got = store.get(key);
  if (got instanceof Promise) {
    got.catch(() => {});
    return false;
  }
  return got !== undefined;
};

const now = Date.now();
export function entry(times: Partial<Pick<CacheEntry, "expiresAt" | "staleUntil">> = {}): CacheEntry {
  return {
    value: {
      vendor: "helicone",
      promptId: "p1",
      versionId: "v1",
      fetchedAt: new Date(now).toISOString(),
    } as CacheEntry["value"],
    expiresAt: now + 60_000,
    staleUntil: now + 120_000,
    ...times,
  };
}
