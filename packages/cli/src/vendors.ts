/**
 * Each built-in vendor's adapter and template dialect, on top of its facts (vendor-facts.ts),
 * imported only when a run needs that vendor: a command against one vendor loads one adapter.
 * The CLI writes (`push`, `migrate`), so its adapters come from each vendor's write entry point
 * (`@polyprompt/core/<vendor>/write`); the dialect and engine from the vendor's own.
 */
import type { PromptVendor, TemplateDialect, TemplateEngine } from "@polyprompt/core";
import type { Emulator } from "@polyprompt/emulator";
import { KNOWN_VENDORS, VENDOR_FACTS, type VendorFacts, type VendorName } from "./vendor-facts.js";

export { credentialVariables, isKnownVendor, KNOWN_VENDORS, type VendorName } from "./vendor-facts.js";

/** Adapter options: the vendor's credentials (option name → value) and an optional `baseUrl`. */
export type AdapterOptions = Readonly<Record<string, string | undefined>>;

export interface VendorModule {
  /** The vendor's adapter, with its writer, from its credentials and an optional base URL. */
  create: (options: AdapterOptions) => PromptVendor;
  /** Its template dialect, for translating (`migrate`, `pull`, `push`). */
  dialect: TemplateDialect;
  /** Its template engine, whose variable types `types` reads. */
  engine: TemplateEngine;
}

export interface CliProfile extends VendorFacts, VendorModule {}

/** Loads a vendor's adapter and dialect from its core entry point. */
export const VENDOR_MODULES: Record<VendorName, () => Promise<VendorModule>> = {
  helicone: async () => {
    const [{ heliconeDialect, heliconeTemplate }, { helicone }] = await Promise.all([
      import("@polyprompt/core/helicone"),
      import("@polyprompt/core/helicone/write"),
    ]);
    return { create: ({ apiKey, baseUrl }) => helicone({ apiKey, baseUrl }), dialect: heliconeDialect, engine: heliconeTemplate };
  },
  tela: async () => {
    const [{ telaDialect, telaTemplate }, { tela }] = await Promise.all([
      import("@polyprompt/core/tela"),
      import("@polyprompt/core/tela/write"),
    ]);
    return { create: ({ apiKey, baseUrl }) => tela({ apiKey, baseUrl }), dialect: telaDialect, engine: telaTemplate };
  },
  langfuse: async () => {
    const [{ langfuseDialect, langfuseTemplate }, { langfuse }] = await Promise.all([
      import("@polyprompt/core/langfuse"),
      import("@polyprompt/core/langfuse/write"),
    ]);
    return {
      create: ({ publicKey, secretKey, baseUrl }) => langfuse({ publicKey, secretKey, baseUrl }),
      dialect: langfuseDialect,
      engine: langfuseTemplate,
    };
  },
};

/** Every vendor's facts, adapter and dialect (this loads every adapter). */
export async function loadVendorProfiles(): Promise<Record<VendorName, CliProfile>> {
  const entries = await Promise.all(
    KNOWN_VENDORS.map(async (name) => [name, { ...VENDOR_FACTS[name], ...(await VENDOR_MODULES[name]()) }] as const),
  );
  return Object.fromEntries(entries) as Record<VendorName, CliProfile>;
}

/** Vendors registered against a running emulator, with its keys. */
export function emulatorVendors(emulator: Emulator, profiles: Record<VendorName, CliProfile>): PromptVendor[] {
  return KNOWN_VENDORS.map((name) => {
    const profile = profiles[name];
    return profile.create({ ...profile.emulatorCredentials(emulator.apiKeys[name]), baseUrl: emulator.urlFor(name) });
  });
}
