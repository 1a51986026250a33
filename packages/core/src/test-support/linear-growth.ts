// Measures how a piece of work grows with its input, for the hostile-input tests of every
// template engine. Not part of the published package.
//
// Only a ratio measured inside one test is trusted (never an absolute time): the machine may be
// busy. Time is this process's CPU time, not the wall clock: on a busy machine a long batch is
// preempted more often than a short one, which inflates a wall-clock ratio (a second copy of the
// suite on the same two cores turned linear work's 10× into 38× and 61×). Both sizes run the same
// number of repetitions, after a warm-up, in interleaved batches of at least 10 ms of CPU at the
// small size; each size's time is the fastest of its batches: noise only ever adds time.
import { cpuUsage } from "node:process";

/** The sizes compared, in characters of template text. */
export const SMALL_INPUT = 10_000;
export const LARGE_INPUT = 100_000;
/**
 * Linear work grows about 10× from SMALL_INPUT to LARGE_INPUT, quadratic work about 100×. 50×
 * leaves room for noise, garbage collection and a large input falling out of the CPU caches
 * (linear Langfuse work once measured 30.3× while a type check ran beside it), while still
 * failing quadratic work, which is over 100× on every attempt.
 */
export const MAX_GROWTH = 50;

export interface Growth {
  /** CPU milliseconds of the fastest batch at each size. */
  readonly smallMs: number;
  readonly largeMs: number;
  /** `largeMs / smallMs`. */
  readonly ratio: number;
  /** Measurements made: a ratio over the limit is measured again, up to 3 times; the lowest is kept. */
  readonly attempts: number;
}

/** `prepare(length)` builds an input of about that many characters and returns the work to time. */
export type PrepareWork = (length: number) => () => unknown;

/** Milliseconds of CPU (user and system) this process spent running the batch. */
function timeBatch(work: () => unknown, repetitions: number): number {
  const start = cpuUsage();
  for (let i = 0; i < repetitions; i++) work();
  const spent = cpuUsage(start);
  return (spent.user + spent.system) / 1000;
}

/** Enough repetitions that a batch takes at least `minimumMs`, so the timer's resolution and short hiccups do not decide. */
function repetitionsFor(work: () => unknown, minimumMs: number, start = 1): number {
  let repetitions = start;
  while (repetitions < 100_000 && timeBatch(work, repetitions) < minimumMs) repetitions *= 2;
  return repetitions;
}

function measureOnce(small: () => unknown, large: () => unknown, repetitions: number): Omit<Growth, "attempts"> {
  // Interleaved, so that a busy moment slows both sizes rather than one.
  const smallRuns: number[] = [];
  const largeRuns: number[] = [];
  for (let i = 0; i < 5; i++) {
    smallRuns.push(timeBatch(small, repetitions));
    largeRuns.push(timeBatch(large, repetitions));
  }
  const smallMs = Math.max(Math.min(...smallRuns), 0.001);
  const largeMs = Math.min(...largeRuns);
  return { smallMs, largeMs, ratio: largeMs / smallMs };
}

/**
 * Times the work at SMALL_INPUT and at LARGE_INPUT characters and returns how much slower the
 * large one is. A ratio of `limit` or more is measured again (up to 3 times in all) and the
 * lowest is returned: superlinear work is over the limit every time, a busy machine rarely is.
 *
 * @example
 * expect(measureGrowth((n) => () => parse("{".repeat(n))).ratio).toBeLessThan(MAX_GROWTH);
 */
export function measureGrowth(prepare: PrepareWork, limit = MAX_GROWTH): Growth {
  const small = prepare(SMALL_INPUT);
  const large = prepare(LARGE_INPUT);
  // Warm-up: let the JIT compile both paths before anything is timed.
  for (let i = 0; i < 3; i++) small();
  large();
  // Twice: the first pass may still run code the JIT has not finished optimizing.
  const repetitions = repetitionsFor(small, 10, repetitionsFor(small, 10));
  let best = measureOnce(small, large, repetitions);
  let attempts = 1;
  while (best.ratio >= limit && attempts < 3) {
    const growth = measureOnce(small, large, repetitions);
    attempts++;
    if (growth.ratio < best.ratio) best = growth;
  }
  return { ...best, attempts };
}

/** `piece` repeated to exactly `length` characters. */
export function repeatTo(piece: string, length: number): string {
  return piece.repeat(Math.ceil(length / piece.length)).slice(0, length);
}

/** `prefix` followed by `filler` repeated, `length` characters in all. */
export function padTo(prefix: string, filler: string, length: number): string {
  return prefix + repeatTo(filler, Math.max(0, length - prefix.length));
}
