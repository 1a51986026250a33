// Measures how a piece of work grows with its input, for the hostile-input tests of every
// template engine. Not part of the published package.
//
// Only a ratio measured inside one test is trusted (never an absolute time): the machine may be
// busy. Both sizes run the same number of repetitions, after a warm-up, and each size's time is
// the median of several runs, so one slow moment cannot decide the outcome.

/** The sizes compared, in characters of template text. */
export const SMALL_INPUT = 10_000;
export const LARGE_INPUT = 100_000;
/**
 * Linear work grows about 10× from SMALL_INPUT to LARGE_INPUT, quadratic work about 100×. 30×
 * leaves room for noise and garbage collection while still catching anything superlinear.
 */
export const MAX_GROWTH = 30;

export interface Growth {
  /** Median milliseconds for one batch at each size. */
  readonly smallMs: number;
  readonly largeMs: number;
  /** `largeMs / smallMs`. */
  readonly ratio: number;
}

/** `prepare(length)` builds an input of about that many characters and returns the work to time. */
export type PrepareWork = (length: number) => () => unknown;

const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function timeBatch(work: () => unknown, repetitions: number): number {
  const start = performance.now();
  for (let i = 0; i < repetitions; i++) work();
  return performance.now() - start;
}

/**
 * Times the work at SMALL_INPUT and at LARGE_INPUT characters and returns how much slower the
 * large one is.
 *
 * @example
 * expect(measureGrowth((n) => () => parse("{".repeat(n))).ratio).toBeLessThan(MAX_GROWTH);
 */
export function measureGrowth(prepare: PrepareWork): Growth {
  const small = prepare(SMALL_INPUT);
  const large = prepare(LARGE_INPUT);
  // Warm-up: let the JIT compile both paths before anything is timed.
  for (let i = 0; i < 3; i++) small();
  large();
  // Enough repetitions that a small batch takes a few milliseconds, so the timer's resolution
  // does not decide the ratio.
  const once = Math.max(timeBatch(small, 1), 0.001);
  const repetitions = Math.max(1, Math.min(1000, Math.ceil(5 / once)));
  const smallRuns: number[] = [];
  for (let i = 0; i < 5; i++) smallRuns.push(timeBatch(small, repetitions));
  const largeRuns: number[] = [];
  for (let i = 0; i < 3; i++) largeRuns.push(timeBatch(large, repetitions));
  const smallMs = Math.max(median(smallRuns), 0.001);
  const largeMs = median(largeRuns);
  return { smallMs, largeMs, ratio: largeMs / smallMs };
}

/** `piece` repeated to exactly `length` characters. */
export function repeatTo(piece: string, length: number): string {
  return piece.repeat(Math.ceil(length / piece.length)).slice(0, length);
}

/** `prefix` followed by `filler` repeated, `length` characters in all. */
export function padTo(prefix: string, filler: string, length: number): string {
  return prefix + repeatTo(filler, Math.max(0, length - prefix.length));
}
