// Migrations between vendors over real HTTP against the emulator: Helicone → Langfuse (a prompt
// with five versions, three environments, a partial and typed variables), Tela → Langfuse and
// Langfuse → Helicone; then a re-run, a kill-and-resume and a dry run.
import { SEED, startEmulator, type Emulator } from "@polyprompt/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPromptClient } from "../client/create-client.js";
import type { PromptContent, PromptVendor } from "../contract/vendor.js";
import type { FetchLike } from "../http/request.js";
import { caught } from "../test-support/emulator.js";
import { heliconeDialect } from "../vendors/helicone/index.js";
import { helicone } from "../vendors/helicone/write.js";
import { langfuseDialect } from "../vendors/langfuse/index.js";
import { langfuse } from "../vendors/langfuse/write.js";
import { telaDialect } from "../vendors/tela/index.js";
import { tela } from "../vendors/tela/write.js";
import { publishVersion } from "../write/publish-version.js";
import { migratePrompt, type MigratePromptOptions } from "./migrate-prompt.js";

const KEYS = {
  helicone: "sk-helicone-MIGRATE-91ab",
  tela: "tela-MIGRATE-key-55cd",
  langfuse: ["pk-lf-MIGRATE-1", "sk-lf-MIGRATE-2"],
} as const;
const dialects = [heliconeDialect, langfuseDialect, telaDialect];

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({
    apiKeys: { helicone: [KEYS.helicone], tela: [KEYS.tela], langfuse: [`${KEYS.langfuse[0]}:${KEYS.langfuse[1]}`] },
  });
});
afterAll(() => emu?.close());

function vendors(fetch?: FetchLike): PromptVendor[] {
  const f = fetch ? { fetch } : {};
  return [
    helicone({ apiKey: KEYS.helicone, baseUrl: emu.urlFor("helicone"), ...f }),
    tela({ apiKey: KEYS.tela, baseUrl: emu.urlFor("tela"), ...f }),
    langfuse({ publicKey: KEYS.langfuse[0], secretKey: KEYS.langfuse[1], baseUrl: emu.urlFor("langfuse"), ...f }),
  ];
}
const heliconeVendor = () => vendors()[0]!;

/** The write routes of Helicone and Langfuse (Helicone also reads with POST queries). */
const WRITE_ROUTE = /\/v1\/prompt-2025(\/update(\/environment)?)?$|\/api\/public\/v2\/prompts(\/[^?]*\/versions\/\d+)?$/;

/** Counts the write requests that reach the emulator; fails every one after `limit`, as a dropped connection. */
function writeCounter(limit = Infinity) {
  const counter = {
    writes: 0,
    fetch: (async (input, init) => {
      const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (method !== "GET" && WRITE_ROUTE.test(url.pathname)) {
        if (counter.writes >= limit) throw new TypeError("fetch failed: connection reset (injected)");
        counter.writes++;
      }
      return globalThis.fetch(input, init);
    }) as FetchLike,
  };
  return counter;
}

const brandVoiceId = SEED.helicone.brandVoice.promptId;

/** A Helicone prompt with 5 versions, production/staging/development, a partial and typed variables. */
async function seedRefundPolicy(name: string): Promise<string> {
  const version = (n: number): PromptContent => ({
    model: "gpt-4o-mini",
    params: { temperature: 0.1 * n, maxTokens: 200 + n },
    messages: [
      {
        role: "system",
        content: `{{hcp:${brandVoiceId}:0}}\n\nRefund policy v${n} for {{hc:region:string}}: refunds over {{hc:limit:number}} EUR need approval. VIP: {{hc:vip:boolean}}.`,
      },
      { role: "user", content: "{{hc:question:string}}" },
    ],
    variables: [
      { name: "region", type: "string", required: true },
      { name: "limit", type: "number", required: true },
      { name: "vip", type: "boolean", required: true },
      { name: "question", type: "string", required: true },
    ],
    commitMessage: `Refund policy, revision ${n}`,
  });
  const environments: Record<number, string[]> = { 3: ["production"], 4: ["staging"], 5: ["development"] };
  let promptId = name;
  for (let n = 1; n <= 5; n++) {
    ({ promptId } = await publishVersion(heliconeVendor(), { promptId, content: version(n), environments: environments[n] ?? [] }));
  }
  return promptId;
}

function options(overrides: Partial<MigratePromptOptions> & Pick<MigratePromptOptions, "from" | "to">): MigratePromptOptions {
  return { vendors: vendors(), dialects, ...overrides };
}

describe("migratePrompt", () => {
  it("moves a Helicone prompt with 5 versions, 3 environments, a partial and typed variables to Langfuse, and it renders the same", async () => {
    const source = await seedRefundPolicy("Refund Policy");
    const progress: string[] = [];
    const report = await migratePrompt(
      options({
        from: `helicone:${source}`,
        to: "langfuse:refund-policy",
        names: { [brandVoiceId]: "brand-voice-from-helicone" },
        onProgress: (p) => progress.push(`${p.prompt} ${p.index}/${p.total}`),
      }),
    );
    expect(report.prompts.map((p) => [p.source, p.target, p.asInclude])).toEqual([
      [`helicone:${brandVoiceId}`, "langfuse:brand-voice-from-helicone", true],
      [`helicone:${source}`, "langfuse:refund-policy", false],
    ]);
    const main = report.prompts[1]!;
    expect(main.versions.map((v) => [v.source.version, v.targetVersionId, v.environments, v.created, v.check])).toEqual([
      ["0.0", "1", [], true, "same"],
      ["1.0", "2", [], true, "same"],
      ["2.0", "3", ["production"], true, "same"],
      ["3.0", "4", ["staging"], true, "same"],
      ["4.0", "5", ["development"], true, "same"],
    ]);
    expect(report.rendersMatch).toBe(true);
    expect(report.versionsCreated).toBe(3 + 5);
    expect(progress.at(-1)).toBe(`helicone:${source} 5/5`);

    // In Langfuse: the partial became a text-prompt dependency, labels and history came along.
    const client = createPromptClient({ vendors: vendors(), cache: false });
    const history = await client.listVersions("langfuse:refund-policy");
    expect(history.map((v) => [v.version, v.environments])).toEqual([
      ["5", ["development"]],
      ["4", ["staging"]],
      ["3", ["production"]],
      ["2", []],
      ["1", []],
    ]);
    expect(history.at(-1)!.commitMessage).toContain(`Migrated from helicone:${source}#`);
    const production = await client.get("langfuse:refund-policy");
    expect(production.messages[0]).toMatchObject({
      content: expect.stringContaining("@@@langfusePrompt:name=brand-voice-from-helicone|label=production@@@"),
    });
    const values = { region: "EU", limit: 50, vip: true, question: "Can I return a lamp?" };
    const [before, after] = await Promise.all([
      client.render(`helicone:${source}`, values),
      client.render("langfuse:refund-policy", values),
    ]);
    expect(after.messages).toEqual(before.messages);
    expect(after.messages[0]!.content).toContain("Write in Acme's brand voice");
  });

  it("a re-run writes nothing; a dry run writes nothing and lists the plan", async () => {
    const source = await seedRefundPolicy("Refund Policy (re-run)");
    const base = options({ from: `helicone:${source}`, to: "langfuse:refund-rerun", names: { [brandVoiceId]: "brand-voice-rerun" } });
    const dry = writeCounter();
    const plan = await migratePrompt({ ...base, vendors: vendors(dry.fetch), fetch: dry.fetch, dryRun: true });
    expect(dry.writes).toBe(0);
    expect(plan.dryRun).toBe(true);
    expect(plan.prompts[1]!.versions.map((v) => [v.source.version, v.environments, v.created])).toEqual([
      ["0.0", [], false],
      ["1.0", [], false],
      ["2.0", ["production"], false],
      ["3.0", ["staging"], false],
      ["4.0", ["development"], false],
    ]);
    await expect(createPromptClient({ vendors: vendors() }).get("langfuse:refund-rerun")).rejects.toMatchObject({ code: "not_found" });

    await migratePrompt(base);
    const again = writeCounter();
    const rerun = await migratePrompt({ ...base, vendors: vendors(again.fetch), fetch: again.fetch });
    expect(again.writes).toBe(0);
    expect(rerun.versionsCreated).toBe(0);
    expect(rerun.environmentsSet).toBe(0);
    expect(rerun.rendersMatch).toBe(true);
  });

  it("killed after each number of writes and run again, it ends with every version exactly once", async () => {
    const source = await seedRefundPolicy("Refund Policy (resume)");
    const complete = writeCounter();
    const name = (n: number) => `refund-resume-${n}`;
    const base = (n: number): MigratePromptOptions =>
      options({ from: `helicone:${source}`, to: `langfuse:${name(n)}`, names: { [brandVoiceId]: `brand-voice-resume-${n}` } });
    await migratePrompt({ ...base(0), vendors: vendors(complete.fetch), fetch: complete.fetch });
    const total = complete.writes; // 3 + 5 versions and 3 + 3 label moves (brand voice: staging, development on one version)
    expect(total).toBeGreaterThan(8);
    const client = createPromptClient({ vendors: vendors(), cache: false });
    const expected = await client.listVersions(`langfuse:${name(0)}`);
    for (const killAfter of [1, 4, Math.floor(total / 2), total - 1]) {
      const killed = writeCounter(killAfter);
      const err = await caught(() => migratePrompt({ ...base(killAfter), vendors: vendors(killed.fetch), fetch: killed.fetch }));
      expect(err.code).toBe("network");
      const resumed = await migratePrompt(base(killAfter));
      expect(resumed.rendersMatch).toBe(true);
      const after = await client.listVersions(`langfuse:${name(killAfter)}`);
      expect(after.map((v) => [v.version, v.environments])).toEqual(expected.map((v) => [v.version, v.environments]));
      const dependency = await client.listVersions(`langfuse:brand-voice-resume-${killAfter}`);
      expect(dependency).toHaveLength(3);
    }
  });

  it("moves a Tela canvas to Langfuse, the completion version as a text prompt", async () => {
    const report = await migratePrompt(options({ from: `tela:${SEED.tela.meetingSummarizer.promptId}`, to: "langfuse:meeting-summary" }));
    const versions = report.prompts[0]!.versions;
    expect(versions).toHaveLength(3);
    expect(versions.map((v) => v.check)).toEqual(["same", "same", "same"]);
    expect(report.rendersMatch).toBe(true);
  });

  it("moves a Langfuse prompt to Helicone; refuses what Helicone cannot express, before writing", async () => {
    const report = await migratePrompt(options({ from: "langfuse:classifier", to: "helicone:Classifier from Langfuse" }));
    expect(report.prompts[0]!.versions.map((v) => v.check)).toEqual(["same", "same"]);
    expect(report.prompts[0]!.target).toMatch(/^helicone:[a-zA-Z0-9]{6}$/);

    const counter = writeCounter();
    const err = await caught(() =>
      migratePrompt(
        options({ from: "langfuse:support/chat", to: "helicone:Support chat", vendors: vendors(counter.fetch), fetch: counter.fetch }),
      ),
    );
    expect(err.code).toBe("unsupported");
    expect(err.message).toContain('placeholder "history"');
    expect(counter.writes).toBe(0);
  });

  it("moves a Langfuse prompt with a dependency to Helicone: the dependency becomes a partial; a version pin is a loss", async () => {
    const counter = writeCounter();
    const refused = await caught(() =>
      migratePrompt(
        options({
          from: "langfuse:support/agent",
          to: "helicone:Support agent",
          model: "gpt-4o-mini",
          vendors: vendors(counter.fetch),
          fetch: counter.fetch,
        }),
      ),
    );
    expect(refused.code).toBe("unsupported");
    expect(refused.message).toContain("names an environment, not a version");
    expect(counter.writes).toBe(0);

    const plan = await migratePrompt(
      options({ from: "langfuse:support/agent", to: "helicone:Support agent", model: "gpt-4o-mini", dryRun: true }),
    );
    expect(plan.prompts[1]!.versions.map((v) => v.losses.map((loss) => loss.name))).toEqual([[], ["brand-voice:0@v1"]]);

    const report = await migratePrompt(
      options({ from: "langfuse:support/agent", to: "helicone:Support agent", model: "gpt-4o-mini", allowLossy: true }),
    );
    const [dependency, agent] = report.prompts;
    expect(dependency!.source).toBe("langfuse:brand-voice");
    expect(dependency!.target).toMatch(/^helicone:[a-zA-Z0-9]{6}$/);
    expect(agent!.versions.map((v) => [v.check, v.losses.map((loss) => loss.kind)])).toEqual([
      ["same", []],
      ["skipped", ["include"]],
    ]);
    const client = createPromptClient({ vendors: vendors(), cache: false });
    const v1 = await client.get({
      vendor: "helicone",
      promptId: agent!.target.slice("helicone:".length),
      versionId: agent!.versions[0]!.targetVersionId!,
    });
    expect(v1.messages[0]).toMatchObject({
      content: expect.stringContaining(`{{hcp:${dependency!.target.slice("helicone:".length)}:0:production}}`),
    });
  });

  it("names the vendors and dialects it lacks", async () => {
    await expect(migratePrompt({ vendors: vendors(), dialects: [], from: "helicone:abc123", to: "langfuse" })).rejects.toMatchObject({
      code: "invalid_config",
      message: expect.stringContaining("No dialect"),
    });
    await expect(migratePrompt(options({ from: "helicone:abc123", to: "acme" }))).rejects.toMatchObject({
      code: "invalid_config",
      message: expect.stringContaining('No vendor "acme"'),
    });
    await expect(migratePrompt(options({ from: "helicone", to: "langfuse" }))).rejects.toMatchObject({ code: "invalid_config" });
  });
});
