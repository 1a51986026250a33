/**
 * Everything the benchmarks know about each built-in vendor, in one table: the adapter, the
 * bundle and import subjects (core with the vendor's entry point, and the vendor's own SDK), and
 * for the vendor benchmarks 1–5 run against, how to drive its SDK. The table is a
 * `Record<BuiltInVendorName, BenchProfile>`: a vendor added to the core without a row here fails
 * `typecheck` (see vendors.test-d.ts). Nothing else in this app names a vendor.
 */
import { HeliconePromptManager } from "@helicone/helpers";
import { LangfuseClient } from "@langfuse/client";
import { BUILT_IN_VENDORS, type BuiltInVendorName, type PromptVendor, type PromptVersion } from "@polyprompt/core";
import * as heliconeEntry from "@polyprompt/core/helicone";
import * as langfuseEntry from "@polyprompt/core/langfuse";
import * as telaEntry from "@polyprompt/core/tela";
import type { SeedIds } from "@polyprompt/emulator";
import type { BenchPrompt } from "./prompts.js";

export type VendorName = BuiltInVendorName;

export const VENDORS: readonly VendorName[] = BUILT_IN_VENDORS;

/** A package whose bundle size and cold import time benchmark 6 measures. */
export interface Subject {
  id: string;
  label: string;
  /** Entry source for the bundle: imports only the get + render API. */
  entry: string;
  /** What a cold import loads. */
  imports: string[];
  /** The exports the entry keeps, as the report lists them. */
  entryNames: string;
  /** For a vendor's SDK: the vendor, whose core bundle it is compared with. */
  vendor?: VendorName;
}

/** The vendor's own SDK, driven the way its documentation shows. */
export interface PeerSdk {
  /** One get + render through the SDK: its whole per-call path. Throws when the SDK reports errors. */
  fetchRendered(promptId: string, inputs: Record<string, unknown>): Promise<unknown>;
  /**
   * The SDK's pure renderer on a stored body. Any synchronous work is done before it returns, so
   * it can be timed without an await.
   */
  render(
    promptId: string,
    inputs: Record<string, unknown>,
    storedBody: unknown,
  ): Promise<{ body: Record<string, unknown>; errors: unknown[] }>;
}

/** What benchmarks 1–5 need of the vendor they pit polyprompt against. */
export interface HeadToHead {
  /** As people write it: "Helicone". */
  displayName: string;
  /** The SDK package and version compared with, for the report. */
  sdkPackage: string;
  /** The SDK's entry point class or function, for the report. */
  sdkEntry: string;
  /** The SDK's calls the report names: the get + render and the pure renderer. */
  sdkCalls: { fetchRendered: string; render: string };
  sdk(config: { apiKey: string; baseUrl: string }): PeerSdk;
  /** Creates a benchmark prompt through the vendor's own create route. */
  createPrompt(config: { apiKey: string; baseUrl: string }, prompt: BenchPrompt): Promise<{ promptId: string; versionId: string }>;
  /** The stored body, as the adapter received it, from a fetched version's raw payloads. */
  storedBody(version: PromptVersion): Record<string, unknown>;
  /** Emulator paths (under the vendor's base) that each client's requests go to, to count requests per call. */
  routes: { polyprompt: string[]; sdk: string[] };
}

/** A chat message as a vendor's own client returns it after compiling. */
export interface CompiledMessage {
  role: string;
  content: unknown;
}

/**
 * What benchmark 7 needs of a vendor whose own client caches prompts: polyprompt's warm get +
 * render against that client's cached get + compile, on a seed prompt of the emulator.
 */
export interface CachedClientComparison {
  /** As people write it: "Langfuse". */
  displayName: string;
  /** The client package and version compared with, for the report. */
  sdkPackage: string;
  /** The client's calls the report names. */
  sdkCalls: string;
  /**
   * The prompts compared: template variables and (chat) placeholder messages, rendered by both.
   * A prompt with `create` is written to the emulator first (through the vendor's own route).
   */
  prompts: (seed: SeedIds) => CachedClientCase[];
  /** The vendor's own client on the emulator: one cached get (+ compile) per call. */
  sdk: (
    credentials: Record<string, string>,
    baseUrl: string,
  ) => {
    /** The client's cached get alone: a warm hit. */
    get(promptId: string): Promise<unknown>;
    getCompiled(
      promptId: string,
      variables: Record<string, unknown>,
      placeholders: Record<string, CompiledMessage[]>,
    ): Promise<CompiledMessage[]>;
  };
  /** Emulator path (under the vendor's base) that gets go to, to check that both clients stay warm. */
  getRoute: string;
}

export interface CachedClientCase {
  /** How the report names it: "1 KB chat, 10 variables". */
  label: string;
  /** The case the warm-path targets are measured on (one per vendor). */
  targeted?: boolean;
  promptId: string;
  variables: Record<string, unknown>;
  placeholders: Record<string, CompiledMessage[]>;
  /** Writes the prompt to the emulator before the run (seed prompts need none). */
  create?: (baseUrl: string, credentials: Record<string, string>) => Promise<void>;
}

/** Adapter options: the vendor's credentials (option name → value) and an optional `baseUrl`. */
export type AdapterOptions = Readonly<Record<string, string | undefined>>;

export interface BenchProfile {
  /** The vendor's adapter, from its credential options and an optional base URL. */
  create: (options: AdapterOptions) => PromptVendor;
  /** The credential options in the emulator's key string for this vendor (`emu.apiKeys[vendor]`). */
  credentials: (key: string) => Record<string, string>;
  /** The vendor entry point's standalone renderer. */
  renderPrompt: typeof heliconeEntry.renderPrompt;
  /** `@polyprompt/core` with this vendor's entry point: the get + render API. */
  core: Subject;
  /** The vendor's own SDK. */
  sdk: Subject;
  /** Set for the vendor benchmarks 1–5 run against. */
  headToHead?: HeadToHead;
  /** Set for a vendor whose own client caches: benchmark 7 compares warm paths with it. */
  cachedClient?: CachedClientComparison;
}

type HeliconeParams = Parameters<HeliconePromptManager["getPromptBody"]>[0];
type HeliconeBody = Parameters<HeliconePromptManager["mergePromptBody"]>[1];

/** `{ prompt_id, inputs }`, exactly what the SDK's docs pass (its type also asks for `model`, which only overrides the stored one). */
const heliconeParams = (prompt_id: string, inputs: Record<string, unknown>): HeliconeParams =>
  ({ prompt_id, inputs }) as unknown as HeliconeParams;

const coreSubject = (vendor: VendorName): Subject => ({
  id: `core-${vendor}`,
  label: `@polyprompt/core + /${vendor}`,
  entry: `export { createPromptClient, toOpenAIChat } from "@polyprompt/core";\nexport { ${vendor}, renderPrompt } from "@polyprompt/core/${vendor}";\n`,
  imports: ["@polyprompt/core", `@polyprompt/core/${vendor}`],
  entryNames: `\`createPromptClient\`, \`${vendor}\`, \`renderPrompt\`, \`toOpenAIChat\``,
});

export const VENDOR_PROFILES: Record<VendorName, BenchProfile> = {
  helicone: {
    create: ({ apiKey, baseUrl }) => heliconeEntry.helicone({ apiKey, baseUrl }),
    credentials: (apiKey) => ({ apiKey }),
    renderPrompt: heliconeEntry.renderPrompt,
    core: coreSubject("helicone"),
    sdk: {
      id: "helicone",
      label: "@helicone/helpers 1.8.3",
      entry: `export { HeliconePromptManager } from "@helicone/helpers";\n`,
      imports: ["@helicone/helpers"],
      entryNames: "`HeliconePromptManager`",
      vendor: "helicone",
    },
    headToHead: {
      displayName: "Helicone",
      sdkPackage: "`@helicone/helpers` 1.8.3",
      sdkEntry: "`HeliconePromptManager`",
      sdkCalls: { fetchRendered: "getPromptBody", render: "mergePromptBody" },
      sdk: (config) => {
        const manager = new HeliconePromptManager(config);
        return {
          async fetchRendered(promptId, inputs) {
            const result = await manager.getPromptBody(heliconeParams(promptId, inputs));
            if (result.errors.length > 0) throw new Error(`Helicone SDK reported errors: ${JSON.stringify(result.errors).slice(0, 300)}`);
            return result;
          },
          render: (promptId, inputs, storedBody) =>
            manager.mergePromptBody(heliconeParams(promptId, inputs), storedBody as HeliconeBody) as unknown as Promise<{
              body: Record<string, unknown>;
              errors: unknown[];
            }>,
        };
      },
      async createPrompt({ apiKey, baseUrl }, prompt) {
        const res = await fetch(`${baseUrl}/v1/prompt-2025`, {
          method: "POST",
          headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
          body: JSON.stringify({ name: prompt.name, tags: ["bench"], promptBody: prompt.body }),
        });
        const json = (await res.json()) as {
          data?: { id: string; versionId: string };
          error?: unknown;
          message?: unknown;
          details?: unknown;
        };
        if (res.status !== 201 || !json.data)
          throw new Error(`creating ${prompt.name} failed: HTTP ${res.status} ${JSON.stringify(json).slice(0, 500)}`);
        return { promptId: json.data.id, versionId: json.data.versionId };
      },
      // The v2 query payload the adapter normalized: the stored body, byte for byte.
      storedBody: (version) => (version.raw.at(-1) as { prompt_body: Record<string, unknown> }).prompt_body,
      // polyprompt queries v2; the SDK reads v1, then the body from the presigned S3 URL.
      routes: { polyprompt: ["/v2/*"], sdk: ["/v1/*", "/s3/*"] },
    },
  },
  tela: {
    create: ({ apiKey, baseUrl }) => telaEntry.tela({ apiKey, baseUrl }),
    credentials: (apiKey) => ({ apiKey }),
    renderPrompt: telaEntry.renderPrompt,
    core: coreSubject("tela"),
    sdk: {
      id: "tela",
      label: "@meistrari/tela-sdk-js 1.0.2",
      entry: `export { createTelaClient } from "@meistrari/tela-sdk-js";\n`,
      imports: ["@meistrari/tela-sdk-js"],
      entryNames: "`createTelaClient`",
      vendor: "tela",
    },
  },
  langfuse: {
    create: ({ publicKey, secretKey, baseUrl }) => langfuseEntry.langfuse({ publicKey, secretKey, baseUrl }),
    // The emulator's Langfuse key is "publicKey:secretKey" (public keys hold no colon).
    credentials: (key) => ({ publicKey: key.slice(0, key.indexOf(":")), secretKey: key.slice(key.indexOf(":") + 1) }),
    renderPrompt: langfuseEntry.renderPrompt,
    core: coreSubject("langfuse"),
    sdk: {
      id: "langfuse",
      label: "@langfuse/client 5.11.1",
      entry: `export { LangfuseClient } from "@langfuse/client";\n`,
      imports: ["@langfuse/client"],
      entryNames: "`LangfuseClient` (`prompt.get`)",
      vendor: "langfuse",
    },
    cachedClient: {
      displayName: "Langfuse",
      sdkPackage: "`@langfuse/client` 5.11.1",
      sdkCalls: '`prompt.get(name, { type: "chat" })` (cached) + `compile(variables, placeholders)`',
      prompts: (seed): CachedClientCase[] => [
        // The reference case: about 1 KB of chat text with 10 string variables.
        {
          label: "1 KB chat, 10 variables",
          targeted: true,
          promptId: "bench/one-kb-ten-variables",
          variables: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`var${i}`, `value ${i}`])),
          placeholders: {},
          create: (baseUrl, { publicKey, secretKey }) =>
            createLangfuseChat(baseUrl, `${publicKey}:${secretKey}`, "bench/one-kb-ten-variables", ONE_KB_CHAT),
        },
        // support/chat in production: a system message with a section, a history placeholder, a user turn.
        {
          label: "seed support/chat (section + history)",
          promptId: seed.langfuse.supportChat.name,
          variables: { company: "Acme", vip: true, question: "Where is my order A-1042?" },
          placeholders: {
            history: [
              { role: "user", content: "Hi, I ordered a lamp last week." },
              { role: "assistant", content: "Thanks! Which order number?" },
            ],
          },
        },
      ],
      sdk: ({ publicKey, secretKey }, baseUrl) => {
        const client = new LangfuseClient({ publicKey, secretKey, baseUrl });
        return {
          get: (promptId) => client.prompt.get(promptId, { type: "chat" }),
          async getCompiled(promptId, variables, placeholders) {
            const prompt = await client.prompt.get(promptId, { type: "chat" });
            // compile's type says Record<string, string>; at run time it takes any Mustache value.
            return prompt.compile(variables as Record<string, string>, placeholders) as CompiledMessage[];
          },
        };
      },
      getRoute: "/api/public/v2/prompts/*",
    },
  },
};

/** The vendor benchmarks 1–5 run against: the one whose profile has a head-to-head. */
export const BENCHED: { vendor: VendorName } & HeadToHead = (() => {
  const vendor = VENDORS.find((name) => VENDOR_PROFILES[name].headToHead);
  if (!vendor) throw new Error("no vendor profile has a headToHead: benchmarks 1–5 need one");
  return { vendor, ...VENDOR_PROFILES[vendor].headToHead! };
})();

const POLICY = "Please answer carefully and politely, and cite the policy section that applies. ";
/** About 1 KB of chat text (as rendered, in JSON) with 10 string variables, five per message. */
const ONE_KB_CHAT = [
  {
    role: "system",
    content: `You are a support agent for {{var0}} in {{var1}}. ${POLICY.repeat(5)}Tier: {{var2}}. Locale: {{var3}}. Tone: {{var4}}.`,
  },
  {
    role: "user",
    content: `${POLICY.repeat(4)}Customer {{var5}} ({{var6}}) asks about order {{var7}}, placed on {{var8}}: {{var9}}`,
  },
];

/** Creates a chat prompt in production through Langfuse's own create route. */
async function createLangfuseChat(baseUrl: string, key: string, name: string, prompt: { role: string; content: string }[]): Promise<void> {
  const response = await fetch(`${baseUrl}/api/public/v2/prompts`, {
    method: "POST",
    headers: { authorization: `Basic ${btoa(key)}`, "content-type": "application/json" },
    body: JSON.stringify({ name, type: "chat", prompt, labels: ["production"], config: { model: "gpt-4o", temperature: 0.2 } }),
  });
  if (!response.ok) throw new Error(`creating ${name}: HTTP ${response.status} ${await response.text()}`);
}
