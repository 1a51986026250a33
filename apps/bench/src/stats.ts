import { Bench } from "tinybench";

/** Percentile of an ascending array, linear interpolation (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export const median = (values: readonly number[]): number =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

/** Latency samples (ms) summarized; ops/s derived from the latency percentiles. */
export interface Summary {
  samples: number;
  p10Ms: number;
  medianMs: number;
  p90Ms: number;
  /** 1000 / median latency. */
  opsMedian: number;
  /** ops/s at the p90 latency (the slow end) and at the p10 latency (the fast end). */
  opsLow: number;
  opsHigh: number;
  /** tinybench's relative margin of error of the mean throughput, in %. */
  rme: number;
}

export function summarize(samplesMs: readonly number[], rme = Number.NaN): Summary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const p10 = percentile(sorted, 10);
  const p50 = percentile(sorted, 50);
  const p90 = percentile(sorted, 90);
  return {
    samples: sorted.length,
    p10Ms: p10,
    medianMs: p50,
    p90Ms: p90,
    opsMedian: 1000 / p50,
    opsLow: 1000 / p90,
    opsHigh: 1000 / p10,
    rme,
  };
}

export interface MeasureOptions {
  /** Measuring time, ms (tinybench `time`). */
  time?: number;
  /** Minimum samples (tinybench `iterations`). */
  iterations?: number;
  warmupTime?: number;
  warmupIterations?: number;
  async?: boolean;
  beforeEach?: () => void | Promise<void>;
}

/** Runs one tinybench task (warm-up, then samples) and summarizes its per-iteration latencies. */
export async function measure(name: string, fn: () => unknown, options: MeasureOptions = {}): Promise<Summary> {
  const { samples, rme } = await measureRaw(name, fn, options);
  return summarize(samples, rme);
}

export interface Task {
  name: string;
  fn: () => unknown;
  options?: MeasureOptions;
}

/**
 * Runs the tasks in `rounds` alternating rounds (A B C, A B C, …), each round a tinybench run
 * with its own warm-up, and pools each task's samples. Tasks being compared thus see the same
 * machine conditions, which matters on a shared machine. `time` and `iterations` are per round.
 */
export async function measureInterleaved(tasks: Task[], rounds: number): Promise<Summary[]> {
  const samples = tasks.map((): number[] => []);
  const rmes = tasks.map((): number[] => []);
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < tasks.length; i++) {
      const task = tasks[i]!;
      const raw = await measureRaw(task.name, task.fn, task.options);
      const pool = samples[i]!;
      for (const x of raw.samples) pool.push(x);
      rmes[i]!.push(raw.rme);
    }
  }
  return samples.map((s, i) => summarize(s, median(rmes[i]!)));
}

async function measureRaw(name: string, fn: () => unknown, options: MeasureOptions = {}): Promise<{ samples: number[]; rme: number }> {
  globalThis.gc?.();
  const bench = new Bench({
    name,
    time: options.time ?? 1_000,
    iterations: options.iterations ?? 64,
    warmup: true,
    warmupTime: options.warmupTime ?? 250,
    warmupIterations: options.warmupIterations ?? 16,
    retainSamples: true,
    throws: true,
  });
  const beforeEach = options.beforeEach;
  bench.add(name, fn, {
    async: options.async ?? false,
    ...(beforeEach ? { beforeEach: async () => void (await beforeEach()) } : {}),
  });
  await bench.run();
  const task = bench.tasks[0]!;
  const result = task.result;
  if (result.state !== "completed") {
    throw new Error(`${name}: ${result.state}${"error" in result ? `: ${String(result.error)}` : ""}`);
  }
  const samples = result.latency.samples;
  if (!samples) throw new Error(`${name}: no samples retained`);
  return { samples: [...samples], rme: result.throughput.rme };
}

// ---- formatting

export function fmtOps(ops: number): string {
  if (!Number.isFinite(ops)) return "—";
  if (ops >= 1e6) return `${(ops / 1e6).toFixed(2)} M`;
  if (ops >= 1e3) return `${(ops / 1e3).toFixed(1)} k`;
  return ops.toFixed(ops >= 100 ? 0 : 1);
}

export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return "—";
  if (ms < 0.001) return `${(ms * 1e6).toFixed(0)} ns`;
  if (ms < 1) return `${(ms * 1e3).toFixed(ms < 0.01 ? 2 : 1)} µs`;
  if (ms < 100) return `${ms.toFixed(2)} ms`;
  return `${ms.toFixed(0)} ms`;
}

export function fmtRatio(r: number): string {
  if (!Number.isFinite(r)) return "—";
  if (r >= 100) return `${Math.round(r).toLocaleString("en-US")}×`;
  if (r >= 10) return `${r.toFixed(1)}×`;
  return `${r.toFixed(2)}×`;
}

export function fmtBytes(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(1)} kB` : `${n} B`;
}
