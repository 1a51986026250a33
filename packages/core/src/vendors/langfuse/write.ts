/**
 * `@polyprompt/core/langfuse/write`: the Langfuse adapter that also writes. It reads exactly as the
 * `langfuse` of `@polyprompt/core/langfuse` (same options, same operations) and adds `writes`, the
 * capability `publishVersion`, `migratePrompt` and `@polyprompt/files` write through. Kept in
 * its own entry point so an app that only reads and renders bundles no writer.
 */
import type { paths } from "@polyprompt/langfuse-types";
import type { PromptVendor } from "../../contract/vendor.js";
import { defineVendor } from "../../vendor-kit/define-vendor.js";
import { LANGFUSE_VENDOR, langfuseReads, type LangfuseOptions } from "./adapter.js";
import { createLangfuseWriter } from "./writer.js";

export type { LangfuseOptions } from "./adapter.js";

/**
 * The Langfuse adapter with its write capability (`vendor.writes`).
 *
 * @example
 * import { langfuse } from "@polyprompt/core/langfuse/write";
 * await publishVersion(langfuse(), { promptId: "support-chat", content, environments: ["staging"] });
 */
export function langfuse(options?: LangfuseOptions): PromptVendor {
  return defineVendor<paths, LangfuseOptions>(LANGFUSE_VENDOR, options, (kit) => {
    const reads = langfuseReads(kit);
    return { ...reads, writes: createLangfuseWriter(kit, LANGFUSE_VENDOR.errors, reads.listVersions) };
  });
}
