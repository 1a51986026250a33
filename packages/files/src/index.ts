/**
 * @polyprompt/files: prompts in git. Pull any polyprompt vendor's prompts into dotprompt
 * `.prompt` files with a lockfile, push them back to any vendor, verify drift in CI, and bundle
 * them for an offline bootstrap. Node only (it reads and writes files); the core stays runtime-free.
 */
export { pullPrompts } from "./pull-prompts.js";
export type { PullOptions, PullReport, PulledFile } from "./pull-prompts.js";
export { pushPrompts } from "./push-prompts.js";
export type { PushOptions, PushedFile } from "./push-prompts.js";
export { verifyPrompts } from "./verify-prompts.js";
export type { Drift, VerifyReport } from "./verify-prompts.js";
export { bundleFromDirectory } from "./bundle-from-files.js";
export { readPromptFile, writePromptFile } from "./prompt-file.js";
export type { PromptFileMeta } from "./prompt-file.js";
export { readPartialFile, writePartialFile } from "./partial-file.js";
export type { PartialMeta } from "./partial-file.js";
export { handlebarsDialect, DOTPROMPT_SYNTAX } from "./handlebars-dialect.js";
export { LOCKFILE_NAME, formatLockfile, parseLockfile } from "./lockfile.js";
export type { LockEntry, Lockfile } from "./lockfile.js";
export { promptFilePath, partialFilePath } from "./prompt-paths.js";
