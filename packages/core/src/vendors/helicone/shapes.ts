import type { HeliconePromptVersion, HeliconePromptVersionCounts } from "@polyprompt/helicone-types";
import { array, count, nullable, number, object, record, string, type Shape } from "../../http/shape.js";

// Only the fields polyprompt reads are checked; the rest of each payload passes through to `raw`.
// The prompt body is checked field by field by `normalizeHeliconeBody`.

export const promptVersionShape: Shape<HeliconePromptVersion> = /* @__PURE__ */ object(
  {
    id: string,
    prompt_id: string,
    model: string,
    major_version: number,
    minor_version: number,
    commit_message: string,
    created_at: string,
  },
  { environments: /* @__PURE__ */ array(string), environment: /* @__PURE__ */ nullable(string), s3_url: string, prompt_body: record },
);

/** Success envelope `{ data, error: null }` around `data`. */
/* @__NO_SIDE_EFFECTS__ */ export function envelope<T>(data: Shape<T>): Shape<{ data: T }> {
  return object({ data });
}

// Counts plan requests (listVersions), so they must be whole numbers >= 0, never just numbers.
export const versionCountsShape: Shape<HeliconePromptVersionCounts> = /* @__PURE__ */ object({
  totalVersions: count,
  majorVersions: count,
});

/** A page of `POST /v1/prompt-2025/query`: prompt rows (only id and name are read). */
export const promptRowsShape = /* @__PURE__ */ envelope(/* @__PURE__ */ array(/* @__PURE__ */ object({ id: string, name: string })));
