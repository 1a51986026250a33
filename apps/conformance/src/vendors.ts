/**
 * Everything the conformance suite and the runtime smoke know about each built-in vendor, in one
 * table. It is a `Record<BuiltInVendorName, ConformanceProfile>`: a vendor added to the core
 * without a row here fails `typecheck` (see vendors.test-d.ts). Nothing else in this app names a
 * vendor outside its tests.
 *
 * The smoke bundles this file for browsers too, so it imports no Node module and nothing from
 * the emulator at run time (seed ids come in as an argument).
 */
import { BUILT_IN_VENDORS, type BuiltInVendorName, type PromptVendor, type TemplateEngine } from "@polyprompt/core";
import { helicone, heliconeTemplate } from "@polyprompt/core/helicone";
import { helicone as writableHelicone } from "@polyprompt/core/helicone/write";
import { langfuse, langfuseTemplate } from "@polyprompt/core/langfuse";
import { langfuse as writableLangfuse } from "@polyprompt/core/langfuse/write";
import { tela, telaTemplate } from "@polyprompt/core/tela";
import { tela as writableTela } from "@polyprompt/core/tela/write";
import type { SeedIds } from "@polyprompt/emulator";

export type VendorName = BuiltInVendorName;

/** Every vendor the suite covers, in the order its rows run. */
export const VENDORS: readonly VendorName[] = BUILT_IN_VENDORS;

/** Exact seed facts of the prompt a vendor's cases read on the emulator. */
export interface EmulatorExpectations {
  promptId: string;
  /** The version id in production. */
  production: string;
  /** Environment name → version id, production aside. */
  environments: Record<string, string>;
  /** The newest version id. */
  latest: string;
  /** Version label → version id, including every selector form the vendor has (`@2.x`, `@2`). */
  labels: Record<string, string>;
  /** How many versions the prompt has. */
  count: number;
}

/** A request to a vendor's own write route. */
export interface VendorWrite {
  method: "POST" | "PATCH" | "PUT";
  path: string;
  body: unknown;
}

/** Adapter options: the vendor's credentials (option name → value) and an optional `baseUrl`. */
export type AdapterOptions = Readonly<Record<string, string | undefined>>;

export interface ConformanceProfile {
  /** The vendor's adapter (from `@polyprompt/core/<vendor>`: it reads), from its credential options and an optional base URL. */
  create: (options: AdapterOptions) => PromptVendor;
  /** The same adapter with its writer (from `@polyprompt/core/<vendor>/write`), from the same options. */
  writable: (options: AdapterOptions) => PromptVendor;
  /**
   * The credential options in a key string of the emulator's form for this vendor (what
   * `startEmulator({ apiKeys })` takes and `emu.apiKeys[vendor]` reports).
   */
  credentials: (key: string) => Record<string, string>;
  /** The `Authorization` header value of the vendor's own routes, from its credential options. */
  authorization: (credentials: Readonly<Record<string, string>>) => string;
  /** The credential options that are secrets (checked for leaks); a public key or user name is not one. */
  secretCredentials: readonly string[];
  /**
   * What `render(…, { missing: "keep" })` leaves of a missing variable: its placeholder, or
   * nothing (a dialect whose own client renders a missing variable as empty text).
   */
  keptMissing: "placeholder" | "empty";
  /** The template engine the vendor's entry point exports (what root `renderPrompt` takes as `engine`). */
  engine: TemplateEngine;
  /**
   * Live target: the environment variable of each credential option (all must be set for the
   * row to run), those of the base URL and the prompt to read, and the vendor's public API.
   */
  live: { credentialEnv: Readonly<Record<string, string>>; baseUrlEnv: string; promptIdEnv: string; defaultBaseUrl: string };
  /** The key string the emulator accepts in this suite: distinctive, so a leak check means something. */
  emulatorSecret: string;
  /** The prompt the cases read on the emulator: the richest seed prompt of the vendor. */
  emulatorPrompt: (seed: SeedIds) => EmulatorExpectations;
  /** Every seeded prompt of the vendor, by name (the seed sweep reads them all). */
  seededPrompts: (seed: SeedIds) => { name: string; promptId: string }[];
  /** A version id of another seed prompt than {@link emulatorPrompt}. */
  foreignVersionId: (seed: SeedIds) => string;
  /** A prompt id, in the vendor's format, that does not exist. */
  missingPromptId: string;
  /** A version id, in the vendor's format, that does not exist. */
  missingVersionId: string;
  /** Two version selectors of the vendor's form that match no version. */
  missingSelectors: [string, string];
  /** Selectors that parse but that this vendor cannot express. */
  unexpressibleSelectors: string[];
  /** Whether `@<major>.x` and `@<major>` select the newest minor of a major. */
  majorSelectors: boolean;
  /** The form of the vendor's version labels. */
  versionLabel: RegExp;
  /** The placeholder forms of one variable in the vendor's template dialect. */
  placeholderForms: (name: string) => string[];
  /** Markers that must never survive a render (includes of other prompts). */
  includeMarkers: string[];
  /** A one-message template greeting the variable `name`, in the vendor's dialect. */
  greeting: string;
  /** The emulator route (path pattern) that answers a get of production. */
  productionRoute: string;
  /** The vendor route that moves `environment` of a prompt to a version. */
  promote: (promptId: string, versionId: string, environment: string) => VendorWrite;
  /**
   * The vendor route that creates a version with one message `text {topic}` (in the vendor's
   * dialect) and a required `topic` variable; `idOf` reads the new version's id from the answer.
   */
  createVersion: (
    promptId: string,
    latestVersionId: string,
    text: string,
  ) => VendorWrite & { idOf: (answer: Record<string, unknown>) => string };
  /** What the runtime smoke reads: a seed prompt with a production version, and a label of it. */
  smokePrompt: (seed: SeedIds) => { promptId: string; version: string };
}

export const VENDOR_PROFILES: Record<VendorName, ConformanceProfile> = {
  helicone: {
    create: ({ apiKey, baseUrl }) => helicone({ apiKey, baseUrl }),
    writable: ({ apiKey, baseUrl }) => writableHelicone({ apiKey, baseUrl }),
    credentials: (apiKey) => ({ apiKey }),
    authorization: ({ apiKey }) => `Bearer ${apiKey}`,
    secretCredentials: ["apiKey"],
    keptMissing: "placeholder",
    engine: heliconeTemplate,
    live: {
      credentialEnv: { apiKey: "HELICONE_API_KEY" },
      baseUrlEnv: "HELICONE_BASE_URL",
      promptIdEnv: "POLYPROMPT_HELICONE_PROMPT_ID",
      defaultBaseUrl: "https://api.helicone.ai",
    },
    emulatorSecret: "sk-helicone-CONFORMANCE-5e1f0a9d3c7b",
    emulatorPrompt: (seed) => {
      const versions = seed.helicone.supportAgent.versions;
      return {
        promptId: seed.helicone.supportAgent.promptId,
        production: versions["1.1"],
        environments: { staging: versions["2.0"], development: versions["2.1"] },
        latest: versions["2.1"],
        labels: {
          "0.0": versions["0.0"],
          "1.0": versions["1.0"],
          "1.1": versions["1.1"],
          "2.0": versions["2.0"],
          "2.1": versions["2.1"],
          "1.x": versions["1.1"],
          "2.x": versions["2.1"],
          "1": versions["1.1"],
        },
        count: 5,
      };
    },
    seededPrompts: (seed) => promptsOf(seed.helicone),
    foreignVersionId: (seed) => seed.helicone.brandVoice.versions["0.0"],
    missingPromptId: "zz9Nope",
    missingVersionId: "00000000-0000-4000-8000-0000000000bb",
    missingSelectors: ["@99.0", "@99.x"],
    unexpressibleSelectors: [],
    majorSelectors: true,
    versionLabel: /^\d+\.\d+$/,
    placeholderForms: (name) => [`{{hc:${name}:`],
    includeMarkers: ["{{hcp:"],
    greeting: "Hello {{hc:name:string}}",
    productionRoute: "/v2/prompt-2025/query/production-version",
    promote: (promptId, versionId, environment) => ({
      method: "POST",
      path: "/v1/prompt-2025/update/environment",
      body: { promptId, promptVersionId: versionId, environment },
    }),
    createVersion: (promptId, latestVersionId, text) => ({
      method: "POST",
      path: "/v1/prompt-2025/update",
      body: {
        promptId,
        promptVersionId: latestVersionId,
        newMajorVersion: true,
        commitMessage: "conformance: new major version",
        promptBody: { model: "gpt-4o-mini", messages: [{ role: "user", content: `${text} {{hc:topic:string}}` }], max_tokens: 300 },
      },
      idOf: (answer) => (answer.data as { id: string }).id,
    }),
    smokePrompt: (seed) => ({ promptId: seed.helicone.supportAgent.promptId, version: "2.0" }),
  },
  tela: {
    create: ({ apiKey, baseUrl }) => tela({ apiKey, baseUrl }),
    writable: ({ apiKey, baseUrl }) => writableTela({ apiKey, baseUrl }),
    credentials: (apiKey) => ({ apiKey }),
    authorization: ({ apiKey }) => `Bearer ${apiKey}`,
    secretCredentials: ["apiKey"],
    keptMissing: "placeholder",
    engine: telaTemplate,
    live: {
      credentialEnv: { apiKey: "TELA_API_KEY" },
      baseUrlEnv: "TELA_BASE_URL",
      promptIdEnv: "POLYPROMPT_TELA_PROMPT_ID",
      defaultBaseUrl: "https://api.tela.com",
    },
    emulatorSecret: "tela-CONFORMANCE-secret-8b2d6f4e1a",
    emulatorPrompt: (seed) => {
      const versions = seed.tela.docAnalysis.versions;
      return {
        promptId: seed.tela.docAnalysis.promptId,
        production: versions.v3,
        environments: { staging: versions.v4, development: versions.v2 },
        latest: versions.v5,
        labels: { "1": versions.v1, "2": versions.v2, "3": versions.v3, "4": versions.v4, "5": versions.v5 },
        count: 5,
      };
    },
    seededPrompts: (seed) => promptsOf(seed.tela),
    foreignVersionId: (seed) => seed.tela.contractReview.versions.v1,
    missingPromptId: "00000000-0000-4000-8000-00000000c0f0",
    missingVersionId: "00000000-0000-4000-8000-0000000000aa",
    missingSelectors: ["@999", "@998"],
    unexpressibleSelectors: ["@2.1", "@2.x", "@0", "@03"],
    majorSelectors: false,
    versionLabel: /^[1-9]\d*$/,
    placeholderForms: (name) => [`{{${name}}}`, `{${name}}`],
    includeMarkers: [],
    greeting: "Hello {name}",
    productionRoute: "/prompt/*/promoted-version",
    promote: (promptId, versionId, environment) => ({
      method: "POST",
      path: "/environment/publish-by-name",
      body: { resourceType: "prompt", resourceId: promptId, envName: environment, versionId },
    }),
    createVersion: (promptId, _latestVersionId, text) => ({
      method: "POST",
      path: "/prompt-version",
      body: {
        promptId,
        title: "conformance",
        content: `${text} {topic}`,
        configuration: { model: "gpt-4o-mini", type: "chat", maxTokens: 300 },
        variables: [{ name: "topic", type: "text", required: true }],
        message: { role: "system", content: `${text} {topic}` },
      },
      idOf: (answer) => answer.id as string,
    }),
    smokePrompt: (seed) => ({ promptId: seed.tela.meetingSummarizer.promptId, version: "1" }),
  },
  langfuse: {
    create: ({ publicKey, secretKey, baseUrl }) => langfuse({ publicKey, secretKey, baseUrl }),
    writable: ({ publicKey, secretKey, baseUrl }) => writableLangfuse({ publicKey, secretKey, baseUrl }),
    // The emulator's Langfuse key is "publicKey:secretKey" (public keys hold no colon).
    credentials: (key) => ({ publicKey: key.slice(0, key.indexOf(":")), secretKey: key.slice(key.indexOf(":") + 1) }),
    authorization: ({ publicKey, secretKey }) => `Basic ${btoa(`${publicKey}:${secretKey}`)}`,
    // The public key identifies the project (Langfuse's browser SDK ships it); the secret key is the secret.
    secretCredentials: ["secretKey"],
    // As @langfuse/client renders a missing variable: empty text.
    keptMissing: "empty",
    engine: langfuseTemplate,
    live: {
      credentialEnv: { publicKey: "LANGFUSE_PUBLIC_KEY", secretKey: "LANGFUSE_SECRET_KEY" },
      baseUrlEnv: "LANGFUSE_BASE_URL",
      promptIdEnv: "POLYPROMPT_LANGFUSE_PROMPT_NAME",
      defaultBaseUrl: "https://cloud.langfuse.com",
    },
    emulatorSecret: "pk-lf-CONFORMANCE-7d3e9a1c:sk-lf-CONFORMANCE-2b8f6e4d0a91",
    // support/agent: a folder name and a dependency tag (resolved by the client). Version ids are
    // per-name numbers, so only a prompt with fewer versions than another has a foreign id.
    emulatorPrompt: (seed) => {
      const p = seed.langfuse.supportAgent;
      return {
        promptId: p.name,
        production: String(p.labels.production),
        environments: { staging: String(p.labels.staging) },
        latest: String(p.labels.latest),
        labels: Object.fromEntries(p.versions.map((v) => [String(v), String(v)])),
        count: p.versions.length,
      };
    },
    seededPrompts: (seed) =>
      Object.entries(seed.langfuse).flatMap(([name, p]) => (typeof p === "object" && "name" in p ? [{ name, promptId: p.name }] : [])),
    foreignVersionId: (seed) => String(Math.max(...seed.langfuse.supportChat.versions)),
    missingPromptId: "conformance/no-such-prompt",
    missingVersionId: "999",
    missingSelectors: ["@999", "@no-such-label"],
    unexpressibleSelectors: ["@2.x", "@0", "@03"],
    majorSelectors: false,
    versionLabel: /^[1-9]\d*$/,
    placeholderForms: (name) => [`{{${name}}}`, `{{ ${name} }}`, `{{{${name}}}}`, `{{#${name}}}`, `{{^${name}}}`],
    includeMarkers: ["@@@langfusePrompt:"],
    greeting: "Hello {{name}}",
    productionRoute: "/api/public/v2/prompts/*",
    promote: (promptId, versionId, environment) => ({
      method: "PATCH",
      path: `/api/public/v2/prompts/${encodeURIComponent(promptId)}/versions/${versionId}`,
      body: { newLabels: [environment] },
    }),
    createVersion: (promptId, _latestVersionId, text) => ({
      method: "POST",
      path: "/api/public/v2/prompts",
      body: {
        name: promptId,
        type: "chat",
        prompt: [{ role: "user", content: `${text} {{topic}}` }],
        config: { model: "gpt-4o-mini", max_tokens: 300 },
        commitMessage: "conformance: new version",
      },
      idOf: (answer) => String(answer.version),
    }),
    smokePrompt: (seed) => ({ promptId: seed.langfuse.supportChat.name, version: String(seed.langfuse.supportChat.labels.staging) }),
  },
};

/** The entries of a vendor's seed that are prompts (they have a `promptId`). */
function promptsOf(seed: object): { name: string; promptId: string }[] {
  return Object.entries(seed)
    .filter((entry): entry is [string, { promptId: string }] => typeof entry[1] === "object" && entry[1] !== null && "promptId" in entry[1])
    .map(([name, p]) => ({ name, promptId: p.promptId }));
}
