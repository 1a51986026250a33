/**
 * Everything the CLI knows about each built-in vendor, in one table. The table is a
 * `Record<BuiltInVendorName, CliProfile>`: a vendor added to the core without a row here fails
 * `typecheck` (see vendors.test-d.ts). Nothing else in this app names a vendor.
 */
import { BUILT_IN_VENDORS, type BuiltInVendorName, type PromptVendor, type TemplateDialect } from "@polyprompt/core";
import { helicone, heliconeDialect } from "@polyprompt/core/helicone";
import { langfuse, langfuseDialect } from "@polyprompt/core/langfuse";
import { tela, telaDialect } from "@polyprompt/core/tela";
import type { Emulator } from "@polyprompt/emulator";

export type VendorName = BuiltInVendorName;

/** Every vendor the CLI knows how to talk to, in the order it lists them. */
export const KNOWN_VENDORS: readonly VendorName[] = BUILT_IN_VENDORS;

/** Adapter options: the vendor's credentials (option name → value) and an optional `baseUrl`. */
export type AdapterOptions = Readonly<Record<string, string | undefined>>;

export interface CliProfile {
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
}

const helpRef = (vendor: string, suffix = "") => `${vendor}:<id>${suffix}`;

export const VENDOR_PROFILES: Record<VendorName, CliProfile> = {
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
