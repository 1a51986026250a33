// Helicone writes against the emulator over real HTTP: the shared write scenarios, plus what is
// Helicone's own (a prompt found again by name, the first version's hash in a prompt tag).
import type { Emulator } from "@polyprompt/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPromptClient } from "../../client/create-client.js";
import type { PromptContent } from "../../contract/vendor.js";
import { SECRET_KEYS, startTestEmulator, writersFor } from "../../test-support/emulator.js";
import { writeScenarios } from "../../write/__fixtures__/write-scenarios.js";
import { publishVersion } from "../../write/publish-version.js";

let emu: Emulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu?.close());

const vendor = () => writersFor(emu).helicone;
let n = 0;

const chat = (text: string): PromptContent => ({
  messages: [
    { role: "system", content: `You are {{hc:persona:string}}. ${text}` },
    { role: "user", content: "{{hc:question:string}}" },
  ],
  model: "gpt-4o-mini",
  params: { temperature: 0.2, maxTokens: 300 },
  commitMessage: `copy of ${text}`,
});

const writeRoutes = [
  { method: "POST", path: "/v1/prompt-2025" },
  { method: "POST", path: "/v1/prompt-2025/update" },
  { method: "POST", path: "/v1/prompt-2025/update/environment" },
];

describe("helicone writes", () => {
  writeScenarios({
    vendor: "helicone",
    emulator: () => emu,
    client: vendor,
    promptId: () => `writes-prompt-${++n}`,
    contents: [chat("one"), chat("two"), chat("three")],
    refused: {
      content: {
        messages: [
          { role: "system", content: "Hi" },
          { role: "placeholder", name: "history" },
          { role: "placeholder", name: "examples" },
        ],
      },
      // Two placeholders and no model.
      problems: 3,
    },
    writeRoutes,
    createVersionRoute: { method: "POST", path: "/v1/prompt-2025/update" },
    secrets: [SECRET_KEYS.helicone],
  });

  it("creates a prompt by name, finds it again by name, and versions read back with their commit message", async () => {
    const v = vendor();
    const prompts = createPromptClient({ vendors: [v], retry: false });
    const name = `writes-by-name-${++n}`;
    const one = await publishVersion(v, { promptId: name, content: chat("one") });
    expect(one.created).toBe(true);
    const before = writeRoutes.reduce((k, r) => k + emu.requests.total({ vendor: "helicone", ...r }), 0);
    const again = await publishVersion(v, { promptId: name, content: chat("one") });
    expect(again).toMatchObject({ promptId: one.promptId, versionId: one.versionId, created: false });
    expect(writeRoutes.reduce((k, r) => k + emu.requests.total({ vendor: "helicone", ...r }), 0) - before).toBe(0);

    const live = await prompts.get(`helicone:${one.promptId}`);
    expect(live.versionId).toBe(one.versionId);
    expect(live.messages).toEqual(chat("one").messages);
    expect(live.params).toEqual({ temperature: 0.2, maxTokens: 300 });

    const two = await publishVersion(v, { promptId: name, content: chat("two"), environments: ["production"] });
    const got = await prompts.get(`helicone:${one.promptId}#${two.versionId}`);
    expect(got.commitMessage).toMatch(/^copy of two\n\npolyprompt:sha256:[0-9a-f]{64}$/);
    expect(got.environments).toContain("production");
  });
});
