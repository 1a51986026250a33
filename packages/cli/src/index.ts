/**
 * `@polyprompt/cli`: the `polyprompt` command. Programmatic use runs it in-process.
 *
 * @example
 * import { run } from "@polyprompt/cli";
 * const code = await run(["get", "langfuse:support/chat", "--json"], { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });
 */
export { run, UsageError, type Io, type Stream } from "./main.js";
