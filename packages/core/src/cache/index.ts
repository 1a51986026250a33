export { createMemoryStore, LruMap } from "./store.js";
export type { CacheEntry, CacheStore } from "./store.js";
