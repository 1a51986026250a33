// migratePrompt between every pair of vendors on the emulator (live targets are read-only): the
// dry run plans every version of the source's richest seed prompt, oldest first, and writes
// nothing; where the plan has no loss and no refused write, the migration runs, renders the same
// in both vendors, and a re-run writes nothing.
import {
  BUILT_IN_VENDORS,
  createPromptClient,
  migrateAll,
  migratePrompt,
  sampleVariables,
  type PromptVendor,
  type TemplateDialect,
} from "@polyprompt/core";
import { startEmulator, type Emulator } from "@polyprompt/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMULATOR_PROMPTS, EMULATOR_SECRETS, emulatorApiKeys } from "./targets.js";
import { VENDOR_PROFILES, type VendorName } from "./vendors.js";

let emu: Emulator;
let vendors: PromptVendor[];
let dialects: TemplateDialect[];
beforeAll(async () => {
  emu = await startEmulator({ seed: 1, apiKeys: emulatorApiKeys() });
  vendors = BUILT_IN_VENDORS.map((name) =>
    VENDOR_PROFILES[name].writable({ ...VENDOR_PROFILES[name].credentials(EMULATOR_SECRETS[name]), baseUrl: emu.urlFor(name) }),
  );
  // Each vendor entry point exports its dialect as `<vendor>Dialect`.
  dialects = await Promise.all(
    BUILT_IN_VENDORS.map(
      async (name) => ((await import(`@polyprompt/core/${name}`)) as Record<string, TemplateDialect>)[`${name}Dialect`]!,
    ),
  );
});
afterAll(() => emu?.close());

const PAIRS = BUILT_IN_VENDORS.flatMap((from) =>
  BUILT_IN_VENDORS.filter((to) => to !== from).map((to) => [from, to] as [VendorName, VendorName]),
);

describe.each(PAIRS)("migratePrompt %s → %s", (from, to) => {
  it("plans every version oldest first without writing; runs when the plan is lossless, and a re-run writes nothing", async () => {
    const source = `${from}:${EMULATOR_PROMPTS[from].promptId}`;
    const name = `conformance-${from}-to-${to}`;
    const options = { vendors, dialects, from: source, to: `${to}:${name}`, model: "gpt-4o-mini" };

    const before = JSON.stringify(emu.state());
    const plan = await migratePrompt({ ...options, dryRun: true });
    expect(JSON.stringify(emu.state()), "a dry run changes nothing").toBe(before);
    const main = plan.prompts.at(-1)!;
    expect(main.source).toBe(source);
    expect(main.versions).toHaveLength(EMULATOR_PROMPTS[from].count);
    const dates = main.versions.map((v) => v.source.createdAt);
    expect(dates).toEqual([...dates].sort());
    expect(plan.versionsCreated).toBe(0);

    const blocked = plan.prompts.flatMap((p) => p.versions.flatMap((v) => [...v.losses, ...v.refused]));
    const creates = vendors.find((v) => v.name === to)!.writes!.check("createPrompt");
    if (blocked.length > 0 || creates.length > 0) {
      await expect(migratePrompt(options)).rejects.toMatchObject({ code: "unsupported" });
      return;
    }
    const report = await migratePrompt(options);
    expect(report.rendersMatch).toBe(true);
    expect(report.prompts.at(-1)!.versions.every((v) => v.check === "same")).toBe(true);
    const again = await migratePrompt(options);
    expect(again.versionsCreated).toBe(0);
    expect(again.environmentsSet).toBe(0);
  });
});

describe.each(PAIRS)("migrateAll %s → %s (dry run)", (from, to) => {
  it("plans every prompt the source lists, writing nothing", async () => {
    const before = JSON.stringify(emu.state());
    const listed = await createPromptClient({ vendors }).listPrompts(from);
    expect(listed.length).toBeGreaterThan(0);
    const report = await migrateAll({ vendors, dialects, from, to, dryRun: true, model: "gpt-4o-mini" });
    expect(report.prompts.map((p) => p.source).sort()).toEqual(listed.map((p) => `${from}:${p.promptId}`).sort());
    expect(report.versionsCreated).toBe(0);
    expect(JSON.stringify(emu.state())).toBe(before);
  });
});

describe("sampleVariables", () => {
  it("gives a value for every variable and placeholder of each vendor's seed prompt", async () => {
    const client = createPromptClient({ vendors, cache: false });
    for (const name of BUILT_IN_VENDORS) {
      const version = await client.get(`${name}:${EMULATOR_PROMPTS[name].promptId}`);
      const values = sampleVariables(version);
      for (const variable of version.variables) expect(values, `${name}: ${variable.name}`).toHaveProperty([variable.name]);
      for (const message of version.messages) if (message.role === "placeholder") expect(Array.isArray(values[message.name])).toBe(true);
    }
  });
});
