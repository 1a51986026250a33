import type { PromptVendor, TemplateDialect } from "@polyprompt/core";
import type { Emulator } from "@polyprompt/emulator";
import { KNOWN_VENDORS, VENDOR_FACTS, type VendorName } from "./vendor-facts.js";
import { emulatorVendors, loadVendorProfiles, VENDOR_MODULES } from "./vendors.js";

/** A vendor the CLI knows how to talk to (it has a row in ./vendors.ts). */
export type KnownVendor = VendorName;

export interface VendorConfig {
  /** The credential options set in the environment (option name → value). */
  credentials: Record<string, string>;
  baseUrl?: string;
}

/**
 * What to talk to: the vendors configured by environment variables, or the built-in emulator
 * when asked.
 */
export type TargetPlan = { kind: "vendors"; vendors: Partial<Record<KnownVendor, VendorConfig>> } | { kind: "emulator" };

const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value.trim() === "" ? undefined : value.trim());

/**
 * What this run talks to: the built-in emulator when asked (`--emulator` or
 * `POLYPROMPT_EMULATOR=1`), else each vendor with a credential in the environment. Never the
 * emulator silently: a vendor with no key is an error naming the variable to set.
 */
export function planTarget(env: NodeJS.ProcessEnv, emulatorFlag = false): TargetPlan {
  if (emulatorFlag || env.POLYPROMPT_EMULATOR === "1") return { kind: "emulator" };
  const vendors: Partial<Record<KnownVendor, VendorConfig>> = {};
  for (const name of KNOWN_VENDORS) {
    const credentials: Record<string, string> = {};
    for (const [option, variable] of Object.entries(VENDOR_FACTS[name].env.credentials)) {
      const value = nonEmpty(env[variable]);
      if (value) credentials[option] = value;
    }
    // Any credential set selects the vendor: one left out then fails by name when the adapter
    // is created.
    if (Object.keys(credentials).length === 0) continue;
    const baseUrl = nonEmpty(env[VENDOR_FACTS[name].env.baseUrl]);
    vendors[name] = baseUrl ? { credentials, baseUrl } : { credentials };
  }
  return { kind: "vendors", vendors };
}

/** Names of the vendors a plan registers. */
export function plannedVendors(plan: TargetPlan): KnownVendor[] {
  return plan.kind === "emulator" ? [...KNOWN_VENDORS] : KNOWN_VENDORS.filter((name) => plan.vendors[name]);
}

export interface Target {
  vendors: PromptVendor[];
  /** The template dialects of those vendors. */
  dialects: TemplateDialect[];
  /** Said in provenance lines: "the built-in emulator at …" or the vendors' base URLs. */
  origin: string;
  /** The in-process emulator, when one was started. */
  emulator?: Emulator;
  close(): Promise<void>;
}

/** Starts the emulator in-process on a random port (seeded demo data). */
export async function startBuiltInEmulator(port = 0): Promise<Emulator> {
  const { startEmulator } = await import("@polyprompt/emulator");
  return startEmulator({ port });
}

/**
 * Opens the target of a plan. With the emulator, `notice` receives the one line that says so,
 * and SIGINT/SIGTERM close it before the process exits.
 */
export async function openTarget(plan: TargetPlan, notice: (line: string) => void): Promise<Target> {
  if (plan.kind === "vendors") {
    const names = KNOWN_VENDORS.filter((name) => plan.vendors[name]);
    const modules = await Promise.all(names.map((name) => VENDOR_MODULES[name]()));
    const vendors = names.map((name, i) => {
      const { credentials, baseUrl } = plan.vendors[name]!;
      return modules[i]!.create({ ...credentials, baseUrl });
    });
    const origin = names.map((name) => `${name} (${plan.vendors[name]!.baseUrl ?? "default API URL"})`).join(", ");
    return { vendors, dialects: modules.map((m) => m.dialect), origin, close: async () => {} };
  }
  const [emulator, profiles] = await Promise.all([startBuiltInEmulator(), loadVendorProfiles()]);
  notice(`using the built-in emulator at ${emulator.url} (seeded demo data)`);
  const onSignal = (signal: NodeJS.Signals) => {
    void emulator.close().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return {
    vendors: emulatorVendors(emulator, profiles),
    dialects: KNOWN_VENDORS.map((name) => profiles[name].dialect),
    origin: `the built-in emulator at ${emulator.url}`,
    emulator,
    close: async () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      await emulator.close();
    },
  };
}
