import type { PromptError } from "../errors/prompt-error.js";
import type { PromptClientStats, PromptEvent, PromptEventType } from "./events.js";

/** What an event is about: the vendor and the reference in canonical form (`"*"` for `clear()`). */
export interface EventSubject {
  vendor: string;
  ref: string;
}

type Counter = Exclude<keyof PromptClientStats, "size">;

/** The client's counters and its `onEvent` observer, in one place. */
export class EventReporter {
  readonly #counters: Record<Counter, number> = {
    hits: 0,
    misses: 0,
    staleServed: 0,
    refreshes: 0,
    refreshErrors: 0,
    coalesced: 0,
    fallbacks: 0,
    bootstrapServed: 0,
    storeErrors: 0,
  };

  constructor(readonly onEvent: ((event: PromptEvent) => void) | undefined) {}

  /** Counts one occurrence (when `counter` is given) and tells the observer. */
  report(
    type: PromptEventType,
    subject: EventSubject,
    counter?: Counter,
    extra?: { error?: PromptError; attempt?: number; delayMs?: number },
  ): void {
    if (counter) this.#counters[counter]++;
    if (!this.onEvent) return;
    try {
      this.onEvent({ type, vendor: subject.vendor, ref: subject.ref, ...extra });
    } catch {
      // An observer must never break a fetch.
    }
  }

  stats(size: number | undefined): PromptClientStats {
    return size === undefined ? { ...this.#counters } : { ...this.#counters, size };
  }
}
