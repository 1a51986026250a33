import type { TelaHistoryItem, TelaHistoryPage, TelaPaginationMeta, TelaPromptVersion } from "@polyprompt/tela-types";
import { array, boolean, count, literal, nullable, number, object, record, string, union, type Shape } from "../../http/shape.js";

// Only the fields polyprompt reads are checked; the rest of each payload passes through to `raw`.
// Each shape is typed with the generated spec type, so a spec change that breaks it fails
// `typecheck`.

const message = /* @__PURE__ */ object(
  { role: /* @__PURE__ */ literal("user", "assistant", "system", "function") },
  { content: /* @__PURE__ */ nullable(string), markdownContent: /* @__PURE__ */ nullable(string), index: number },
);

const variable = /* @__PURE__ */ object(
  { name: string, type: /* @__PURE__ */ literal("file", "text"), required: boolean },
  { description: string },
);

const configuration = /* @__PURE__ */ object(
  { model: string, type: /* @__PURE__ */ literal("chat", "completion") },
  { temperature: number, structuredOutput: /* @__PURE__ */ object({}, { enabled: boolean, schema: record }) },
);

/** A version as `/prompt-version/{id}`, promoted-version and latest-version send it. */
export type TelaVersionPayload = Omit<TelaPromptVersion, "message"> & { message?: TelaPromptVersion["message"] | null };

export const promptVersionShape: Shape<TelaVersionPayload> = /* @__PURE__ */ object(
  { id: string, promptId: string, title: string, configuration, variables: /* @__PURE__ */ array(variable) },
  {
    content: /* @__PURE__ */ nullable(string),
    markdownContent: /* @__PURE__ */ nullable(string),
    promoted: /* @__PURE__ */ nullable(boolean),
    draft: /* @__PURE__ */ nullable(boolean),
    // Unverified (specs/tela/SOURCE.md §11): an absent object may come as `null`
    // (fixture message-null.json).
    message: /* @__PURE__ */ nullable(message),
    // Quirk: the deprecated `messages` is one object OR an array (the spec's oneOf).
    messages: /* @__PURE__ */ union(/* @__PURE__ */ array(message), message),
    environments: /* @__PURE__ */ array(string),
    versionIndex: number,
    previousVersionId: /* @__PURE__ */ nullable(string),
    createdAt: string,
    updatedAt: string,
  },
);

const historyItem: Shape<TelaHistoryItem> = /* @__PURE__ */ object(
  { id: string, promptId: string, versionIndex: number },
  {
    title: string,
    draft: /* @__PURE__ */ nullable(boolean),
    promoted: /* @__PURE__ */ nullable(boolean),
    environments: /* @__PURE__ */ array(string),
    createdAt: string,
    updatedAt: string,
  },
);

/** The paging fields, each optional: they are read only when present. */
const pagingFields = { total: count, limit: count, offset: count };

/**
 * One page of `GET /prompt-version/history`, in any plausible envelope. The envelope is
 * undocumented (specs/tela/SOURCE.md §2), so every shape seen or likely is read:
 * - `{ data, meta: { total, limit, offset } }`, the spec's guess (fixture history-meta.json);
 * - `{ data, total, limit, offset }`, paging fields at the top (fixture history-flat.json);
 * - `{ data }` with no paging fields at all (fixture history-data-only.json);
 * - a bare array of items (fixture history-bare-array.json).
 */
export type TolerantHistoryPage =
  | TelaHistoryPage["data"]
  | ({ data: TelaHistoryPage["data"]; meta?: Partial<TelaPaginationMeta> } & Partial<TelaPaginationMeta>);

// In a function marked pure: a spread at the top level would keep it in every bundle.
export const historyPageShape: Shape<TolerantHistoryPage> = /* @__PURE__ */ (() =>
  union(array(historyItem), object({ data: array(historyItem) }, { meta: object({}, pagingFields), ...pagingFields })))();

/** What paging needs from a page, whichever envelope it came in. */
export function readHistoryPage(page: TolerantHistoryPage): { items: TelaHistoryItem[]; total?: number; limit?: number } {
  if (Array.isArray(page)) return { items: page };
  const total = page.meta?.total ?? page.total;
  const limit = page.meta?.limit ?? page.limit;
  return { items: page.data, ...(total !== undefined ? { total } : {}), ...(limit !== undefined ? { limit } : {}) };
}

/** `GET /prompt`: the canvases of the key's project (only id and title are read). */
export const canvasListShape = /* @__PURE__ */ array(/* @__PURE__ */ object({ id: string }, { title: string }));
