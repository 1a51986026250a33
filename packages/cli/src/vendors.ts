/**
 * Each built-in vendor's adapter and template dialect, on top of its facts (vendor-facts.ts).
 * Loaded only by commands that talk to a vendor.
 */
import type { PromptVendor, TemplateDialect } from "@polyprompt/core";
import { helicone, heliconeDialect } from "@polyprompt/core/helicone";
import { langfuse, langfuseDialect } from "@polyprompt/core/langfuse";
import { tela, telaDialect } from "@polyprompt/core/tela";
import type { Emulator } from "@polyprompt/emulator";
import { KNOWN_VENDORS, VENDOR_FACTS, type VendorFacts, type VendorName } from "./vendor-facts.js";

export { credentialVariables, isKnownVendor, KNOWN_VENDORS, type VendorName } from "./vendor-facts.js";

/** Adapter options: the vendor's credentials (option name → value) and an optional `baseUrl`. */
export type AdapterOptions = Readonly<Record<string, string | undefined>>;

export interface CliProfile extends VendorFacts {
  /** The vendor's adapter, from its credentials and an optional base URL. */
  create: (options: AdapterOptions) => PromptVendor;
  /** Its template dialect, for translating (`migrate`, `pull`, `push`). */
  dialect: TemplateDialect;
}

export const VENDOR_PROFILES: Record<VendorName, CliProfile> = {
  helicone: { ...VENDOR_FACTS.helicone, create: ({ apiKey, baseUrl }) => helicone({ apiKey, baseUrl }), dialect: heliconeDialect },
  tela: { ...VENDOR_FACTS.tela, create: ({ apiKey, baseUrl }) => tela({ apiKey, baseUrl }), dialect: telaDialect },
  langfuse: {
    ...VENDOR_FACTS.langfuse,
    create: ({ publicKey, secretKey, baseUrl }) => langfuse({ publicKey, secretKey, baseUrl }),
    dialect: langfuseDialect,
  },
};

/** Vendors registered against a running emulator, with its keys. */
export function emulatorVendors(emulator: Emulator): PromptVendor[] {
  return KNOWN_VENDORS.map((name) => {
    const profile = VENDOR_PROFILES[name];
    return profile.create({ ...profile.emulatorCredentials(emulator.apiKeys[name]), baseUrl: emulator.urlFor(name) });
  });
}
