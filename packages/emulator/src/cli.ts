import { parseArgs } from "node:util";
import { EMULATOR_KEYS, startEmulator, type Emulator } from "./index.js";
import { shellExport } from "./shell.js";
import { joinList, vendorModules } from "./vendor-table.js";

const HELP = `polyprompt-emulator: a local emulator of the ${joinList(
  vendorModules.map((v) => v.product),
  "and",
)} prompt APIs

Usage: polyprompt-emulator [--port N] [--host H] [--seed N] [--data file.json] [--quiet]

  --port N          port to listen on (default 8787; 0 picks a free one)
  --host H          interface to bind (default 127.0.0.1)
  --seed N          seed of the fault PRNG and of new ids (default 1)
  --data FILE       load state from FILE if it exists, and save every write to it
  --quiet           do not log requests
  --help            show this help

Admin routes (no auth): GET /__admin/state, POST|GET|DELETE /__admin/faults,
GET|DELETE /__admin/requests, POST /__admin/reset.`;

function int(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a non-negative integer, got ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  // biome-ignore lint/suspicious/noImplicitAnyLet: typed by the parseArgs call that assigns it
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: "string" },
        host: { type: "string" },
        seed: { type: "string" },
        data: { type: "string" },
        quiet: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(HELP);
    return;
  }
  let emulator: Emulator;
  try {
    emulator = await startEmulator({
      port: int("port", values.port, 8787),
      host: values.host ?? "127.0.0.1",
      seed: int("seed", values.seed, 1),
      ...(values.data ? { dataFile: values.data } : {}),
      ...(values.quiet ? {} : { log: (line: string) => console.log(line) }),
    });
  } catch (error) {
    // One line (a bad state file, a port in use …), then a non-zero exit.
    console.error(`polyprompt-emulator: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}`);
    process.exit(1);
  }
  const width = Math.max("Admin".length, ...vendorModules.map((v) => `${v.label} base URL`.length)) + 2;
  const urlWidth = Math.max(...vendorModules.map((v) => emulator.urlFor(v.name).length)) + 3;
  const lines = vendorModules.map(
    (v) => `  ${`${v.label} base URL`.padEnd(width)}${emulator.urlFor(v.name).padEnd(urlWidth)}key: ${EMULATOR_KEYS[v.name]}`,
  );
  const examples = vendorModules.map((v) => `${v.label} ${v.seedExample}`).join(", ");
  // Every vendor's client environment, so any client (and the README example) runs against the emulator unchanged.
  const exports = Object.entries(emulator.clientEnv()).map(([name, value]) => `  ${shellExport(name, value)}`);
  console.log(`polyprompt emulator listening on ${emulator.url}
${lines.join("\n")}
  ${"Admin".padEnd(width)}${emulator.url}/__admin/state
Seed prompts: ${examples}${values.data ? `\nState file: ${values.data}` : ""}
Client environment (paste into a shell):
${exports.join("\n")}
Press Ctrl+C to stop.`);
  const stop = (signal: string) => {
    console.log(`\n${signal}: stopping`);
    emulator.close().then(() => process.exit(0));
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
