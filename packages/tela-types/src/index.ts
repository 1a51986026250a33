/**
 * Types for Tela's prompt ("canvas") and prompt-version API, generated from polyprompt's
 * description in `specs/tela/openapi.yaml`. Types only: this module has no runtime code.
 *
 * `paths`, `components` and `operations` are the raw generated types (use `paths` with
 * `openapi-fetch`); the `Tela*` aliases below name the schemas adapters read and write.
 *
 * @packageDocumentation
 */
import type { components, operations } from "./generated/schema.js";

export type { paths, components, operations } from "./generated/schema.js";

type Schemas = components["schemas"];

/** A prompt, which Tela calls a canvas (`GET /prompt`, `GET /prompt/{id}`). Only `id` is always present. */
export type TelaCanvas = Schemas["Canvas"];

/**
 * A prompt version (`GET /prompt-version/{id}`). The text may be in `content`/`markdownContent`,
 * the singular `message`, or the deprecated `messages` (one object or an array); any may be absent.
 */
export type TelaPromptVersion = Schemas["PromptVersion"];

/**
 * A version returned by `GET /prompt/{id}/promoted-version` or `.../latest-version`: a
 * {@link TelaPromptVersion} whose `environments`, `versionIndex` and `previousVersionId` are present.
 */
export type TelaResolvedPromptVersion = Schemas["ResolvedPromptVersion"];

/** One message of a version (`message`, or an element of `messages`). */
export type TelaMessage = Schemas["PromptVersionMessage"];

/**
 * The deprecated `messages` field: a single {@link TelaMessage} or an array of them.
 * @deprecated Tela now sends the singular `message`; read both while old payloads exist.
 */
export type TelaMessages = Schemas["PromptVersionMessages"];

/** The system message sent as `message` when creating or updating a version. */
export type TelaSystemMessageInput = Schemas["SystemMessageInput"];

/** A template variable of a version: `text` or `file`. */
export type TelaVariable = Schemas["PromptVariable"];

/** Model settings of a version. Open: extra keys such as `maxTokens` are allowed. */
export type TelaConfiguration = Schemas["PromptConfiguration"];

/** Structured-output settings inside {@link TelaConfiguration}. */
export type TelaStructuredOutput = Schemas["StructuredOutput"];

/** A lightweight version entry of `GET /prompt-version/history` (no content or configuration). */
export type TelaHistoryItem = Schemas["PromptVersionHistoryItem"];

/**
 * One page of `GET /prompt-version/history`: `{ data, meta: { total, limit, offset } }`.
 * The envelope is an assumption (see `specs/tela/SOURCE.md`); page with `offset += limit`
 * until `meta.total` items were read or a page is shorter than `limit`.
 */
export type TelaHistoryPage = Schemas["PromptVersionHistoryPage"];

/** Paging numbers of a {@link TelaHistoryPage}. */
export type TelaPaginationMeta = Schemas["PaginationMeta"];

/** Query of `GET /prompt-version/history`. */
export type TelaHistoryQuery = operations["getPromptVersionHistory"]["parameters"]["query"];

/** Query of `GET /prompt`. */
export type TelaListCanvasesQuery = NonNullable<operations["listCanvases"]["parameters"]["query"]>;

/** Body of `POST /prompt-version`. */
export type TelaCreatePromptVersionRequest = Schemas["CreatePromptVersionRequest"];

/** Body of `PATCH /prompt-version/{id}`; every field is optional. */
export type TelaUpdatePromptVersionRequest = Schemas["UpdatePromptVersionRequest"];

/** Body of `POST /environment/publish-by-name` (promotion when `envName` is `production`). */
export type TelaPublishByNameRequest = Schemas["PublishByNameRequest"];

/** Result of `POST /environment/publish-by-name`. The shape is an assumption (see `specs/tela/SOURCE.md`). */
export type TelaEnvironmentPublication = Schemas["EnvironmentPublication"];

/** Error body of 4xx/5xx responses. Only `message` is required; the fields are partly assumed. */
export type TelaError = Schemas["Error"];
