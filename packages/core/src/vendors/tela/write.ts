/**
 * `@polyprompt/core/tela/write`: the Tela adapter that also writes. It reads exactly as the
 * `tela` of `@polyprompt/core/tela` (same options, same operations) and adds `writes`, the
 * capability `publishVersion`, `migratePrompt` and `@polyprompt/files` write through. Kept in
 * its own entry point so an app that only reads and renders bundles no writer.
 */
import type { paths } from "@polyprompt/tela-types";
import type { PromptVendor } from "../../contract/vendor.js";
import { defineVendor } from "../../vendor-kit/define-vendor.js";
import { TELA_VENDOR, telaReads, type TelaOptions } from "./adapter.js";
import { createTelaWriter } from "./writer.js";

export type { TelaOptions } from "./adapter.js";

/**
 * The Tela adapter with its write capability (`vendor.writes`).
 *
 * @example
 * import { tela } from "@polyprompt/core/tela/write";
 * await publishVersion(tela(), { promptId: "support-chat", content, environments: ["staging"] });
 */
export function tela(options?: TelaOptions): PromptVendor {
  return defineVendor<paths>(TELA_VENDOR, options, (kit) => {
    const reads = telaReads(kit);
    return { ...reads, writes: createTelaWriter(kit, TELA_VENDOR.errors, reads.listVersions) };
  });
}
