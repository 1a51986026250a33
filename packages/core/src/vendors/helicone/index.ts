import { createRenderer } from "../../render/render-prompt.js";
import { heliconeTemplate } from "./template.js";

export { helicone } from "./adapter.js";
export type { HeliconeOptions } from "./adapter.js";
export { heliconeTemplate, heliconeVariables } from "./template.js";
export { heliconeDialect } from "./template-translate.js";
export { normalizeHeliconeBody } from "./normalize.js";

/**
 * Renders a helicone version with no client and no earlier call: this entry point knows its engine.
 *
 * @example
 * import { renderPrompt } from "@polyprompt/core/helicone";
 * const rendered = renderPrompt(version, variables);
 */
export const renderPrompt = /* @__PURE__ */ createRenderer(heliconeTemplate);
