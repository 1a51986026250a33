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
const placeholder = /* @__PURE__ */ object({ type: /* @__PURE__ */ literal("placeholder"), name: string });
// Quirk: a chat message's `type` may be "chatmessage", null or absent.
const chatMessage = /* @__PURE__ */ object(
  { role: string, content: string },
  { type: /* @__PURE__ */ nullable(/* @__PURE__ */ literal("chatmessage")) },
);

export const chatMessageShape: Shape<LangfuseChatMessageWithPlaceholders> = /* @__PURE__ */ union(placeholder, chatMessage);

/** What every prompt version carries. `version` plans no work, but it becomes an id: a count. */
const base = {
  name: string,
  version: count,
  // Quirk: `config` is free-form JSON; `unknown` accepts it absent too.
  config: unknown,
  labels: /* @__PURE__ */ array(string),
  tags: /* @__PURE__ */ array(string),
};
const baseOptional = { commitMessage: /* @__PURE__ */ nullable(string) };

/** One version, as `GET /api/public/v2/prompts/{promptName}` sends it (chat or text). */
// In a function marked pure: a spread at the top level would keep it in every bundle.
export const promptShape: Shape<LangfusePrompt> = /* @__PURE__ */ (() =>
  union(
    object({ type: literal("chat"), prompt: array(chatMessageShape), ...base }, baseOptional),
    object({ type: literal("text"), prompt: string, ...base }, baseOptional),
  ))();

/** The listing's fields polyprompt reads: the name and its version numbers (counts, they plan requests). */
export type PromptMetaRead = Pick<LangfusePromptMeta, "name" | "versions">;

/** The page numbers that plan the paging, validated as counts. */
export type PromptMetaPage = { data: PromptMetaRead[]; meta: Pick<LangfusePromptMetaListResponse["meta"], "page" | "totalPages"> };

/** One page of `GET /api/public/v2/prompts`. */
export const promptMetaPageShape: Shape<PromptMetaPage> = /* @__PURE__ */ object({
  data: /* @__PURE__ */ array(/* @__PURE__ */ object({ name: string, versions: /* @__PURE__ */ array(count) })),
  meta: /* @__PURE__ */ object({ page: count, totalPages: count }),
});
