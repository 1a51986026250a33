import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { FaultSpec, RequestFilter } from "@polyprompt/emulator";

/** The emulator, running in its own process, with the parts of its API the benchmarks use. */
export interface RemoteEmulator {
  url: string;
  /** The base URL of a vendor's routes. */
  urlFor(vendor: string): string;
  /** The key the emulator accepts, per vendor. */
  apiKeys: Record<string, string>;
  faults: {
    /** Resolves to a function that removes the fault. */
    add(spec: FaultSpec): Promise<() => Promise<void>>;
    clear(): Promise<void>;
  };
  requests: {
    total(filter?: RequestFilter): Promise<number>;
    reset(): Promise<void>;
  };
  close(): Promise<void>;
}

interface Ready {
  ready: true;
  url: string;
  urls: Record<string, string>;
  apiKeys: Record<string, string>;
}

/** Starts `emulator-host.js` in a child process and talks to it over IPC. */
export async function startRemoteEmulator(): Promise<RemoteEmulator> {
  const child: ChildProcess = fork(fileURLToPath(new URL("./emulator-host.js", import.meta.url)), [], {
    execArgv: [],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 1;

  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`emulator process exited early (code ${code})`)));
    child.on("message", (raw) => {
      const msg = raw as { ready?: true; id?: number; result?: unknown; error?: string };
      if (msg.ready) return resolve(msg as Ready);
      const waiter = msg.id === undefined ? undefined : pending.get(msg.id);
      if (!waiter) return;
      pending.delete(msg.id!);
      if (msg.error !== undefined) waiter.reject(new Error(msg.error));
      else waiter.resolve(msg.result);
    });
  });
  child.removeAllListeners("exit");
  child.removeAllListeners("error");
  child.on("exit", (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`emulator process exited (code ${code})`));
    pending.clear();
  });

  const call = <T>(op: string, extra: Record<string, unknown> = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, op, ...extra });
    });

  return {
    url: ready.url,
    urlFor: (vendor) => {
      const url = ready.urls[vendor];
      if (url === undefined) throw new Error(`the emulator serves no vendor "${vendor}" (it serves ${Object.keys(ready.urls).join(", ")})`);
      return url;
    },
    apiKeys: ready.apiKeys,
    faults: {
      async add(spec) {
        const faultId = await call<string>("faultAdd", { spec });
        return () => call<void>("faultRemove", { faultId });
      },
      clear: () => call<void>("faultClear"),
    },
    requests: {
      total: (filter) => call<number>("total", filter ? { filter } : {}),
      reset: () => call<void>("requestsReset"),
    },
    close: async () => {
      await Promise.race([call<void>("close"), new Promise((r) => setTimeout(r, 2_000))]);
      if (child.exitCode === null) child.kill();
    },
  };
}
