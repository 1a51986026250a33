// `@polyprompt/core/watch`: keeping a cache current by polling, for vendors without webhooks.
export { type ChangeWatcher, type ChangeWatcherOptions, type PromptChange, watchPrompts } from "./change-watcher.js";
