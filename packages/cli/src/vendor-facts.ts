/**
 * What the CLI knows about each built-in vendor without loading its adapter: its name, its
 * environment variables, its help text and how the emulator's keys map to its credentials.
 * `--help`, usage errors and key redaction need only this, so they start fast. The table is a
 * `Record<BuiltInVendorName, VendorFacts>`: a vendor added to the core without a row here fails
 * `typecheck` (see vendors.test-d.ts).
 */
import type { BuiltInVendorName } from "@polyprompt/core";

export type VendorName = BuiltInVendorName;

export interface VendorFacts {
  /** As people write it: "Helicone". */
  displayName: string;
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

export const VENDOR_FACTS: Record<VendorName, VendorFacts> = {
  helicone: {
    displayName: "Helicone",
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

/** Every vendor the CLI knows how to talk to, in the order it lists them. */
export const KNOWN_VENDORS = Object.keys(VENDOR_FACTS) as VendorName[];

/** The environment variables that hold a vendor's secrets, in the order its row lists them. */
export const credentialVariables = (name: VendorName): string[] => Object.values(VENDOR_FACTS[name].env.credentials);

/** True when `name` is a vendor this CLI has a row for. */
export const isKnownVendor = (name: string): name is VendorName => Object.hasOwn(VENDOR_FACTS, name);

/** The environment variables that configure a vendor's credentials, for hints: "A" or "A and B". */
export const keyVariable = (vendor: VendorName): string => {
  const names = credentialVariables(vendor);
  return names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
};

/** Every environment variable that holds a secret, for redaction. */
export const keyVariables = (): string[] => KNOWN_VENDORS.flatMap(credentialVariables);
