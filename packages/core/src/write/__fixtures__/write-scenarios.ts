// The write scenarios every writing vendor passes against the emulator over real HTTP: a
// published version reads back, a second run writes nothing, a refused write sends nothing, a
// 5xx on a write is reported after exactly one request, and a run stopped by a fault and
// re-run ends with every version exactly once. Each vendor's writer test runs them with its own
// client and write routes.
import type { Emulator, FaultMatch } from "@polyprompt/emulator";
import { expect, it } from "vitest";
import type { PromptContent, PromptVendor } from "../../contract/vendor.js";
import { caught } from "../../test-support/emulator.js";
import { contentHash } from "../content-hash.js";
import { publishVersion } from "../publish-version.js";

type Vendor = NonNullable<FaultMatch["vendor"]>;

export interface WriteScenarioOptions {
  vendor: Vendor;
  emulator: () => Emulator;
  client: () => PromptVendor;
  /** A prompt to publish into: an existing id, or a name the writer creates. Each call gets a fresh one. */
  promptId: () => Promise<string> | string;
  /** Distinct contents, in the vendor's dialect. */
  contents: PromptContent[];
  /** Content the vendor refuses, and how many problems it has. */
  refused: { content: PromptContent; problems: number };
  /** The routes that write, and the one `createVersion` uses. */
  writeRoutes: { method: string; path: string }[];
  createVersionRoute: { method: string; path: string };
  /** The row's credentials: no write error may contain them. */
  secrets: string[];
}

export function writeScenarios(o: WriteScenarioOptions): void {
  const writes = () => o.writeRoutes.reduce((n, r) => n + o.emulator().requests.total({ vendor: o.vendor, ...r }), 0);
  const all = () => o.emulator().requests.total({ vendor: o.vendor });

  it("publishes a version with an environment, reads it back, and a second run writes nothing", async () => {
    const vendor = o.client();
    const promptId = await o.promptId();
    const first = await publishVersion(vendor, { promptId, content: o.contents[0]!, environments: ["staging"] });
    expect(first.created).toBe(true);
    const hash = await contentHash(o.contents[0]!);
    const recorded = await vendor.writes!.recordedVersions(first.promptId);
    const mine = recorded!.versions.filter((v) => v.contentHash === hash);
    expect(mine.map((v) => v.versionId)).toEqual([first.versionId]);
    expect(mine[0]!.environments).toContain("staging");

    const before = writes();
    const again = await publishVersion(vendor, { promptId: first.promptId, content: o.contents[0]!, environments: ["staging"] });
    expect(again).toEqual({ promptId: first.promptId, versionId: first.versionId, created: false, environmentsSet: [] });
    expect(writes() - before).toBe(0);
  });

  it("refuses content the vendor cannot hold with unsupported, listing every problem, before any request", async () => {
    const vendor = o.client();
    const promptId = await o.promptId();
    const before = all();
    const err = await caught(() => publishVersion(vendor, { promptId, content: o.refused.content }));
    expect(err.code).toBe("unsupported");
    expect(err.vendor).toBe(o.vendor);
    expect(err.operation).toBe("createVersion");
    expect(err.message.split("\n- ").length - 1 || 1).toBe(o.refused.problems);
    const direct = await caught(() => vendor.writes!.createVersion(promptId, o.refused.content));
    expect(direct.code).toBe("unsupported");
    expect(all() - before).toBe(0);
  });

  it("reports a 503 on a write after exactly one request (writes are never retried)", async () => {
    const emu = o.emulator();
    const vendor = o.client();
    const promptId = await o.promptId();
    const id = (await publishVersion(vendor, { promptId, content: o.contents[0]! })).promptId;
    {
      const fault = emu.faults.add({ match: { vendor: o.vendor, ...o.createVersionRoute }, status: 503, times: 1 });
      const before = emu.requests.total({ vendor: o.vendor, ...o.createVersionRoute });
      const err = await caught(() => vendor.writes!.createVersion(id, o.contents[1]!));
      expect(err.code).toBe("vendor_error");
      expect(err.status).toBe(503);
      expect(err.vendor).toBe(o.vendor);
      expect(err.operation).toBe("createVersion");
      expect(emu.requests.total({ vendor: o.vendor, ...o.createVersionRoute }) - before).toBe(1);
      expect(fault.applied).toBe(1);
      const told = `${err.message} ${JSON.stringify(err)} ${err.stack ?? ""}`;
      for (const secret of o.secrets) expect(told).not.toContain(secret);
    }
  });

  it("a run stopped by a fault after one write, then re-run, ends with every version exactly once", async () => {
    const emu = o.emulator();
    const vendor = o.client();
    const start = await publishVersion(vendor, { promptId: await o.promptId(), content: o.contents[0]! });
    const run = async () => {
      const out = [];
      for (const content of o.contents) out.push(await publishVersion(vendor, { promptId: start.promptId, content }));
      return out;
    };
    // The first run: content 0 is there already; the next createVersion fails (the "kill").
    emu.faults.add({ match: { vendor: o.vendor, ...o.createVersionRoute }, status: 503, times: 1 });
    const killed = await caught(run);
    expect(killed.status).toBe(503);
    const resumed = await run();
    expect(resumed.map((r) => r.promptId)).toEqual(o.contents.map(() => start.promptId));
    const recorded = await vendor.writes!.recordedVersions(start.promptId);
    for (const content of o.contents) {
      const hash = await contentHash(content);
      expect(recorded!.versions.filter((v) => v.contentHash === hash)).toHaveLength(1);
    }
    const before = writes();
    const third = await run();
    expect(third.filter((r) => r.created)).toHaveLength(0);
    expect(writes() - before).toBe(0);
  });
}
