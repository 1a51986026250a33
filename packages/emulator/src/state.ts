import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { VendorStore } from "./http.js";
import { uuidFrom } from "./random.js";
import { vendorModules, type Vendor, type VendorStates } from "./vendor-table.js";

export const STATE_FORMAT = "polyprompt-emulator/1";

/** The whole emulator state, as `GET /__admin/state` and the state file show it: each vendor's slice under its name. */
export type EmulatorState = {
  format: typeof STATE_FORMAT;
  /** Ids minted so far; with the seed it makes new ids deterministic and unique across restarts. */
  counter: number;
} & VendorStates;

const build = (slice: (vendor: (typeof vendorModules)[number]) => unknown): EmulatorState =>
  ({ format: STATE_FORMAT, counter: 0, ...Object.fromEntries(vendorModules.map((v) => [v.name, slice(v)])) }) as EmulatorState;

/** Every vendor empty. */
export function emptyState(): EmulatorState {
  return build((v) => v.emptyState());
}

/** Every vendor's seed data (see `SEED`). */
export function seedState(): EmulatorState {
  return build((v) => v.seedState());
}

/**
 * Checks a parsed state file and returns it as a state. The format and the counter must be
 * right, and each vendor checks its own slice; a vendor missing from the file (one registered
 * after the file was written) starts empty. Throws one line naming the file and the problem.
 */
export function checkStateFile(file: string, parsed: unknown): EmulatorState {
  const refuse = (problem: string) => new Error(`${file} is not a usable emulator state file: ${problem}`);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed) || (parsed as { format?: unknown }).format !== STATE_FORMAT) {
    const format = (parsed as { format?: unknown } | null)?.format;
    throw new Error(`${file} is not an emulator state file (format ${JSON.stringify(format) ?? "missing"}, expected "${STATE_FORMAT}")`);
  }
  const raw = parsed as Record<string, unknown>;
  const counter = raw.counter;
  if (typeof counter !== "number" || !Number.isSafeInteger(counter) || counter < 0) {
    throw refuse(`"counter" must be a non-negative integer, got ${JSON.stringify(counter) ?? "nothing"}`);
  }
  const state: Record<string, unknown> = { format: STATE_FORMAT, counter };
  for (const vendor of vendorModules) {
    if (!(vendor.name in raw)) {
      state[vendor.name] = vendor.emptyState();
      continue;
    }
    const problem = vendor.validateState(raw[vendor.name]);
    if (problem) throw refuse(`"${vendor.name}${problem.path}" ${problem.message}`);
    state[vendor.name] = raw[vendor.name];
  }
  return state as EmulatorState;
}

/** The in-memory state, its id minting, its (optional) JSON file, and all-or-nothing writes. */
export class Store {
  state: EmulatorState;
  readonly #seed: number;
  readonly #file: string | undefined;
  #lastTime = 0;

  constructor(seed: number, state: EmulatorState, file?: string) {
    this.#seed = seed;
    this.state = state;
    this.#file = file;
  }

  /** Reads and checks a state file written by `persist()`; `undefined` when the file does not exist. */
  static load(file: string): EmulatorState | undefined {
    if (!existsSync(file)) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
      throw new Error(`${file} is not an emulator state file (${error instanceof Error ? error.message : String(error)})`);
    }
    return checkStateFile(file, parsed);
  }

  /** One vendor's view: its slice (read anew on each access, so rollbacks show), ids and clock. */
  forVendor<V extends Vendor>(name: V): VendorStore<VendorStates[V]> {
    const store = this;
    return {
      get state() {
        return store.state[name] as VendorStates[V];
      },
      uuid: () => uuidFrom(this.#mint()),
      mint: () => this.#mint(),
      now: () => this.#now(),
    };
  }

  /**
   * Runs a change to one vendor's slice all or nothing: when `change` throws, when `keep(result)`
   * is false, or when the state cannot be saved, the slice and the id counter go back to what they
   * were (so memory and the file agree), and a throw is rethrown. Only the vendor's slice is
   * copied: a route changes nothing else.
   */
  write<T>(vendor: Vendor, change: () => T, keep: (result: T) => boolean = () => true): T {
    const slice = structuredClone(this.state[vendor]);
    const counter = this.state.counter;
    const restore = () => {
      (this.state as Record<Vendor, unknown>)[vendor] = slice;
      this.state.counter = counter;
    };
    try {
      const result = change();
      if (keep(result)) this.persist();
      else restore();
      return result;
    } catch (error) {
      restore();
      throw error;
    }
  }

  /** Replaces the whole state and saves it; on a failed save the old state stays, and the error is thrown. */
  replace(state: EmulatorState): void {
    const before = this.state;
    this.state = state;
    try {
      this.persist();
    } catch (error) {
      this.state = before;
      throw error;
    }
  }

  #mint(): string {
    return `runtime:${this.#seed}:${this.state.counter++}`;
  }

  #now(): string {
    const t = Math.max(Date.now(), this.#lastTime + 1);
    this.#lastTime = t;
    return new Date(t).toISOString();
  }

  /** Writes the whole state atomically: a temp file in the same directory, then a rename over the target. */
  persist(): void {
    const file = this.#file;
    if (!file) return;
    const dir = dirname(file);
    mkdirSync(dir, { recursive: true });
    const tmp = join(dir, `.${basename(file)}.${process.pid}.tmp`);
    try {
      writeFileSync(tmp, `${JSON.stringify(this.state, null, 2)}\n`);
      renameSync(tmp, file);
    } catch (error) {
      rmSync(tmp, { force: true });
      throw error;
    }
  }
}
