import type { PromptContent, PromptVendor, PromptWriter, WriteOptions } from "../contract/vendor.js";
import { PromptError } from "../errors/prompt-error.js";
import { contentHash } from "./content-hash.js";
import { checkWrite } from "./unsupported.js";

/** What to publish: a prompt's version and the environments that should point at it. */
export interface PublishVersionInput {
  /** The prompt's id (a name on registries keyed by name; on others an id, or a name to find or create). */
  promptId: string;
  content: PromptContent;
  /** Environments (labels) moved to the version once it exists. */
  environments?: string[];
}

/** What `publishVersion` did. */
export interface PublishVersionResult {
  promptId: string;
  versionId: string;
  /** False when a version with the same content hash was already there: nothing was written. */
  created: boolean;
  /** The environments that were moved (the ones already on the version are left alone). */
  environmentsSet: string[];
}

/**
 * Writes one version idempotently: checks first, then writes only what is missing.
 *
 * 1. Refuses (`unsupported`, before any request) what the vendor cannot write or hold.
 * 2. Hashes the content (`contentHash`) and reads the prompt's versions with the hashes
 *    recorded in their free text.
 * 3. Creates the prompt, or a version, only when no version carries this hash; then moves each
 *    environment not already on it.
 *
 * No request is retried: re-run the call instead. A run stopped half-way and re-run writes each
 * version exactly once; a second run writes nothing. Two versions with the same content count as
 * one (the hash is the identity).
 *
 * @example
 * import { acme } from "@polyprompt/core/acme/write"; // the adapter with its writer
 * const vendor = acme({ apiKey });
 * await publishVersion(vendor, { promptId: "support/chat", content: { messages: [{ role: "system", content: "Hi {{name}}" }] }, environments: ["production"] });
 */
export async function publishVersion(
  vendor: PromptVendor,
  input: PublishVersionInput,
  options: WriteOptions = {},
): Promise<PublishVersionResult> {
  const writer = writerOf(vendor, "createVersion");
  const environments = [...new Set(input.environments ?? [])];
  checkWrite(vendor.name, writer, "createVersion", input.content);
  if (environments.length > 0) checkWrite(vendor.name, writer, "setEnvironment");
  const hash = await contentHash(input.content);

  const recorded = await writer.recordedVersions(input.promptId, options);
  let promptId: string;
  let versionId: string;
  let have: string[] = [];
  let created = false;
  if (!recorded) {
    checkWrite(vendor.name, writer, "createPrompt", input.content);
    ({ promptId, versionId } = await writer.createPrompt(input.promptId, { ...input.content, contentHash: hash }, options));
    created = true;
    // A created prompt may come with environments of its own (a registry may make its first version production).
    const after = await writer.recordedVersions(promptId, options);
    have = after?.versions.find((v) => v.versionId === versionId)?.environments ?? [];
  } else {
    promptId = recorded.promptId;
    const existing = recorded.versions.find((v) => v.contentHash === hash);
    if (existing) {
      versionId = existing.versionId;
      have = existing.environments;
    } else {
      ({ versionId } = await writer.createVersion(promptId, { ...input.content, contentHash: hash }, options));
      created = true;
    }
  }
  const environmentsSet: string[] = [];
  for (const environment of environments) {
    if (have.includes(environment)) continue;
    await writer.setEnvironment(promptId, versionId, environment, options);
    environmentsSet.push(environment);
  }
  return { promptId, versionId, created, environmentsSet };
}

/** The vendor's writer, or `unsupported` when it is read-only. */
export function writerOf(vendor: PromptVendor, operation: string): PromptWriter {
  if (vendor.writes) return vendor.writes;
  throw new PromptError({
    code: "unsupported",
    vendor: vendor.name,
    operation,
    message: `${vendor.name} is read-only here: it has no write capability (a built-in vendor writes when its factory comes from "@polyprompt/core/<vendor>/write").`,
  });
}
