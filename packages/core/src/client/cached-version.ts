import type { VendorPromptVersion } from "../contract/vendor.js";
import type { PromptSource } from "../model/types.js";

/** A version as the cache holds it: everything but its provenance. */
export type CachedVersion = VendorPromptVersion & { fetchedAt: string };

/** A cached or fetched version and where it came from; `get` adds the provenance to a copy. */
export interface Found {
  value: CachedVersion;
  source: PromptSource;
}
