// What each fleet test file shares: its own redis-server (tests kill and restart it), one
// emulator, a fresh key prefix per test, and Langfuse webhook deliveries signed as Langfuse does.
import { createHmac } from "node:crypto";
import { EMULATOR_KEYS, type Emulator, startEmulator } from "@polyprompt/emulator";
import { findRedisServer, type RedisServer, startRedisServer } from "@polyprompt/redis/testing";
import { createClient } from "redis";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { type FleetMember, type MemberConfig, startFleet } from "./fleet.js";

export const redisAvailable = findRedisServer() !== undefined;
if (!redisAvailable) {
  console.log("SKIPPED @polyprompt/fleet: redis-server is not on the PATH (install it: apt-get install -y redis-server)");
}

export const WEBHOOK_SECRET = "lf-whsec_fleet-test-3b9d0c7e1a";
const [PUBLIC_KEY, SECRET_KEY] = EMULATOR_KEYS.langfuse.split(":") as [string, string];

type Admin = ReturnType<typeof createClient>;

/** The file's Redis, emulator and fleets; every member started through it is closed after each test. */
export function fleetHarness(tag: string) {
  const state = {
    redis: undefined as RedisServer | undefined,
    emu: undefined as Emulator | undefined,
    admin: undefined as Admin | undefined,
    prefix: "",
    run: 0,
    members: [] as FleetMember[],
  };
  beforeAll(async () => {
    if (!redisAvailable) return;
    [state.redis, state.emu] = await Promise.all([startRedisServer(), startEmulator({ seed: 7 })]);
    state.admin = createClient({ url: state.redis.url, socket: { reconnectStrategy: () => 100 } });
    state.admin.on("error", () => {});
    await state.admin.connect();
  });
  beforeEach(() => {
    state.prefix = `${tag}${++state.run}:`;
    state.emu?.reset();
  });
  afterAll(async () => {
    await Promise.all(state.members.splice(0).map((m) => m.close()));
    state.admin?.destroy();
    await Promise.all([state.redis?.stop(), state.emu?.close()]);
  });

  const harness = {
    get emu(): Emulator {
      return state.emu!;
    },
    get redis(): RedisServer {
      return state.redis!;
    },
    get admin(): Admin {
      return state.admin!;
    },
    get prefix(): string {
      return state.prefix;
    },
    /** Langfuse requests the emulator has served (faulted ones included). */
    upstream: (): number => state.emu!.requests.total({ vendor: "langfuse" }),
    config(extra: Partial<MemberConfig> = {}): MemberConfig {
      return {
        redisUrl: state.redis!.url,
        langfuseUrl: state.emu!.urlFor("langfuse"),
        publicKey: PUBLIC_KEY,
        secretKey: SECRET_KEY,
        prefix: state.prefix,
        ...extra,
      };
    },
    async fleet(size: number, extra: Partial<MemberConfig> = {}): Promise<FleetMember[]> {
      const members = await startFleet(size, harness.config(extra));
      state.members.push(...members);
      return members;
    },
    /** Restarts redis-server on the same port (empty: it keeps no data), after a SIGKILL or not. */
    async restartRedis(): Promise<void> {
      const port = state.redis!.port;
      await state.redis!.stop("SIGKILL");
      state.redis = await startRedisServer({ port });
    },
    /** Calls the emulator's Langfuse API as a user of Langfuse would. */
    async langfuseApi(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
      const response = await fetch(`${state.emu!.urlFor("langfuse")}${path}`, {
        method,
        headers: {
          authorization: `Basic ${Buffer.from(`${PUBLIC_KEY}:${SECRET_KEY}`).toString("base64")}`,
          "content-type": "application/json",
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as Record<string, unknown>;
    },
  };
  return harness;
}

let deliveries = 0;

/** A prompt-version webhook body as Langfuse sends it, for one version as the API returns it. */
export function promptVersionEvent(prompt: Record<string, unknown>, action: "created" | "updated" | "deleted" = "updated"): string {
  return JSON.stringify({
    id: `evt-${process.pid}-${++deliveries}`,
    timestamp: new Date().toISOString(),
    type: "prompt-version",
    apiVersion: "v1",
    action,
    prompt,
  });
}

/** `x-langfuse-signature` for `body`: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
export function signature(body: string, options: { secret?: string; at?: number } = {}): string {
  const t = Math.floor((options.at ?? Date.now()) / 1000);
  const v1 = createHmac("sha256", options.secret ?? WEBHOOK_SECRET)
    .update(`${t}.${body}`)
    .digest("hex");
  return `t=${t},v1=${v1}`;
}

/** Posts a delivery to a member's webhook endpoint; resolves with the status. */
export async function deliver(url: string, body: string, signatureHeader: string): Promise<number> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-langfuse-signature": signatureHeader },
    body,
  });
  await response.body?.cancel();
  return response.status;
}
