export { cacheKey, formatRef, parseRef } from "./parse.js";
export type { ParsedRef, PromptRef, PromptRefObject, VersionSelector } from "./types.js";
