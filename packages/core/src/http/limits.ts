// The bounds on the work one call may cause, whatever a vendor answers. Each can be set on the
// request runtime (for every vendor of a client) or on a vendor (its factory's `maxListRequests` option),
// and the vendor's own setting wins. See docs/limits-http.md.

export { DEFAULT_MAX_RESPONSE_BYTES } from "./body-limit.js";

/** The most requests one `listVersions` may make: a vendor count past it is `invalid_response`. */
export const DEFAULT_MAX_LIST_REQUESTS = 1_000;

/** The most requests one `listVersions` keeps in flight at once. */
export const DEFAULT_LIST_CONCURRENCY = 8;

/** The limits an adapter applies, each optional where it is configured. */
export interface RequestLimits {
  /** Largest response body read, in bytes after decompression. Default 10 MB. */
  maxResponseBytes?: number;
  /** Most requests per `listVersions`. Default 1 000. */
  maxListRequests?: number;
  /** Most `listVersions` requests in flight at once. Default 8. */
  listConcurrency?: number;
}
