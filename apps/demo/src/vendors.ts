/**
 * Everything the CLI and the tour know about each built-in vendor, in one table. The table is a
 * `Record<BuiltInVendorName, DemoProfile>`: a vendor added to the core without a row here fails
 * `typecheck` (see vendors.test-d.ts). Nothing else in this app names a vendor.
 */
import { BUILT_IN_VENDORS, type BuiltInVendorName, type PromptVariables, type PromptVendor, type TemplateDialect } from "@polyprompt/core";
import { helicone, heliconeDialect } from "@polyprompt/core/helicone";
import { langfuse, langfuseDialect } from "@polyprompt/core/langfuse";
import { tela, telaDialect } from "@polyprompt/core/tela";
import type { Emulator, SeedIds } from "@polyprompt/emulator";

export type VendorName = BuiltInVendorName;

/** Every vendor the CLI knows how to talk to, in the order it lists them. */
export const KNOWN_VENDORS: readonly VendorName[] = BUILT_IN_VENDORS;

/** A render the tour shows: the command a user would type, and what the tour passes instead. */
export interface TourRender {
  /** The prompt rendered, when not the vendor's tour prompt. */
  promptId?: (seed: SeedIds) => string;
  /** Appended to the prompt reference: `""` or `"@development"`. */
  selector: string;
  format: "openai" | "anthropic";
  /** The command line shown, one string per printed line. */
  command: (ref: string) => string[];
  variables: PromptVariables;
  /** Overrides for the provider body. */
  overrides?: { model?: string; maxTokens?: number };
  /** Fields to collapse when the body is printed (long schemas, file payloads). */
  collapse: string[];
}

/** What the scripted tour (`pnpm tour`) does with this vendor on the emulator. */
export interface TourScript {
  /** The prompt the tour lists, gets and renders (a seed prompt with a production version). */
  promptId: (seed: SeedIds) => string;
  /** One render per provider format the tour shows for this vendor. */
  renders: TourRender[];
  /** A version of the tour prompt that is not in production, for the promotion step. */
  promotionTarget: (seed: SeedIds) => { versionId: string; label: string };
  /** The vendor route a UI or SDK would call to move an environment to a version. */
  promoteRequest: (promptId: string, versionId: string, environment: string) => { method: string; path: string; body: unknown };
  /** The route that answers a get of production, for the fault step. */
  productionRoute: (promptId: string) => { method: string; path: string };
  /** Variables for rendering the tour prompt's production version. */
  productionVariables: PromptVariables;
}

/** Adapter options: the vendor's credentials (option name → value) and an optional `baseUrl`. */
export type AdapterOptions = Readonly<Record<string, string | undefined>>;

export interface DemoProfile {
  /** As people write it: "Helicone". */
  displayName: string;
  /** The vendor's adapter, from its credentials and an optional base URL. */
  create: (options: AdapterOptions) => PromptVendor;
  /** Its template dialect, for translating (`migrate`). */
  dialect: TemplateDialect;
  /**
   * Environment variables that configure the vendor: each credential option with the variable
   * that holds it (every one is a secret, redacted from output), and the base URL's variable.
   */
  env: { credentials: Readonly<Record<string, string>>; baseUrl: string };
  /** The credential options in the emulator's key string for this vendor (`emu.apiKeys[vendor]`). */
  emulatorCredentials: (key: string) => Record<string, string>;
  /** The `Authorization` header value of the vendor's own routes, from its credential options. */
  authorization: (credentials: Readonly<Record<string, string>>) => string;
  help: {
    /** Reference forms the help lists, as [reference, meaning] pairs. */
    refForms: [string, string][];
    /** A prompt reference for the examples of ls, get and diff. */
    exampleRef: string;
    /** An example of `polyprompt render`, one string per printed line. */
    renderExample: string[];
  };
  tour: TourScript;
}

const helpRef = (vendor: string, suffix = "") => `${vendor}:<id>${suffix}`;

export const VENDOR_PROFILES: Record<VendorName, DemoProfile> = {
  helicone: {
    displayName: "Helicone",
    create: ({ apiKey, baseUrl }) => helicone({ apiKey, baseUrl }),
    dialect: heliconeDialect,
    env: { credentials: { apiKey: "HELICONE_API_KEY" }, baseUrl: "HELICONE_BASE_URL" },
    emulatorCredentials: (apiKey) => ({ apiKey }),
    authorization: ({ apiKey }) => `Bearer ${apiKey}`,
    help: {
      refForms: [
        [helpRef("helicone"), "production"],
        [helpRef("helicone", "@staging"), "an environment"],
        [helpRef("helicone", "@latest"), "newest version"],
        [helpRef("helicone", "@2.1"), "a version (@2.x: newest 2.*)"],
      ],
      exampleRef: "helicone:TIXTkB",
      renderExample: [
        "polyprompt render helicone:TIXTkB --var name=Ada --var count=3 --var vip=true \\",
        `  --var region=EU --var question="Where is my order?" --var-json tiers='["gold"]'`,
      ],
    },
    tour: {
      promptId: (seed) => seed.helicone.supportAgent.promptId,
      renders: [
        {
          selector: "",
          format: "openai",
          command: (ref) => [
            `$ polyprompt render ${ref} --format openai --var name=Ada --var count=3 --var vip=true --var region=EU \\`,
            `    --var question="Where is my order A-1042?" --var-json tiers='["gold","silver"]'`,
          ],
          variables: { name: "Ada", count: 3, vip: true, region: "EU", tiers: ["gold", "silver"], question: "Where is my order A-1042?" },
          collapse: ["parameters"],
        },
      ],
      promotionTarget: (seed) => ({ versionId: seed.helicone.supportAgent.versions["2.0"], label: "2.0" }),
      promoteRequest: (promptId, versionId, environment) => ({
        method: "POST",
        path: "/v1/prompt-2025/update/environment",
        body: { promptId, promptVersionId: versionId, environment },
      }),
      productionRoute: () => ({ method: "POST", path: "/v2/prompt-2025/query/production-version" }),
      productionVariables: { name: "Ada", count: 3, vip: true, region: "EU", tiers: ["gold"], question: "Where is my order?" },
    },
  },
  tela: {
    displayName: "Tela",
    create: ({ apiKey, baseUrl }) => tela({ apiKey, baseUrl }),
    dialect: telaDialect,
    env: { credentials: { apiKey: "TELA_API_KEY" }, baseUrl: "TELA_BASE_URL" },
    emulatorCredentials: (apiKey) => ({ apiKey }),
    authorization: ({ apiKey }) => `Bearer ${apiKey}`,
    help: {
      refForms: [[helpRef("tela", "@3"), "version 3"]],
      exampleRef: "tela:<id>",
      renderExample: [
        "polyprompt render tela:<id>@development --format anthropic --max-tokens 256 \\",
        `  --var document=https://example.com/report.png --var query="Summarize"`,
      ],
    },
    tour: {
      promptId: (seed) => seed.tela.docAnalysis.promptId,
      renders: [
        {
          selector: "@development",
          format: "anthropic",
          command: (ref) => [
            `$ polyprompt render ${ref} --format anthropic --model claude-sonnet-4-5 --max-tokens 512 \\`,
            `    --var document=data:text/plain;base64,… --var query="How did revenue change?"`,
          ],
          variables: {
            document: `data:text/plain;base64,${Buffer.from("Q3 revenue grew 12% to $4.2M; churn fell to 2.1%.").toString("base64")}`,
            query: "How did revenue change?",
          },
          overrides: { model: "claude-sonnet-4-5", maxTokens: 512 },
          collapse: ["source"],
        },
      ],
      promotionTarget: (seed) => ({ versionId: seed.tela.docAnalysis.versions.v4, label: "4" }),
      promoteRequest: (promptId, versionId, environment) => ({
        method: "POST",
        path: "/environment/publish-by-name",
        body: { resourceType: "prompt", resourceId: promptId, envName: environment, versionId },
      }),
      productionRoute: (promptId) => ({ method: "GET", path: `/prompt/${promptId}/promoted-version` }),
      productionVariables: { document: "https://example.com/q3-report.pdf", query: "How did revenue change?", language: "English" },
    },
  },
  langfuse: {
    displayName: "Langfuse",
    create: ({ publicKey, secretKey, baseUrl }) => langfuse({ publicKey, secretKey, baseUrl }),
    dialect: langfuseDialect,
    env: { credentials: { publicKey: "LANGFUSE_PUBLIC_KEY", secretKey: "LANGFUSE_SECRET_KEY" }, baseUrl: "LANGFUSE_BASE_URL" },
    // The emulator's Langfuse key is "publicKey:secretKey" (public keys hold no colon).
    emulatorCredentials: (key) => ({ publicKey: key.slice(0, key.indexOf(":")), secretKey: key.slice(key.indexOf(":") + 1) }),
    authorization: ({ publicKey, secretKey }) => `Basic ${btoa(`${publicKey}:${secretKey}`)}`,
    help: {
      refForms: [
        ["langfuse:<name>", "label production"],
        ["langfuse:<name>@staging", "a label"],
        ["langfuse:<name>@3", "version 3"],
        ["langfuse:<name>#3", "exactly version 3"],
      ],
      exampleRef: "langfuse:support/chat",
      renderExample: [
        `polyprompt render langfuse:support/chat --var company=Acme --var question="Where is my order?" \\`,
        `  --var-json history='[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello!"}]'`,
      ],
    },
    tour: {
      promptId: (seed) => seed.langfuse.supportChat.name,
      renders: [
        {
          // A chat prompt with a history placeholder: the caller's turns go in as written.
          selector: "",
          format: "openai",
          command: (ref) => [
            `$ polyprompt render ${ref} --format openai --var company=Acme --var-json vip=true \\`,
            `    --var question="Where is my order A-1042?" --var-json history='[{"role":"user","content":"Hi, {{company}} here"},…]'`,
          ],
          variables: {
            company: "Acme",
            vip: true,
            question: "Where is my order A-1042?",
            history: [
              { role: "user", content: "Hi, {{company}} here" },
              { role: "assistant", content: "Hello! How can I help?" },
            ],
          },
          collapse: [],
        },
        {
          // A chat prompt whose system message includes the text prompt brand-voice.
          promptId: (seed) => seed.langfuse.supportAgent.name,
          selector: "",
          format: "anthropic",
          command: (ref) => [`$ polyprompt render ${ref} --format anthropic --max-tokens 512 --var question="Can I get a refund?"`],
          variables: { question: "Can I get a refund?" },
          overrides: { maxTokens: 512 },
          collapse: [],
        },
      ],
      promotionTarget: (seed) => ({
        versionId: String(seed.langfuse.supportChat.labels.staging),
        label: String(seed.langfuse.supportChat.labels.staging),
      }),
      promoteRequest: (promptId, versionId, environment) => ({
        method: "PATCH",
        path: `/api/public/v2/prompts/${encodeURIComponent(promptId)}/versions/${versionId}`,
        body: { newLabels: [environment] },
      }),
      productionRoute: (promptId) => ({ method: "GET", path: `/api/public/v2/prompts/${encodeURIComponent(promptId)}` }),
      productionVariables: { company: "Acme", vip: false, question: "Where is my order?", history: [] },
    },
  },
};

/** Vendors registered against a running emulator, with its keys. */
export function emulatorVendors(emulator: Emulator): PromptVendor[] {
  return KNOWN_VENDORS.map((name) => {
    const profile = VENDOR_PROFILES[name];
    return profile.create({ ...profile.emulatorCredentials(emulator.apiKeys[name]), baseUrl: emulator.urlFor(name) });
  });
}

/** The environment variables that hold a vendor's secrets, in the order its profile lists them. */
export const credentialVariables = (name: VendorName): string[] => Object.values(VENDOR_PROFILES[name].env.credentials);

/** True when `name` is a vendor this app has a profile for. */
export const isKnownVendor = (name: string): name is VendorName => Object.hasOwn(VENDOR_PROFILES, name);
