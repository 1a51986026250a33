import { wildcardMatch } from "./faults.js";
import type { Vendor } from "./vendor-table.js";

export interface RequestRecord {
  vendor: Vendor;
  method: string;
  /** Vendor-relative path, no query string. */
  path: string;
  /** The route template the request matched (`/prompt/{id}`), or `null` for an unknown route. */
  route: string | null;
  /** Id of the fault applied to it, if any. */
  fault: string | null;
}

export interface RequestFilter {
  vendor?: Vendor;
  method?: string;
  /** Vendor-relative path; `*` is a wildcard. */
  path?: string;
}

export interface RequestLog {
  /** Number of vendor requests seen (faulted ones included), optionally filtered. */
  total(filter?: RequestFilter): number;
  /** Counts keyed by `"<vendor> <METHOD> <route template>"` (an unknown route is keyed by its path). */
  byRoute(): Record<string, number>;
  /** The most recent requests (at most 1,000), oldest first. */
  recent(): RequestRecord[];
  reset(): void;
}

const RECENT = 1000;

interface Bucket {
  vendor: Vendor;
  method: string;
  path: string;
  route: string | null;
  count: number;
}

/** Counts are kept per distinct (vendor, method, path), so memory stays bounded under benchmarks. */
export class Requests implements RequestLog {
  #buckets = new Map<string, Bucket>();
  #recent: RequestRecord[] = [];

  record(entry: RequestRecord): void {
    const key = `${entry.vendor} ${entry.method} ${entry.path}`;
    const bucket = this.#buckets.get(key);
    if (bucket) bucket.count++;
    else this.#buckets.set(key, { vendor: entry.vendor, method: entry.method, path: entry.path, route: entry.route, count: 1 });
    this.#recent.push(entry);
    if (this.#recent.length > RECENT * 2) this.#recent = this.#recent.slice(-RECENT);
  }

  total(filter: RequestFilter = {}): number {
    let n = 0;
    for (const b of this.#buckets.values()) {
      if (filter.vendor && filter.vendor !== b.vendor) continue;
      if (filter.method && filter.method.toUpperCase() !== b.method) continue;
      if (filter.path && !wildcardMatch(filter.path, b.path)) continue;
      n += b.count;
    }
    return n;
  }

  byRoute(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const b of this.#buckets.values()) {
      const key = `${b.vendor} ${b.method} ${b.route ?? b.path}`;
      counts[key] = (counts[key] ?? 0) + b.count;
    }
    return counts;
  }

  recent(): RequestRecord[] {
    return this.#recent.slice(-RECENT).map((r) => ({ ...r }));
  }

  reset(): void {
    this.#buckets.clear();
    this.#recent = [];
  }
}
