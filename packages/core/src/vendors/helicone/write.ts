/**
 * `@polyprompt/core/helicone/write`: the Helicone adapter that also writes. It reads exactly as the
 * `helicone` of `@polyprompt/core/helicone` (same options, same operations) and adds `writes`, the
 * capability `publishVersion`, `migratePrompt` and `@polyprompt/files` write through. Kept in
 * its own entry point so an app that only reads and renders bundles no writer.
 */
import type { paths } from "@polyprompt/helicone-types";
import type { PromptVendor } from "../../contract/vendor.js";
import { defineVendor } from "../../vendor-kit/define-vendor.js";
import { HELICONE_VENDOR, heliconeReads, type HeliconeOptions } from "./adapter.js";
import { createHeliconeWriter } from "./writer.js";

export type { HeliconeOptions } from "./adapter.js";

/**
 * The Helicone adapter with its write capability (`vendor.writes`).
 *
 * @example
 * import { helicone } from "@polyprompt/core/helicone/write";
 * await publishVersion(helicone(), { promptId: "support-chat", content, environments: ["staging"] });
 */
export function helicone(options?: HeliconeOptions): PromptVendor {
  return defineVendor<paths>(HELICONE_VENDOR, options, (kit) => {
    const reads = heliconeReads(kit);
    return { ...reads, writes: createHeliconeWriter(kit, HELICONE_VENDOR.errors, reads.listVersions) };
  });
}
