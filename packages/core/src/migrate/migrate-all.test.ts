// migrateAll and the vendors' prompt listings over real HTTP against the emulator's seed data.
import { SEED, startEmulator, type Emulator } from "@polyprompt/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPromptClient } from "../client/create-client.js";
import type { PromptVendor } from "../contract/vendor.js";
import { caught } from "../test-support/emulator.js";
import { heliconeDialect } from "../vendors/helicone/index.js";
import { helicone } from "../vendors/helicone/write.js";
import { langfuseDialect } from "../vendors/langfuse/index.js";
import { langfuse } from "../vendors/langfuse/write.js";
import { telaDialect } from "../vendors/tela/index.js";
import { tela } from "../vendors/tela/write.js";
import { migrateAll } from "./migrate-all.js";

const KEYS = { helicone: "sk-helicone-ALL-1", tela: "tela-ALL-2", langfuse: ["pk-lf-ALL-3", "sk-lf-ALL-4"] } as const;
const dialects = [heliconeDialect, langfuseDialect, telaDialect];
let emu: Emulator;
let vendors: PromptVendor[];
beforeAll(async () => {
  emu = await startEmulator({ apiKeys: { helicone: [KEYS.helicone], tela: [KEYS.tela], langfuse: [KEYS.langfuse.join(":")] } });
  vendors = [
    helicone({ apiKey: KEYS.helicone, baseUrl: emu.urlFor("helicone") }),
    tela({ apiKey: KEYS.tela, baseUrl: emu.urlFor("tela") }),
    langfuse({ publicKey: KEYS.langfuse[0], secretKey: KEYS.langfuse[1], baseUrl: emu.urlFor("langfuse") }),
  ];
});
afterAll(() => emu?.close());

describe("listPrompts", () => {
  it("lists every seed prompt of each vendor", async () => {
    const client = createPromptClient({ vendors });
    const ids = async (vendor: string) => (await client.listPrompts(vendor)).map((p) => p.promptId).sort();
    expect(await ids("helicone")).toEqual(
      Object.values(SEED.helicone)
        .map((p) => p.promptId)
        .sort(),
    );
    const { projectId: _projectId, ...langfusePrompts } = SEED.langfuse;
    expect(await ids("langfuse")).toEqual(
      Object.values(langfusePrompts)
        .map((p) => p.name)
        .sort(),
    );
    expect((await ids("tela")).length).toBeGreaterThan(0);
    expect((await client.listPrompts("helicone")).find((p) => p.promptId === SEED.helicone.brandVoice.promptId)?.name).toBe("Brand Voice");
  });

  it("is unsupported for a vendor without a listing, and names an unknown vendor", async () => {
    const { listPrompts: _listPrompts, ...bare } = vendors[0]!;
    const client = createPromptClient({ vendors: [{ ...bare, name: "acme" }] });
    expect((await caught(() => client.listPrompts("acme"))).code).toBe("unsupported");
    expect((await caught(() => client.listPrompts("nope"))).code).toBe("invalid_ref");
  });
});

describe("migrateAll", () => {
  it("plans, then copies every Helicone prompt it can to Langfuse, reporting each one it cannot; a re-run writes nothing", async () => {
    const seen: string[] = [];
    const options = { vendors, dialects, from: "helicone", to: "langfuse", model: "gpt-4o-mini" };
    const plan = await migrateAll({ ...options, dryRun: true });
    expect(plan.prompts).toHaveLength(Object.keys(SEED.helicone).length);
    expect(plan.versionsCreated).toBe(0);

    const report = await migrateAll({ ...options, onPrompt: (p) => seen.push(`${p.index}/${p.total} ${p.source}`) });
    expect(seen).toHaveLength(report.prompts.length);
    const failed = report.prompts.filter((p) => p.error).map((p) => p.source);
    // The support agent has typed tags inside its tools: Langfuse cannot hold them.
    expect(failed).toContain(`helicone:${SEED.helicone.supportAgent.promptId}`);
    for (const p of report.prompts.filter((p) => p.error)) expect(p.error!.code).toBe("unsupported");
    expect(report.migrated + report.failed).toBe(report.prompts.length);
    expect(report.versionsCreated).toBeGreaterThan(0);
    expect(report.rendersMatch).toBe(true);
    const brandVoice = report.prompts.find((p) => p.source === `helicone:${SEED.helicone.brandVoice.promptId}`)!;
    expect(brandVoice.error).toBeUndefined();

    const again = await migrateAll(options);
    expect(again.versionsCreated).toBe(0);
    expect(again.failed).toBe(report.failed);
  });
});
