/**
 * Benchmark 8: the `polyprompt` CLI's start-up, as a user feels it: whole processes spawned, each
 * timed from spawn to exit, against `node -e 0` (Node's own start-up) as the floor, interleaved
 * so that all three see the same machine load.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { RemoteEmulator } from "./emulator.js";
import { summarize, type Summary } from "./stats.js";

export interface CliStartupRow {
  label: string;
  command: string;
  time: Summary;
  /** Median minus the floor's median; absent for the floor itself. */
  overFloorMs?: number;
}

const BIN = join(dirname(createRequire(import.meta.url).resolve("@polyprompt/cli/package.json")), "bin", "polyprompt.js");

/** Times `polyprompt --help` and `polyprompt get <ref> --json` (against the emulator) next to `node -e 0`, `runs` times each. */
export function benchCliStartup(emu: RemoteEmulator, ref: string, runs: number): CliStartupRow[] {
  const env = {
    PATH: process.env.PATH ?? "",
    HELICONE_API_KEY: emu.apiKeys.helicone!,
    HELICONE_BASE_URL: emu.urlFor("helicone"),
  };
  const cases = [
    { label: "floor", command: "node -e 0", args: ["-e", "0"] },
    { label: "--help", command: "polyprompt --help", args: [BIN, "--help"] },
    { label: "get", command: `polyprompt get ${ref} --json`, args: [BIN, "get", ref, "--json"] },
    // What Node's own fetch costs a process that makes one request and exits: part of every `get`.
    {
      label: "fetch",
      command: 'node -e "fetch(…).then(r => r.text()).then(() => process.exit(0))"',
      args: [
        "-e",
        `fetch(${JSON.stringify(`${emu.urlFor("helicone")}/v1/prompt-2025/query`)}, { method: "POST", body: "{}" }).then((r) => r.text()).then(() => process.exit(0))`,
      ],
    },
  ];
  const samples = cases.map(() => [] as number[]);
  for (let round = -1; round < runs; round++) {
    cases.forEach((c, i) => {
      const started = performance.now();
      const result = spawnSync(process.execPath, c.args, { env, encoding: "utf8" });
      const elapsed = performance.now() - started;
      if (result.status !== 0) throw new Error(`${c.command} exited ${result.status}: ${result.stderr}`);
      // Round -1 warms the file cache and is not counted.
      if (round >= 0) samples[i]!.push(elapsed);
    });
  }
  const rows = cases.map((c, i) => ({ label: c.label, command: c.command, time: summarize(samples[i]!) }));
  const floor = rows[0]!.time.medianMs;
  return rows.map((row, i) => (i === 0 ? row : { ...row, overFloorMs: row.time.medianMs - floor }));
}
