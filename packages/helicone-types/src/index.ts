/**
 * TypeScript types for Helicone's "Prompts 2025" REST API, generated from polyprompt's
 * OpenAPI description (`specs/helicone/openapi.yaml`). Types only: this module has no runtime code.
 *
 * @packageDocumentation
 */
import type { components } from "./generated/schema.js";

export type { components, operations, paths } from "./generated/schema.js";

type Schemas = components["schemas"];

/** A prompt: id (6 characters), name, tags and creation time. */
export type HeliconePrompt = Schemas["Prompt2025"];

/**
 * One `major.minor` version of a prompt, as returned by the v1 queries: metadata plus a presigned
 * `s3_url`. Read `environments`, and fall back to the deprecated singular `environment` that
 * older server builds send.
 */
export type HeliconePromptVersion = Schemas["Prompt2025Version"];

/** A prompt version whose `prompt_body` is present, as returned by the v2 queries. */
export type HeliconePromptVersionWithBody = Schemas["Prompt2025VersionWithBody"];

/** A stored prompt body: an OpenAI Chat Completions request (open object). */
export type HeliconePromptBody = Schemas["Prompt2025VersionPromptBody"];

/** The prompt body accepted when creating or updating a prompt (no unknown top-level fields). */
export type HeliconeChatRequest = Schemas["OpenAIChatRequest"];

/** One chat message of a prompt body. `content` is a string, an array of parts, or null. */
export type HeliconeChatMessage = Schemas["ChatMessage"];

/** One part of multi-part message content (`text`, `image_url`, ...). */
export type HeliconeChatContentPart = Schemas["ChatContentPart"];

/** A function tool declared in a prompt body. */
export type HeliconeTool = Schemas["ChatTool"];

/** A tool call made by an assistant message. */
export type HeliconeToolCall = Schemas["ChatToolCall"];

/** `tool_choice` of a prompt body. */
export type HeliconeToolChoice = Schemas["ChatToolChoice"];

/** `response_format` of a prompt body. */
export type HeliconeResponseFormat = Schemas["ChatResponseFormat"];

/** Variable values recorded for one gateway request made with a prompt version. */
export type HeliconePromptInput = Schemas["Prompt2025Input"];

/** Result of creating a prompt: the prompt id and the id of its first version. */
export type HeliconePromptCreateResponse = Schemas["PromptCreateResponse"];

/** Result of creating a version: the new version's id. */
export type HeliconePromptUpdateResponse = Schemas["PromptUpdateResponse"];

/** Version counts of a prompt (`majorVersions` is the highest major number, not a count). */
export type HeliconePromptVersionCounts = Schemas["PromptVersionCounts"];

/** The failure envelope: `{ data: null, error: string }` (sent with 500, or 404 on three routes). */
export type HeliconeErrorEnvelope = Schemas["ErrorEnvelope"];

/** The body of a 401 from the authentication middleware: `{ error }`, without `data`. */
export type HeliconeAuthError = Schemas["AuthError"];

/** A success envelope: `{ data: T, error: null }`. */
export interface HeliconeSuccessEnvelope<T> {
  data: T;
  error: null;
}

/**
 * What every operation answers: success or failure. Narrow on `error`, not on the HTTP status
 * (`GET /v1/prompt-2025/count` reports zero prompts as a 500 with `error: null`).
 */
export type HeliconeEnvelope<T> = HeliconeSuccessEnvelope<T> | HeliconeErrorEnvelope;
