/**
 * The `polyprompt` binary (bin/polyprompt.js imports this file).
 */
import { readFileSync } from "node:fs";
import { run } from "./main.js";
import { handleOutputErrors } from "./output-errors.js";

function packageVersion(): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version?: string };
    return pkg.version;
  } catch {
    return undefined;
  }
}

// Before anything is written: a closed pipe or a full disk must not crash the process.
handleOutputErrors(process.stdout, process.stderr, (status) => process.exit(status));

const code = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  version: packageVersion(),
});
process.exitCode = code;
// Exit once the output is flushed, even if an idle keep-alive socket would hold the process open.
process.stdout.write("", () => process.stderr.write("", () => setTimeout(() => process.exit(code), 50).unref()));
