import type {
  PromptParams,
  PromptTool,
  PromptVariable,
  PromptVersion,
  PromptVersionInfo,
  ResponseFormat,
  ToolChoice,
  VersionMessage,
} from "../model/types.js";
import type { ParsedRef } from "../refs/types.js";
import type { RequestRuntime } from "../http/request.js";
import type { TemplateEngine } from "./template-engine.js";

/** What an adapter returns: the client stamps `source` and `fetchedAt`. */
export type VendorPromptVersion = Omit<PromptVersion, "source" | "fetchedAt">;
export type VendorPromptVersionInfo = Omit<PromptVersionInfo, "source" | "fetchedAt">;

/**
 * The one interface every prompt registry implements. Each built-in vendor factory returns one;
 * a custom registry is a plain object of this shape.
 *
 * Adapters do HTTP through `createVendorHttp` (retries, timeouts, redaction) and validate every
 * payload before use. They never cache: the client does.
 *
 * @example
 * const myRegistry: PromptVendor = {
 *   name: "acme",
 *   templateEngine: myEngine,
 *   async getVersion(ref, runtime) { ... },
 *   async listVersions(promptId, runtime) { ... },
 * };
 * createPromptClient({ vendors: [myRegistry] });
 */
export interface PromptVendor {
  /** The name used in references: `"acme"` in `"acme:abc123"`. */
  readonly name: string;
  /** The template dialect this vendor's versions are written in. */
  readonly templateEngine: TemplateEngine;
  /** Rejects, with `invalid_ref`, references this vendor cannot express (e.g. `@2.1` where versions are plain numbers). */
  checkRef?(ref: ParsedRef): void;
  /** Fetches one version with its body. Must throw `not_found` when it does not exist. */
  getVersion(ref: ParsedRef, runtime: RequestRuntime): Promise<VendorPromptVersion>;
  /** Every version of a prompt, newest first. */
  listVersions(promptId: string, runtime: RequestRuntime): Promise<VendorPromptVersionInfo[]>;
  /** Optional: every prompt the key can see (for migrating them all). Bounded by `maxListRequests`. */
  listPrompts?(runtime: RequestRuntime): Promise<PromptSummary[]>;
  /**
   * Optional: writing prompts (see `publishVersion`). A vendor without it is read-only. A
   * built-in vendor has it when its factory comes from `@polyprompt/core/<vendor>/write`.
   */
  readonly writes?: PromptWriter;
}

/** One prompt of a vendor's listing. */
export interface PromptSummary {
  /** What references name it by: `"acme:<promptId>"`. */
  promptId: string;
  /** Its display name where the vendor has one besides the id. */
  name?: string;
}

/**
 * The content of one version to write, in the normalized model. Templates are written in the
 * target vendor's own dialect, as given: nothing is translated here.
 */
export interface PromptContent {
  /** `"completion"`: one text (a text prompt), given as a single `user` message. Absent means chat. */
  type?: "chat" | "completion";
  messages: VersionMessage[];
  tools?: PromptTool[];
  toolChoice?: ToolChoice;
  params?: PromptParams;
  model?: string;
  responseFormat?: ResponseFormat;
  variables?: PromptVariable[];
  /** Free text kept with the version where the vendor has a slot for it. */
  commitMessage?: string;
  /**
   * Where the content was copied from (a migration sets `vendor:prompt#versionId`). Part of the
   * content hash, so two equal versions of one history stay two versions in the target.
   */
  origin?: string;
}

/** What a writer is given: the content, and its hash to record in the vendor's free text. */
export interface PromptWriteInput extends PromptContent {
  /** From `contentHash(content)`; recorded so a re-run can find the version (see `publishVersion`). */
  contentHash?: string;
}

/** A version a write created. */
export interface WrittenVersion {
  promptId: string;
  versionId: string;
}

/** A version as the idempotency check sees it. */
export interface RecordedVersion {
  versionId: string;
  /** The content hash recorded when polyprompt wrote it; absent for versions written by others. */
  contentHash?: string;
  environments: string[];
}

/** Per-call options of a write: the transport and time limits (writes are never retried). */
export interface WriteOptions {
  fetch?: RequestRuntime["fetch"];
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** The write operations, as `publishVersion` and callers name them in errors. */
export type WriteOperation = "createPrompt" | "createVersion" | "setEnvironment";

/**
 * A vendor's write capability. Every method refuses, with `unsupported` and before any request,
 * what the vendor cannot do or hold; no write is ever retried (a 5xx is reported, not repeated).
 *
 * @example
 * import { acme } from "@polyprompt/core/acme/write"; // the reading entry point's acme() has no writes
 * const vendor = acme();
 * const { promptId, versionId } = await vendor.writes!.createVersion("support/chat", { messages: [{ role: "system", content: "Hi {{name}}" }] });
 * await vendor.writes!.setEnvironment(promptId, versionId, "staging");
 */
export interface PromptWriter {
  /**
   * True when a prompt keeps the type (chat or completion) of its first version and refuses a
   * version of the other type. A migration then writes a history that mixes both as chats.
   */
  readonly typeFixedByFirstVersion?: boolean;
  /** Every problem that stops `operation` with this content: empty when it can be written. No request. */
  check(operation: WriteOperation, content?: PromptContent): string[];
  /** Creates a prompt named `name` with one first version. */
  createPrompt(name: string, input: PromptWriteInput, options?: WriteOptions): Promise<WrittenVersion>;
  /** Adds a version to an existing prompt. */
  createVersion(promptId: string, input: PromptWriteInput, options?: WriteOptions): Promise<WrittenVersion>;
  /** Moves `environment` (a label, on registries that call it that) to `versionId`. */
  setEnvironment(promptId: string, versionId: string, environment: string, options?: WriteOptions): Promise<void>;
  /** The prompt's versions with their recorded hashes (reads only), or `undefined` when there is no such prompt. */
  recordedVersions(promptId: string, options?: WriteOptions): Promise<{ promptId: string; versions: RecordedVersion[] } | undefined>;
}
