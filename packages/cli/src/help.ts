import { KNOWN_VENDORS, VENDOR_FACTS } from "./vendor-facts.js";

export const COMMANDS = [
  "ls",
  "get",
  "render",
  "diff",
  "migrate",
  "pull",
  "push",
  "verify",
  "bundle",
  "types",
  "emulator",
  "completion",
] as const;
export type Command = (typeof COMMANDS)[number];

const GLOBAL_OPTIONS = `Options (every command):
  --json       machine-readable output on stdout (an error: one {"error": …} object on stderr)
  --emulator   talk to the built-in emulator (seeded demo data) instead of the vendors
  --debug      log HTTP requests and cache events to stderr; show stacks on errors
  -h, --help   show help (polyprompt <command> --help for one command)
  -V, --version`;

const profiles = KNOWN_VENDORS.map((name) => VENDOR_FACTS[name]);

/** Two [reference, meaning] pairs per line, in columns. */
function refLines(forms: [string, string][]): string[] {
  const lines: string[] = [];
  for (let i = 0; i < forms.length; i += 2) {
    const [[refA, meaningA], second] = [forms[i]!, forms[i + 1]];
    const left = `  ${refA.padEnd(Math.max(26, refA.length + 2))}${second ? meaningA.padEnd(Math.max(18, meaningA.length + 2)) : meaningA}`;
    lines.push(second ? `${left}${second[0].padEnd(Math.max(24, second[0].length + 2))}${second[1]}` : left);
  }
  return lines;
}

const REFS = [
  "References:",
  ...refLines([...profiles.flatMap((p) => p.help.refForms), ["<vendor>:<id>#<versionId>", "one exact version"]]),
].join("\n");

const ENVIRONMENT = [
  "Environment:",
  ...profiles.map((p) => {
    const variables = [...Object.values(p.env.credentials), p.env.baseUrl].join(", ");
    return `  ${variables.padEnd(Math.max(38, variables.length + 2))}talk to ${p.displayName} (base URL optional)`;
  }),
  "  POLYPROMPT_EMULATOR=1 (or --emulator) talks to a built-in emulator with demo data instead.",
  "  NO_COLOR (any value) turns colour off; FORCE_COLOR=1 turns it on when not on a terminal.",
  "  POLYPROMPT_OUTPUT=json|text, POLYPROMPT_DIR, POLYPROMPT_VENDOR (the vendor of a reference without one).",
  "",
  "Configuration: polyprompt.config.json (or .js, .mjs, .ts), found upward from the working directory:",
  '  { "defaultVendor": "langfuse", "aliases": { "support": "langfuse:support/chat" }, "dir": "prompts", "output": "text" }',
  "  A flag wins over an environment variable, which wins over the config file.",
].join("\n");

/** "Helicone and Tela", "A, B and C". */
const vendorList = (names: string[]): string =>
  names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;

const EXAMPLE = profiles[0]!.help.exampleRef;

export const GLOBAL_HELP = `polyprompt: list, inspect, render and diff prompts kept in ${vendorList(profiles.map((p) => p.displayName))}.

Usage: polyprompt <command> [options]

Commands:
  ls <vendor:promptId>      list a prompt's versions, newest first
  get <ref>                 show one version: messages, params, tools, variables
  render <ref> [--var k=v]  fill the variables and print the provider request body
  diff <refA> <refB>        compare two versions
  migrate <vendor:promptId> --to <vendor>[:<name>]
                            copy every version of a prompt to another vendor
  pull <ref>…               write prompts as dotprompt files, with polyprompt.lock.json
  push                      write a prompt directory to a vendor
  verify                    exit 1 when the registry drifted from the lockfile
  bundle                    print a bootstrap bundle of a prompt directory
  types [<ref>…]            generate the TypeScript types of prompts' variables (--check for CI)
  emulator [--port N]       run the built-in emulator in the foreground
  completion bash|zsh|fish  print a shell completion script

${GLOBAL_OPTIONS}

${REFS}

${ENVIRONMENT}

Exit codes: 0 ok; 1 a failure at run time (not found, unauthorized, vendor unreachable, missing
variable, a vendor with no key), drift (verify), versions that differ (diff --exit-code), a
stale types file (types --check), a migrated version that renders differently; 2 misuse (a bad command, flag, argument or reference).`;

export const COMMAND_HELP: Record<Command, string> = {
  ls: `Usage: polyprompt ls <vendor:promptId> [--json] [--raw]

Lists every version of a prompt, newest first: version, short version id, environments,
draft flag, creation time and commit message (Helicone) or title (Tela).

  --raw    with --json, include the vendor's untouched payloads

Example:
  polyprompt ls ${EXAMPLE}

${GLOBAL_OPTIONS}`,
  get: `Usage: polyprompt get <ref> [--json] [--raw]

Shows one version: identity, environments, model, params, variables, messages with their
roles, tools, response format, and where it came from.

  --raw    with --json, include the vendor's untouched payloads

Examples:
  polyprompt get ${EXAMPLE}
  polyprompt get ${EXAMPLE}@staging --json

${REFS}

${GLOBAL_OPTIONS}`,
  render: `Usage: polyprompt render <ref> [--var k=v …] [--var-json k=<json> …] [--vars file.json]
                         [--format openai|anthropic] [--max-tokens N] [--model M] [--keep-missing]

Fills the prompt's variables and prints the request body for the provider, as JSON.

  --var k=v          a variable, always a string ("3" stays the string "3"; Helicone's
                     number and boolean variables accept such strings). Repeatable.
  --var-json k=JSON  a typed variable: --var-json count=3 --var-json tiers='["gold"]'
  --vars FILE        a JSON object of variables (- reads standard input); --var and --var-json override it
  --format F         openai (Chat Completions, default) or anthropic (Messages)
  --max-tokens N     max_tokens (Anthropic needs one when the prompt has none)
  --model M          override the prompt's model
  --keep-missing     leave placeholders of missing variables in the text instead of failing
  --json             print {ref, version, versionId, source, format, body} instead of the body

A file variable (Tela) takes a URL: https://… or data:<mime>;base64,…

Examples:
${profiles.map((p) => p.help.renderExample.map((line) => `  ${line}`).join("\n")).join("\n")}

${GLOBAL_OPTIONS}`,
  diff: `Usage: polyprompt diff <refA> <refB> [--exit-code] [--json]

Compares two versions: messages line by line, model and params (tool choice and response
format included), tools and variables (added, removed, changed). Exit code 0 either way, or
with --exit-code 1 when they differ.

Example:
  polyprompt diff ${EXAMPLE} ${EXAMPLE}@staging

${REFS}

${GLOBAL_OPTIONS}`,
  pull: `Usage: polyprompt pull <ref>… [--dir prompts] [--allow-lossy]

Writes each reference as a dotprompt .prompt file (YAML front matter, Handlebars body) under
--dir, one _name.prompt partial per prompt they include, and polyprompt.lock.json pinning each
to its version id and content hash. Nothing is written when a prompt cannot be a dotprompt
file without loss (every problem is listed), unless --allow-lossy. Unchanged files stay as they are.

  --dir D          the prompt directory (default: prompts)
  --allow-lossy    write what dotprompt cannot express exactly, listing each loss

Example:
  polyprompt pull ${EXAMPLE} ${EXAMPLE}@staging --dir prompts

${GLOBAL_OPTIONS}`,
  push: `Usage: polyprompt push [--dir prompts] [--to <vendor>] [--dry-run] [--allow-lossy]

Writes every file of a prompt directory to its vendor (or to --to), partials first, each as a
version with its environments. A re-run writes nothing; an interrupted push, run again,
finishes. Everything is checked before the first write.

  --dir D          the prompt directory (default: prompts)
  --to V           write to vendor V instead of each file's own (templates are translated)
  --dry-run        check every file; write nothing
  --allow-lossy    write what the target cannot express exactly, listing each loss

${GLOBAL_OPTIONS}`,
  verify: `Usage: polyprompt verify [--dir prompts]

Fetches every reference pinned in polyprompt.lock.json and compares its version id and content
hash. Exit code 1 on drift (a label moved, content changed, a prompt is gone), for CI.

${GLOBAL_OPTIONS}`,
  bundle: `Usage: polyprompt bundle [--dir prompts] [--out file.json]

Prints (or writes to --out) the prompt directory as one JSON bundle for
createPromptClient({ bootstrap }): served at once, and through a vendor outage.

${GLOBAL_OPTIONS}`,
  types: `Usage: polyprompt types [<ref>…] [--files] [--dir prompts] [--out file.d.ts] [--check] [--loose]

Writes one TypeScript file that augments @polyprompt/core's PromptRegistry: each reference
maps to its prompt's variables (included prompts' too), required and optional, so that
prompts.render(ref, variables) fails to compile on a missing, misspelt or mistyped variable.
Commit the file; references it does not know keep loose typing.

  <ref>…       the references to type (default: every prompt the configured vendors list, as
               vendor:id and once per environment, e.g. vendor:id@production)
  --files      read the pulled prompt directory (--dir) instead of the vendors: no key needed
  --dir D      the prompt directory for --files (default: prompts)
  --out F      write to F instead of standard output
  --check      with --out, write nothing: exit 1 when F differs from what would be written
  --loose      accept variables a prompt does not have (the default makes them type errors)

Examples:
  polyprompt types --out src/prompt-registry.d.ts
  polyprompt types --files --out src/prompt-registry.d.ts --check

${GLOBAL_OPTIONS}`,
  emulator: `Usage: polyprompt emulator [--port N] [--json]

Runs the built-in emulator of the ${vendorList(profiles.map((p) => p.displayName))} APIs (seeded demo data) in the
foreground, and prints the environment that points polyprompt or an app at it, until Ctrl-C.

  --port N    listen on port N (default: a free one)
  --json      print {url, env} instead

${GLOBAL_OPTIONS}`,
  completion: `Usage: polyprompt completion bash|zsh|fish

Prints a completion script for the shell:
  bash   polyprompt completion bash > ~/.local/share/bash-completion/completions/polyprompt
  zsh    polyprompt completion zsh > "\${fpath[1]}/_polyprompt"
  fish   polyprompt completion fish > ~/.config/fish/completions/polyprompt.fish

${GLOBAL_OPTIONS}`,
  migrate: `Usage: polyprompt migrate <vendor:promptId> --to <vendor>[:<name>] [--dry-run] [--allow-lossy]
                         [--env from=to …] [--name promptId=name …] [--model M]
       polyprompt migrate --all <vendor> --to <vendor> [--dry-run] …

Copies every version of a prompt to another vendor, oldest first, with the prompts it includes
copied first: templates translated, commit messages and dates kept in the commit message,
environments moved with their versions (production → production). Then renders every lossless
version in both vendors with sample values and says whether the request bodies agree.
Nothing is written when any version cannot be translated exactly (every problem is listed),
unless --allow-lossy. A re-run writes nothing; an interrupted run, run again, finishes.

  --to V[:NAME]       the target vendor, and the prompt's name there (default: its id here)
  --all               every prompt the source vendor's key can list (each keeps its id as its
                      name); progress on a terminal, a summary at the end, exit 1 if any failed
  --dry-run           print the plan and every loss; write nothing
  --allow-lossy       write what the target cannot express exactly, and list each loss
  --env FROM=TO       move environment FROM to TO in the target (repeatable)
  --name ID=NAME      the target name of included prompt ID (repeatable)
  --model M           the model for versions that have none, for a target that needs one

Exit code 1 when a migrated version renders differently in the target.

Example:
  polyprompt migrate ${EXAMPLE} --to langfuse:support-agent --dry-run

${GLOBAL_OPTIONS}`,
};
