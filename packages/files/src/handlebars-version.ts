import type { PromptVersion } from "@polyprompt/core";
import { DOTPROMPT_SYNTAX } from "./handlebars-dialect.js";

/**
 * A version read from a file, in dotprompt's Handlebars: what the file says, and empty ids and
 * dates (the lockfile has them), ready for `handlebarsDialect.read`.
 */
export function handlebarsVersion(
  fields: Pick<PromptVersion, "vendor" | "promptId" | "environments" | "messages"> & Partial<PromptVersion>,
): PromptVersion {
  return {
    versionId: "",
    version: "",
    draft: false,
    createdAt: "",
    raw: [],
    source: "bootstrap",
    fetchedAt: "",
    template: DOTPROMPT_SYNTAX,
    params: {},
    tools: [],
    variables: [],
    ...fields,
  };
}
