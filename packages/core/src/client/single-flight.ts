/** A request in flight, shared by every caller that wants the same key. */
export interface Flight<T> {
  readonly key: string;
  readonly promise: Promise<T>;
  readonly signal: AbortSignal;
  /**
   * Set by `fence`: the result was read before an `invalidate` or `clear`, so it must neither be
   * written to the cache nor answer a caller who arrives later. Checked before each write.
   */
  readonly fenced: boolean;
}

interface Running<T> extends Flight<T> {
  controller: AbortController;
  /** Callers still waiting; when the last one gives up, the request is cancelled. */
  waiters: number;
  /** True when a background refresh waits on it: it must run to the end. */
  pinned: boolean;
  fenced: boolean;
}

/**
 * Single-flight coalescing: one upstream request per key at a time, shared by every caller,
 * with reference-counted aborts (a caller who gives up leaves; the last one out cancels), and
 * fences for invalidation.
 *
 * @example
 * const flights = new SingleFlight<Version>();
 * const { flight } = flights.join(key, (f) => fetchVersion(f.signal), false);
 * const version = await flights.wait(flight, callerSignal, () => new Error("aborted"));
 */
export class SingleFlight<T> {
  /** The flight a new caller joins, per key. */
  readonly #joinable = new Map<string, Running<T>>();
  /** Every flight still running, joinable or not: a fence must reach them all. */
  readonly #running = new Set<Running<T>>();

  /** True when a caller for `key` would join a request already in flight. */
  has(key: string): boolean {
    return this.#joinable.has(key);
  }

  /** Joins the request in flight for `key`, or starts one with `start`. */
  join(key: string, start: (flight: Flight<T>) => Promise<T>, pinned: boolean): { flight: Flight<T>; joined: boolean } {
    const known = this.#joinable.get(key);
    if (known) {
      if (pinned) known.pinned = true;
      return { flight: known, joined: true };
    }
    const controller = new AbortController();
    const flight = { key, controller, signal: controller.signal, waiters: 0, pinned, fenced: false } as Running<T> & {
      promise: Promise<T>;
    };
    flight.promise = start(flight);
    this.#joinable.set(key, flight);
    this.#running.add(flight);
    const done = (): void => {
      this.#running.delete(flight);
      if (this.#joinable.get(key) === flight) this.#joinable.delete(key);
    };
    flight.promise.then(done, done);
    return { flight, joined: false };
  }

  /** Waits for a flight on behalf of one caller, who may give up through its signal. */
  wait(flight: Flight<T>, signal: AbortSignal | undefined, aborted: () => Error): Promise<T> {
    if (signal?.aborted) return Promise.reject(aborted());
    const f = flight as Running<T>;
    f.waiters++;
    return new Promise((resolve, reject) => {
      let waiting = true;
      const leave = (): boolean => {
        if (!waiting) return false;
        waiting = false;
        f.waiters--;
        signal?.removeEventListener("abort", onAbort);
        return true;
      };
      const onAbort = (): void => {
        if (!leave()) return;
        if (f.waiters === 0 && !f.pinned) {
          // Nobody else wants it: cancel the request, and let the next caller start afresh.
          if (this.#joinable.get(f.key) === f) this.#joinable.delete(f.key);
          f.controller.abort();
        }
        reject(aborted());
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      f.promise.then(
        (value) => leave() && resolve(value),
        (err: unknown) => leave() && reject(err),
      );
    });
  }

  /** Fences every flight whose key `matches`: later callers start afresh, and these write nothing. */
  fence(matches: (key: string) => boolean): void {
    for (const f of this.#running) if (matches(f.key)) this.#fenceOne(f);
  }

  /** Fences every flight, for `clear()`. */
  fenceAll(): void {
    for (const f of this.#running) this.#fenceOne(f);
  }

  #fenceOne(f: Running<T>): void {
    f.fenced = true;
    if (this.#joinable.get(f.key) === f) this.#joinable.delete(f.key);
  }
}
