import type {
  LangfuseChatMessageWithPlaceholders,
  LangfusePrompt,
  LangfusePromptMeta,
  LangfusePromptMetaListResponse,
} from "@polyprompt/langfuse-types";
import { array, count, literal, nullable, object, string, union, unknown, type Shape } from "../../http/shape.js";

// Only the fields polyprompt reads are checked; every other field (`isActive`, `createdAt`,
// `projectId`, …) passes through to `raw`. Each shape is typed with the generated spec type, so
// a spec change that breaks it fails `typecheck`.

/** A placeholder first: a chat message may omit `type`, a placeholder may not in practice. */
const placeholder = object({ type: literal("placeholder"), name: string });
// Quirk: a chat message's `type` may be "chatmessage", null or absent.
const chatMessage = object({ role: string, content: string }, { type: nullable(literal("chatmessage")) });

export const chatMessageShape: Shape<LangfuseChatMessageWithPlaceholders> = union(placeholder, chatMessage);

/** What every prompt version carries. `version` plans no work, but it becomes an id: a count. */
const base = {
  name: string,
  version: count,
  // Quirk: `config` is free-form JSON; `unknown` accepts it absent too.
  config: unknown,
  labels: array(string),
  tags: array(string),
};
const baseOptional = { commitMessage: nullable(string) };

/** One version, as `GET /api/public/v2/prompts/{promptName}` sends it (chat or text). */
export const promptShape: Shape<LangfusePrompt> = union(
  object({ type: literal("chat"), prompt: array(chatMessageShape), ...base }, baseOptional),
  object({ type: literal("text"), prompt: string, ...base }, baseOptional),
);

/** The listing's fields polyprompt reads: the name and its version numbers (counts, they plan requests). */
export type PromptMetaRead = Pick<LangfusePromptMeta, "name" | "versions">;

/** The page numbers that plan the paging, validated as counts. */
export type PromptMetaPage = { data: PromptMetaRead[]; meta: Pick<LangfusePromptMetaListResponse["meta"], "page" | "totalPages"> };

/** One page of `GET /api/public/v2/prompts`. */
export const promptMetaPageShape: Shape<PromptMetaPage> = object({
  data: array(object({ name: string, versions: array(count) })),
  meta: object({ page: count, totalPages: count }),
});
