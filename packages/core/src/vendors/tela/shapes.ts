import type { TelaHistoryPage, TelaPromptVersion } from "@polyprompt/tela-types";
import { array, boolean, literal, nullable, number, object, record, string, union, type Shape } from "../../http/shape.js";

// Only the fields polyprompt reads are checked; the rest of each payload passes through to `raw`.

const message = object(
  { role: literal("user", "assistant", "system", "function") },
  { content: nullable(string), markdownContent: nullable(string), index: number },
);

const variable = object({ name: string, type: literal("file", "text"), required: boolean }, { description: string });

const configuration = object(
  { model: string, type: literal("chat", "completion") },
  { temperature: number, structuredOutput: object({}, { enabled: boolean, schema: record }) },
);

export const promptVersionShape: Shape<TelaPromptVersion> = object(
  { id: string, promptId: string, title: string, configuration, variables: array(variable) },
  {
    content: nullable(string),
    markdownContent: nullable(string),
    promoted: nullable(boolean),
    draft: nullable(boolean),
    message,
    // Quirk: the deprecated `messages` is one object OR an array (the spec's oneOf).
    messages: union(array(message), message),
    environments: array(string),
    versionIndex: number,
    previousVersionId: nullable(string),
    createdAt: string,
    updatedAt: string,
  },
);

export const historyPageShape: Shape<TelaHistoryPage> = object({
  data: array(
    object(
      { id: string, promptId: string, versionIndex: number },
      { title: string, draft: nullable(boolean), promoted: nullable(boolean), environments: array(string), createdAt: string, updatedAt: string },
    ),
  ),
  meta: object({ total: number, limit: number, offset: number }),
});
