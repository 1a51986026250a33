/**
 * Child process that hosts the emulator, so its request handling runs on its own core and
 * never inside the client process being measured. Driven over IPC by `emulator.ts`.
 */
import { startEmulator, type FaultHandle, type FaultSpec, type RequestFilter } from "@polyprompt/emulator";

type Command =
  | { id: number; op: "faultAdd"; spec: FaultSpec }
  | { id: number; op: "faultRemove"; faultId: string }
  | { id: number; op: "faultClear" }
  | { id: number; op: "total"; filter?: RequestFilter }
  | { id: number; op: "requestsReset" }
  | { id: number; op: "close" };

const send = (message: unknown): void => {
  process.send?.(message);
};

const emu = await startEmulator({ seed: 1 });
const faults = new Map<string, FaultHandle>();

process.on("message", (raw) => {
  const cmd = raw as Command;
  try {
    switch (cmd.op) {
      case "faultAdd": {
        const handle = emu.faults.add(cmd.spec);
        faults.set(handle.id, handle);
        send({ id: cmd.id, result: handle.id });
        return;
      }
      case "faultRemove":
        faults.get(cmd.faultId)?.remove();
        faults.delete(cmd.faultId);
        send({ id: cmd.id, result: null });
        return;
      case "faultClear":
        emu.faults.clear();
        faults.clear();
        send({ id: cmd.id, result: null });
        return;
      case "total":
        send({ id: cmd.id, result: emu.requests.total(cmd.filter) });
        return;
      case "requestsReset":
        emu.requests.reset();
        send({ id: cmd.id, result: null });
        return;
      case "close":
        void emu.close().then(() => {
          send({ id: cmd.id, result: null });
          process.disconnect?.();
          process.exit(0);
        });
        return;
    }
  } catch (error) {
    send({ id: cmd.id, error: error instanceof Error ? error.message : String(error) });
  }
});

process.on("disconnect", () => {
  void emu.close().then(() => process.exit(0));
});

const vendors = Object.keys(emu.apiKeys) as (keyof typeof emu.apiKeys)[];
send({ ready: true, url: emu.url, urls: Object.fromEntries(vendors.map((vendor) => [vendor, emu.urlFor(vendor)])), apiKeys: emu.apiKeys });
