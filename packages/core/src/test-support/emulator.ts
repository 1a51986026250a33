// Test fixtures shared by the core's HTTP tests: an emulator with distinctive keys, and a
// client factory pointed at it. Not part of the published package.
import { startEmulator, type Emulator } from "@polyprompt/emulator";
export { errorTexts } from "@polyprompt/emulator/testing";
import { createPromptClient, type PromptClientOptions } from "../client/create-client.js";
import type { PromptVendor } from "../contract/vendor.js";
import { PromptError } from "../errors/prompt-error.js";
import type { BuiltInVendorName } from "../vendors/registry.js";
import { helicone } from "../vendors/helicone/index.js";
import { helicone as writableHelicone } from "../vendors/helicone/write.js";
import { tela } from "../vendors/tela/index.js";
import { tela as writableTela } from "../vendors/tela/write.js";

/** Keys no message should ever contain. */
export const SECRET_KEYS = {
  helicone: "sk-helicone-SECRET-7f3a9c1e5b",
  tela: "tela-SECRET-key-2d8e4b6a0c",
} as const;

export async function startTestEmulator(seed = 1): Promise<Emulator> {
  return startEmulator({ seed, apiKeys: { helicone: [SECRET_KEYS.helicone], tela: [SECRET_KEYS.tela] } });
}

/**
 * The built-in vendors this helper wires to the emulator. A vendor added later brings its own
 * client in its own tests, so adding one changes no shared test file.
 */
export const EMULATED_VENDORS = ["helicone", "tela"] as const satisfies readonly BuiltInVendorName[];
export type EmulatedVendorName = (typeof EMULATED_VENDORS)[number];

/** Each emulated vendor's adapter, pointed at the emulator. */
export function vendorsFor(emu: Emulator): Record<EmulatedVendorName, PromptVendor> {
  return {
    helicone: helicone({ apiKey: SECRET_KEYS.helicone, baseUrl: emu.urlFor("helicone") }),
    tela: tela({ apiKey: SECRET_KEYS.tela, baseUrl: emu.urlFor("tela") }),
  };
}

/** Each emulated vendor's adapter from its write entry point (with `writes`), pointed at the emulator. */
export function writersFor(emu: Emulator): Record<EmulatedVendorName, PromptVendor> {
  return {
    helicone: writableHelicone({ apiKey: SECRET_KEYS.helicone, baseUrl: emu.urlFor("helicone") }),
    tela: writableTela({ apiKey: SECRET_KEYS.tela, baseUrl: emu.urlFor("tela") }),
  };
}

export function clientFor(emu: Emulator, options: Omit<PromptClientOptions, "vendors"> = {}) {
  return createPromptClient({ vendors: Object.values(vendorsFor(emu)), ...options });
}

/** Runs `fn` and returns what it threw, failing the test when it did not throw a PromptError. */
export async function caught(fn: () => Promise<unknown>): Promise<PromptError> {
  try {
    await fn();
  } catch (err) {
    if (PromptError.is(err)) return err;
    throw new Error(`expected a PromptError, got ${String(err)}`, { cause: err });
  }
  throw new Error("expected a PromptError, but the call succeeded");
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
