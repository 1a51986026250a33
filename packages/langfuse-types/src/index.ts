/**
 * Types for Langfuse's prompt-management API (`/api/public/v2/prompts`), generated from
 * polyprompt's description in `specs/langfuse/openapi.yaml`. Types only: this module has no
 * runtime code.
 *
 * `paths`, `components` and `operations` are the raw generated types (use `paths` with
 * `openapi-fetch`); the `Langfuse*` aliases below name the schemas adapters read and write.
 *
 * @packageDocumentation
 */
import type { components, operations } from "./generated/schema.js";

export type { paths, components, operations } from "./generated/schema.js";

type Schemas = components["schemas"];

/**
 * A prompt version (`GET /api/public/v2/prompts/{promptName}`, and the result of create and
 * label updates): a {@link LangfuseChatPrompt} or a {@link LangfuseTextPrompt}, told apart by `type`.
 */
export type LangfusePrompt = Schemas["Prompt"];

/** A chat prompt version: `type: "chat"`, `prompt` is a list of messages and placeholders. */
export type LangfuseChatPrompt = Schemas["ChatPrompt"];

/** A text prompt version: `type: "text"`, `prompt` is the template string. */
export type LangfuseTextPrompt = Schemas["TextPrompt"];

/** Fields shared by every prompt version (`name`, `version`, `config`, `labels`, `tags`, ...). */
export type LangfuseBasePrompt = Schemas["BasePrompt"];

/** `"chat" | "text"`. */
export type LangfusePromptType = Schemas["PromptType"];

/** One element of a chat prompt: a {@link LangfuseChatMessage} or a {@link LangfusePlaceholderMessage}. */
export type LangfuseChatMessageWithPlaceholders = Schemas["ChatMessageWithPlaceholders"];

/** A chat message `{ role, content }`; its `type` is `"chatmessage"`, `null` or absent. */
export type LangfuseChatMessage = Schemas["ChatMessage"];

/** A placeholder `{ type: "placeholder", name }`, filled at render time with a list of messages. */
export type LangfusePlaceholderMessage = Schemas["PlaceholderMessage"];

/**
 * How the server resolved dependency tags (`@@@langfusePrompt:...@@@`): the root version and,
 * per parent version id, the versions its tags resolved to.
 */
export type LangfuseResolutionGraph = Schemas["PromptResolutionGraph"];

/** One version in a {@link LangfuseResolutionGraph}. */
export type LangfusePromptReference = Schemas["PromptReference"];

/** One prompt name in `GET /api/public/v2/prompts`: its versions, labels, tags and last config. */
export type LangfusePromptMeta = Schemas["PromptMeta"];

/**
 * One page of `GET /api/public/v2/prompts`: `{ data, meta: { page, limit, totalItems, totalPages } }`.
 * Page with `page = 1, 2, ...` until `page >= meta.totalPages`.
 */
export type LangfusePromptMetaListResponse = Schemas["PromptMetaListResponse"];

/** Paging numbers of a {@link LangfusePromptMetaListResponse}. */
export type LangfusePageMeta = Schemas["PageMeta"];

/** Body of `POST /api/public/v2/prompts`: a chat or a text version (`type` may be left out for text). */
export type LangfuseCreatePromptRequest = Schemas["CreatePromptRequest"];

/** The chat branch of {@link LangfuseCreatePromptRequest}. */
export type LangfuseCreateChatPromptRequest = Schemas["CreateChatPromptRequest"];

/** The text branch of {@link LangfuseCreatePromptRequest}. */
export type LangfuseCreateTextPromptRequest = Schemas["CreateTextPromptRequest"];

/** Body of `PATCH /api/public/v2/prompts/{name}/versions/{version}`: `{ newLabels }`. */
export type LangfuseUpdatePromptVersionRequest = Schemas["UpdatePromptVersionRequest"];

/** Query of `GET /api/public/v2/prompts/{promptName}` (`version`, `label`, `resolve`). */
export type LangfuseGetPromptQuery = NonNullable<operations["prompts_get"]["parameters"]["query"]>;

/** Query of `GET /api/public/v2/prompts` (filters and paging). */
export type LangfuseListPromptsQuery = NonNullable<operations["prompts_list"]["parameters"]["query"]>;

/** Query of `DELETE /api/public/v2/prompts/{promptName}` (`label`, `version`; neither deletes every version). */
export type LangfuseDeletePromptQuery = NonNullable<operations["prompts_delete"]["parameters"]["query"]>;

/** A Langfuse error body `{ message, error? }` (401, 403, 404, 405, 409, 500). */
export type LangfuseError = Schemas["Error"];

/** A 400 body: `error` is the list of validation issues, or an error class name. */
export type LangfuseBadRequestError = Schemas["BadRequestError"];

/** One validation issue of a {@link LangfuseBadRequestError}. */
export type LangfuseZodIssue = Schemas["ZodIssue"];

/** A 429 body `{ message, code, details? }`; the response also carries `Retry-After`. */
export type LangfuseRateLimitError = Schemas["RateLimitError"];
