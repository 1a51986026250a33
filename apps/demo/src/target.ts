import type { PromptVendor } from "@polyprompt/core";
import type { Emulator } from "@polyprompt/emulator";
import { emulatorVendors, KNOWN_VENDORS, VENDOR_PROFILES, type VendorName } from "./vendors.js";

/** A vendor the CLI knows how to talk to (it has a row in ./vendors.ts). */
export type KnownVendor = VendorName;

export interface VendorConfig {
  apiKey: string;
  baseUrl?: string;
}

/**
 * What to talk to: the vendors configured by environment variables, or (when no key is set)
 * the built-in emulator.
 */
export type TargetPlan = { kind: "vendors"; vendors: Partial<Record<KnownVendor, VendorConfig>> } | { kind: "emulator" };

const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value.trim() === "" ? undefined : value.trim());

export function planTarget(env: NodeJS.ProcessEnv): TargetPlan {
  const vendors: Partial<Record<KnownVendor, VendorConfig>> = {};
  for (const name of KNOWN_VENDORS) {
    const apiKey = nonEmpty(env[VENDOR_PROFILES[name].env.key]);
    if (!apiKey) continue;
    const baseUrl = nonEmpty(env[VENDOR_PROFILES[name].env.baseUrl]);
    vendors[name] = baseUrl ? { apiKey, baseUrl } : { apiKey };
  }
  return Object.keys(vendors).length === 0 ? { kind: "emulator" } : { kind: "vendors", vendors };
}

/** Names of the vendors a plan registers. */
export function plannedVendors(plan: TargetPlan): KnownVendor[] {
  return plan.kind === "emulator" ? [...KNOWN_VENDORS] : KNOWN_VENDORS.filter((name) => plan.vendors[name]);
}

/** The environment variable that configures a vendor's key, for hints. */
export const keyVariable = (vendor: KnownVendor): string => VENDOR_PROFILES[vendor].env.key;

/** Every environment variable that holds an API key, for redaction and the emulator notice. */
export const keyVariables = (): string[] => KNOWN_VENDORS.map(keyVariable);

export interface Target {
  vendors: PromptVendor[];
  /** Said in provenance lines: "the built-in emulator at …" or the vendors' base URLs. */
  origin: string;
  /** The in-process emulator, when one was started. */
  emulator?: Emulator;
  close(): Promise<void>;
}

/** Starts the emulator in-process on a random port (seeded demo data). */
export async function startBuiltInEmulator(): Promise<Emulator> {
  const { startEmulator } = await import("@polyprompt/emulator");
  return startEmulator({ port: 0 });
}

/**
 * Opens the target of a plan. With the emulator, `notice` receives the one line that says so,
 * and SIGINT/SIGTERM close it before the process exits.
 */
export async function openTarget(plan: TargetPlan, notice: (line: string) => void): Promise<Target> {
  if (plan.kind === "vendors") {
    const names = KNOWN_VENDORS.filter((name) => plan.vendors[name]);
    const vendors = names.map((name) => VENDOR_PROFILES[name].create(plan.vendors[name]!));
    const origin = names.map((name) => `${name} (${plan.vendors[name]!.baseUrl ?? "default API URL"})`).join(", ");
    return { vendors, origin, close: async () => {} };
  }
  const emulator = await startBuiltInEmulator();
  notice(`no ${keyVariables().join("/")} set, using the built-in emulator at ${emulator.url} (seeded demo data)`);
  const onSignal = (signal: NodeJS.Signals) => {
    void emulator.close().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return {
    vendors: emulatorVendors(emulator),
    origin: `the built-in emulator at ${emulator.url}`,
    emulator,
    close: async () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      await emulator.close();
    },
  };
}
