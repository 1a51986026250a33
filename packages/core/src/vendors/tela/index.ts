export { tela } from "./adapter.js";
export type { TelaOptions } from "./adapter.js";
export { telaTemplate } from "./template.js";
