// The parent side of the fleet tests: starts members (separate Node processes running
// fleet-member.mjs) and talks to them over IPC.
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";

const MEMBER_SCRIPT = fileURLToPath(new URL("./fleet-member.mjs", import.meta.url));

/** What a member is configured with (see fleet-member.mjs). */
export interface MemberConfig {
  redisUrl: string;
  langfuseUrl: string;
  publicKey: string;
  secretKey: string;
  prefix: string;
  ttlMs?: number;
  staleWhileRevalidate?: boolean;
  lease?: { leaseMs?: number; pollMs?: number; maxWaitMs?: number };
  webhookSecret?: string;
}

export interface GetResult {
  versions: Record<string, number>;
  sources: Record<string, number>;
  failures: string[];
}

export interface HammerResult {
  gets: number;
  failures: number;
  wrong: number;
  redisRoundTrips: number;
}

export interface MemberStats {
  stats: Record<string, number>;
  events: Record<string, number>;
  redisRoundTrips: number;
  unhandledRejections: number;
  memoryEntries: number;
}

/** One process of the fleet. */
export class FleetMember {
  #next = 0;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  readonly exited: Promise<void>;

  private constructor(
    readonly process: ChildProcess,
    readonly webhookUrl: string | undefined,
  ) {
    this.exited = new Promise((resolve) => process.once("exit", () => resolve()));
    process.on("message", (msg: { id: number; result?: unknown; error?: string }) => {
      const pending = this.#pending.get(msg.id);
      this.#pending.delete(msg.id);
      if (msg.error !== undefined) pending?.reject(new Error(msg.error));
      else pending?.resolve(msg.result);
    });
    void this.exited.then(() => {
      for (const p of this.#pending.values()) p.reject(new Error("the member exited"));
      this.#pending.clear();
    });
  }

  /** Forks a member and waits until it is connected to Redis (and listening, with a webhook secret). */
  static async start(config: MemberConfig): Promise<FleetMember> {
    const child = fork(MEMBER_SCRIPT, {
      env: { ...process.env, FLEET_MEMBER: JSON.stringify(config) },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const ready = await new Promise<{ webhookPort?: number }>((resolve, reject) => {
      child.once("message", (msg: { ready?: boolean; webhookPort?: number }) => resolve(msg));
      child.once("exit", (code) => reject(new Error(`a fleet member exited with ${code} before it was ready`)));
    });
    return new FleetMember(child, ready.webhookPort === undefined ? undefined : `http://127.0.0.1:${ready.webhookPort}/`);
  }

  get(ref: string, count = 1): Promise<GetResult> {
    return this.#ask({ cmd: "get", ref, count });
  }
  hammer(options: { refs: string[]; total: number; concurrency: number; expected: Record<string, string> }): Promise<HammerResult> {
    return this.#ask({ cmd: "hammer", ...options });
  }
  /** Ends a `hammer` started with `total: 0`. */
  stop(): Promise<boolean> {
    return this.#ask({ cmd: "stop" });
  }
  /** The fingerprint (version and content) of what `get(ref)` answers. */
  fingerprint(ref: string): Promise<string> {
    return this.#ask({ cmd: "fingerprint", ref });
  }
  stats(): Promise<MemberStats> {
    return this.#ask({ cmd: "stats" });
  }
  /** Closes the store and the connections, and waits for the process to exit. */
  async close(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    await this.#ask({ cmd: "close" }).catch(() => {});
    await this.exited;
  }
  /** Kills the process at once (SIGKILL): no cleanup, as a crash would. */
  async kill(): Promise<void> {
    this.process.kill("SIGKILL");
    await this.exited;
  }

  #ask<T>(message: Record<string, unknown>): Promise<T> {
    const id = ++this.#next;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.process.send({ id, ...message });
    });
  }
}

/** Starts `size` members with the same configuration, in parallel. */
export function startFleet(size: number, config: MemberConfig): Promise<FleetMember[]> {
  return Promise.all(Array.from({ length: size }, () => FleetMember.start(config)));
}

/**
 * Waits until `condition` holds, and returns how long that took. The bound only guards against
 * a hang: callers report the time, they never assert on it.
 */
export async function until(condition: () => boolean | Promise<boolean>, what: string, boundMs = 30_000): Promise<number> {
  const start = performance.now();
  while (!(await condition())) {
    if (performance.now() - start > boundMs) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return performance.now() - start;
}
