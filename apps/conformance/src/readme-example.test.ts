// The root README's first example runs AS WRITTEN against the emulator, with only the vendors'
// environment variables set (keys and base URLs of a started emulator, through the profile
// table): the block is transpiled by esbuild to a module in this package and imported, with
// `openai` provided as a global recorder of the request body.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startEmulator, type Emulator } from "@polyprompt/emulator";
import { transform } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VENDOR_PROFILES, VENDORS } from "./vendors.js";

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
const README = join(PACKAGE_DIR, "..", "..", "README.md");

/** The first ```ts block of a Markdown text, without its fences. */
export function firstTsBlock(markdown: string): string {
  const match = /^```ts\n([\s\S]*?)^```$/m.exec(markdown);
  if (!match) throw new Error("the README has no ```ts block");
  return match[1]!;
}

/** Every variable the table says configures a vendor, set from the emulator's keys and URLs. */
function emulatorEnvironment(emu: Emulator): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of VENDORS) {
    const profile = VENDOR_PROFILES[name];
    const credentials = profile.credentials(emu.apiKeys[name]);
    for (const [option, variable] of Object.entries(profile.live.credentialEnv)) env[variable] = credentials[option]!;
    env[profile.live.baseUrlEnv] = emu.urlFor(name);
  }
  return env;
}

const ROLES = new Set(["system", "developer", "user", "assistant", "tool"]);

/** The problems that make `body` an invalid OpenAI Chat Completions request body (none: valid). */
function openAIChatProblems(body: unknown): string[] {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return ["the body is not an object"];
  const b = body as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof b.model !== "string" || b.model === "") problems.push("model is not a non-empty string");
  if (!Array.isArray(b.messages) || b.messages.length === 0) return [...problems, "messages is not a non-empty array"];
  for (const [i, m] of (b.messages as unknown[]).entries()) {
    const message = m as { role?: unknown; content?: unknown; tool_calls?: unknown };
    if (typeof message.role !== "string" || !ROLES.has(message.role))
      problems.push(`messages[${i}].role is ${JSON.stringify(message.role)}`);
    const content = message.content;
    const okContent =
      typeof content === "string" ||
      (Array.isArray(content) && content.every((part) => typeof part === "object" && part !== null && typeof part.type === "string")) ||
      (content == null && message.role === "assistant" && Array.isArray(message.tool_calls));
    if (!okContent) problems.push(`messages[${i}].content is neither text nor content parts`);
  }
  if (b.tools !== undefined && !(Array.isArray(b.tools) && b.tools.every((t) => (t as { type?: unknown }).type === "function"))) {
    problems.push("tools is not an array of function tools");
  }
  return problems;
}

describe("the root README's first example", () => {
  let emu: Emulator;
  let dir: string;
  const saved = new Map<string, string | undefined>();

  beforeAll(async () => {
    emu = await startEmulator({ seed: 1 });
    dir = await mkdtemp(join(PACKAGE_DIR, ".readme-example-"));
  });
  afterAll(async () => {
    for (const [variable, value] of saved) {
      if (value === undefined) delete process.env[variable];
      else process.env[variable] = value;
    }
    delete (globalThis as { openai?: unknown }).openai;
    await rm(dir, { recursive: true, force: true });
    await emu?.close();
  });

  it("runs as written against the emulator and sends a valid OpenAI chat body", async () => {
    const source = firstTsBlock(await readFile(README, "utf8"));
    const { code } = await transform(source, { loader: "ts", format: "esm", target: "node20" });
    const file = join(dir, "example.mjs");
    await writeFile(file, code);

    // Only the vendors' variables, from the emulator: any other value of them is put aside.
    for (const [variable, value] of Object.entries(emulatorEnvironment(emu))) {
      saved.set(variable, process.env[variable]);
      process.env[variable] = value;
    }
    const bodies: unknown[] = [];
    (globalThis as { openai?: unknown }).openai = {
      chat: {
        completions: {
          create: async (body: unknown) => {
            bodies.push(body);
            return { id: "chatcmpl-recorded", object: "chat.completion", choices: [] };
          },
        },
      },
    };

    await import(pathToFileURL(file).href);

    expect(bodies).toHaveLength(1);
    expect(openAIChatProblems(bodies[0])).toEqual([]);
    // Every template variable was filled in.
    expect(JSON.stringify(bodies[0])).not.toMatch(/\{\{|@@@/);
    expect(emu.requests.total()).toBeGreaterThan(0);
  });
});
