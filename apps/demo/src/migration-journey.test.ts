/**
 * The journey of a team leaving Helicone, end to end with the real binary against the emulator:
 * a Helicone prompt with 5 versions, 3 environments, a partial and typed variables moves to
 * Langfuse in one command and renders the same there; pulled, its files render with Google's
 * dotprompt; and a client bootstrapped from them serves through a total outage.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createPromptClient, publishVersion, type PromptContent, type PromptMessage } from "@polyprompt/core";
import { helicone } from "@polyprompt/core/helicone";
import { helicone as heliconeWithWriter } from "@polyprompt/core/helicone/write";
import { langfuse } from "@polyprompt/core/langfuse";
import { SEED, startEmulator, type Emulator } from "@polyprompt/emulator";
import { Dotprompt } from "dotprompt";
import { afterAll, beforeAll, expect, test } from "vitest";
import { runNode } from "./test-support/run-node.js";

const BIN = join(dirname(createRequire(import.meta.url).resolve("@polyprompt/cli/package.json")), "bin/polyprompt.js");
const KEYS = { helicone: "sk-helicone-JOURNEY-77", langfuse: ["pk-lf-JOURNEY-1", "sk-lf-JOURNEY-2"] } as const;
const VALUES = { region: "EU", limit: 50, vip: true, question: "Can I return a lamp?" };

let emu: Emulator;
let dir: string;
const env = () => ({
  PATH: process.env.PATH ?? "",
  HELICONE_API_KEY: KEYS.helicone,
  HELICONE_BASE_URL: emu.urlFor("helicone"),
  LANGFUSE_PUBLIC_KEY: KEYS.langfuse[0],
  LANGFUSE_SECRET_KEY: KEYS.langfuse[1],
  LANGFUSE_BASE_URL: emu.urlFor("langfuse"),
});
const polyprompt = (args: string[]) => runNode(BIN, args, env());

/** Refund policy: 5 versions, production/staging/development, the Brand Voice partial, typed variables. */
async function seedHeliconePrompt(): Promise<string> {
  const vendor = heliconeWithWriter({ apiKey: KEYS.helicone, baseUrl: emu.urlFor("helicone") });
  const environments: Record<number, string[]> = { 3: ["production"], 4: ["staging"], 5: ["development"] };
  let promptId = "Refund Policy";
  for (let n = 1; n <= 5; n++) {
    const content: PromptContent = {
      model: "gpt-4o-mini",
      params: { temperature: n / 10, maxTokens: 200 + n },
      messages: [
        {
          role: "system",
          content: `{{hcp:${SEED.helicone.brandVoice.promptId}:0}}\n\nRefund policy v${n} for {{hc:region:string}}: refunds over {{hc:limit:number}} EUR need approval. VIP: {{hc:vip:boolean}}.`,
        },
        { role: "user", content: "{{hc:question:string}}" },
      ],
      variables: [
        { name: "region", type: "string", required: true },
        { name: "limit", type: "number", required: true },
        { name: "vip", type: "boolean", required: true },
        { name: "question", type: "string", required: true },
      ],
      commitMessage: `Refund policy, revision ${n}`,
    };
    ({ promptId } = await publishVersion(vendor, { promptId, content, environments: environments[n] ?? [] }));
  }
  return promptId;
}

beforeAll(async () => {
  emu = await startEmulator({ apiKeys: { helicone: [KEYS.helicone], langfuse: [KEYS.langfuse.join(":")] } });
  dir = await mkdtemp(join(tmpdir(), "polyprompt-journey-"));
});
afterAll(async () => {
  await emu?.close();
  await rm(dir, { recursive: true, force: true });
});

test("a Helicone prompt moves to Langfuse in one command, renders the same, becomes dotprompt files, and bootstraps a client through an outage", async () => {
  const source = await seedHeliconePrompt();
  const brandVoice = SEED.helicone.brandVoice.promptId;

  // One command.
  const migrated = await polyprompt([
    "migrate",
    `helicone:${source}`,
    "--to",
    "langfuse:refund-policy",
    "--name",
    `${brandVoice}=brand-voice-helicone`,
  ]);
  expect(migrated.code, migrated.stderr).toBe(0);
  expect(migrated.stdout).toContain("8 versions written");
  expect(migrated.stdout).toContain("every checked version renders the same in both");

  const client = createPromptClient({
    cache: false,
    vendors: [
      helicone({ apiKey: KEYS.helicone, baseUrl: emu.urlFor("helicone") }),
      langfuse({ publicKey: KEYS.langfuse[0], secretKey: KEYS.langfuse[1], baseUrl: emu.urlFor("langfuse") }),
    ],
  });
  const history = await client.listVersions("langfuse:refund-policy");
  expect(history.map((v) => v.environments)).toEqual([["development"], ["staging"], ["production"], [], []]);
  for (const selector of ["", "@staging", "@development"]) {
    const [before, after] = await Promise.all([
      client.render(`helicone:${source}${selector}`, VALUES),
      client.render(`langfuse:refund-policy${selector}`, VALUES),
    ]);
    expect(after.messages, selector).toEqual(before.messages);
  }

  // Its files, in git-friendly dotprompt form.
  const refs = ["langfuse:refund-policy", "langfuse:refund-policy@staging", "langfuse:refund-policy@development"];
  const pulled = await polyprompt(["pull", ...refs, "--dir", dir]);
  expect(pulled.code, pulled.stderr).toBe(0);
  const file = await readFile(join(dir, "langfuse/refund-policy.prompt"), "utf8");
  expect(file).toContain("{{> brand-voice-helicone}}");
  expect(file).toMatch(/limit: number/);
  const dp = new Dotprompt({ partialResolver: async (name) => readFile(join(dir, "langfuse", `_${name}.prompt`), "utf8") });
  const out = await dp.render(file, { input: VALUES });
  const expected = await client.render("langfuse:refund-policy", VALUES);
  expect(
    out.messages.map((m) => ({
      role: m.role === "model" ? "assistant" : m.role,
      content: m.content.map((p) => ("text" in p ? p.text : "")).join(""),
    })),
  ).toEqual(expected.messages.map((m: PromptMessage) => ({ role: m.role, content: m.content })));

  // A bundle of them, and the vendor down from the first request.
  const bundled = await polyprompt(["bundle", "--dir", dir]);
  expect(bundled.code, bundled.stderr).toBe(0);
  const down = await startEmulator({ apiKeys: { langfuse: [KEYS.langfuse.join(":")] } });
  down.faults.add({ status: 503 });
  try {
    const offline = createPromptClient({
      vendors: [langfuse({ publicKey: KEYS.langfuse[0], secretKey: KEYS.langfuse[1], baseUrl: down.urlFor("langfuse") })],
      bootstrap: JSON.parse(bundled.stdout),
      retry: false,
    });
    for (const ref of refs) {
      const served = await offline.render(ref, VALUES);
      expect(served.source, ref).toBe("bootstrap");
      expect(served.messages, ref).toEqual((await client.render(ref, VALUES)).messages);
    }
  } finally {
    await down.close();
  }
});
