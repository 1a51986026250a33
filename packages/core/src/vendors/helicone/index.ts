export { helicone } from "./adapter.js";
export type { HeliconeOptions } from "./adapter.js";
export { heliconeTemplate, heliconeVariables } from "./template.js";
export { normalizeHeliconeBody } from "./normalize.js";
