// Tela writes against the emulator over real HTTP: the shared write scenarios (into a seeded
// canvas: Tela's API cannot create one), plus what is Tela's own (createPrompt refused with no
// request, publish-by-name as promotion, the hash in the version's title).
import type { Emulator } from "@polyprompt/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPromptClient } from "../../client/create-client.js";
import type { PromptContent } from "../../contract/vendor.js";
import { caught, SECRET_KEYS, startTestEmulator, writersFor } from "../../test-support/emulator.js";
import { writeScenarios } from "../../write/__fixtures__/write-scenarios.js";
import { publishVersion } from "../../write/publish-version.js";

let emu: Emulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu?.close());

const vendor = () => writersFor(emu).tela;
/** A seeded canvas, fresh for each scenario (the seed is restored; the request log starts empty). */
const freshCanvas = () => {
  emu.reset();
  return emu.seed.tela.docAnalysis.promptId;
};

const system = (text: string): PromptContent => ({
  messages: [{ role: "system", content: `You are {persona}. ${text} {{document}}` }],
  model: "gpt-4o-mini",
  params: { temperature: 0.2, maxTokens: 300 },
  variables: [
    { name: "persona", type: "string", required: true },
    { name: "document", type: "file", required: false },
  ],
  commitMessage: `copy of ${text}`,
});

const writeRoutes = [
  { method: "POST", path: "/prompt-version" },
  { method: "POST", path: "/environment/publish-by-name" },
];

describe("tela writes", () => {
  writeScenarios({
    vendor: "tela",
    emulator: () => emu,
    client: vendor,
    promptId: freshCanvas,
    contents: [system("one"), system("two"), system("three")],
    refused: {
      content: {
        messages: [
          { role: "system", content: "Hi" },
          { role: "placeholder", name: "history" },
        ],
        model: "gpt-4o-mini",
        tools: [{ name: "lookup" }],
      },
      // Two messages, a placeholder, tools.
      problems: 3,
    },
    writeRoutes,
    createVersionRoute: { method: "POST", path: "/prompt-version" },
    secrets: [SECRET_KEYS.tela],
  });

  it("refuses to create a prompt before any request, directly and through publishVersion", async () => {
    const v = vendor();
    freshCanvas();
    const before = emu.requests.total({ vendor: "tela" });
    const direct = await caught(() => v.writes!.createPrompt("new canvas", system("one")));
    expect(direct).toMatchObject({ code: "unsupported", vendor: "tela", operation: "createPrompt" });
    expect(emu.requests.total({ vendor: "tela" }) - before).toBe(0);
    const missing = "00000000-0000-4000-8000-000000000000";
    const published = await caught(() => publishVersion(v, { promptId: missing, content: system("one") }));
    expect(published).toMatchObject({ code: "unsupported", vendor: "tela", operation: "createPrompt" });
    expect(writeRoutes.reduce((k, r) => k + emu.requests.total({ vendor: "tela", ...r }), 0)).toBe(0);
  });

  it("a version published to production is what production serves, with its variables and configuration", async () => {
    const v = vendor();
    const promptId = freshCanvas();
    const prompts = createPromptClient({ vendors: [v], retry: false });
    const written = await publishVersion(v, { promptId, content: system("two"), environments: ["production", "staging"] });
    expect(written.environmentsSet).toEqual(["production", "staging"]);
    const live = await prompts.get(`tela:${promptId}`);
    expect(live.versionId).toBe(written.versionId);
    expect(live.messages).toEqual(system("two").messages);
    expect(live.model).toBe("gpt-4o-mini");
    expect(live.params).toEqual({ temperature: 0.2, maxTokens: 300 });
    expect(live.variables).toEqual(system("two").variables);
    expect(live.title).toMatch(/^copy of two\n\npolyprompt:sha256:[0-9a-f]{64}$/);
    expect((await prompts.get(`tela:${promptId}@staging`)).versionId).toBe(written.versionId);
  });
});
