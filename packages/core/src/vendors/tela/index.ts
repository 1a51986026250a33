import { createRenderer } from "../../render/render-prompt.js";
import { telaTemplate } from "./template.js";

export { tela } from "./adapter.js";
export type { TelaOptions } from "./adapter.js";
export { telaTemplate } from "./template.js";
export { telaDialect } from "./template-translate.js";

/**
 * Renders a tela version with no client and no earlier call: this entry point knows its engine.
 *
 * @example
 * import { renderPrompt } from "@polyprompt/core/tela";
 * const rendered = renderPrompt(version, variables);
 */
export const renderPrompt = /* @__PURE__ */ createRenderer(telaTemplate);
