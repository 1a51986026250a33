/**
 * The `polyprompt` binary (bin/polyprompt.js imports this file).
 */
import { readFileSync } from "node:fs";
import { run } from "./main.js";
import { handleOutputErrors } from "./output-errors.js";

/** Standard input is read whole (a variables file), up to this much. */
const MAX_STDIN_CHARS = 5_000_000;

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
  readStdin: async () => {
    process.stdin.setEncoding("utf8");
    let text = "";
    for await (const chunk of process.stdin as AsyncIterable<string>) {
      text += chunk;
      if (text.length > MAX_STDIN_CHARS) throw new Error(`standard input is over ${MAX_STDIN_CHARS} characters`);
    }
    return text;
  },
});
process.exitCode = code;
// Exit once the output is flushed, even if an idle keep-alive socket would hold the process open;
// setImmediate lets a write error already raised (a full disk) reach its handler first.
process.stdout.write("", () => process.stderr.write("", () => setImmediate(() => process.exit(code))));
