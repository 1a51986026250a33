import { createRenderer } from "../../render/render-prompt.js";
import { langfuseTemplate } from "./template.js";

export { langfuse } from "./adapter.js";
export type { LangfuseOptions } from "./adapter.js";
export { langfuseTemplate, langfuseVariables } from "./template.js";
export { langfuseDialect } from "./template-translate.js";
export { normalizeLangfuseConfig } from "./normalize.js";

/**
 * Renders a langfuse version with no client and no earlier call: this entry point knows its engine.
 *
 * @example
 * import { renderPrompt } from "@polyprompt/core/langfuse";
 * const rendered = renderPrompt(version, { question: "Where is my order?", history: [] });
 */
export const renderPrompt = /* @__PURE__ */ createRenderer(langfuseTemplate);
