// Langfuse writes against the emulator over real HTTP: the shared write scenarios, plus what is
// Langfuse's own (placeholders kept, the label moved by PATCH newLabels, the hash in the commit message).
import { type Emulator, startEmulator } from "@polyprompt/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPromptClient } from "../../client/create-client.js";
import type { PromptContent } from "../../contract/vendor.js";
import { writeScenarios } from "../../write/__fixtures__/write-scenarios.js";
import { publishVersion } from "../../write/publish-version.js";
import { langfuse } from "./write.js";

const PUBLIC_KEY = "pk-lf-writes-PUBLIC-1a2b3c";
const SECRET_KEY = "sk-lf-writes-SECRET-4d5e6f";

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ apiKeys: { langfuse: [`${PUBLIC_KEY}:${SECRET_KEY}`] } });
});
afterAll(() => emu?.close());

const vendor = () => langfuse({ publicKey: PUBLIC_KEY, secretKey: SECRET_KEY, baseUrl: emu.urlFor("langfuse") });
let n = 0;

const chat = (text: string): PromptContent => ({
  messages: [
    { role: "system", content: `You are {{persona}}. ${text}` },
    { role: "placeholder", name: "history" },
    { role: "user", content: "{{question}}" },
  ],
  model: "gpt-4o-mini",
  params: { temperature: 0.2, maxTokens: 300 },
  commitMessage: `copy of ${text}`,
});

describe("langfuse writes", () => {
  writeScenarios({
    vendor: "langfuse",
    emulator: () => emu,
    client: vendor,
    promptId: () => `writes/prompt-${++n}`,
    contents: [chat("one"), chat("two"), chat("three")],
    refused: {
      content: {
        messages: [
          { role: "user", content: [{ type: "image", url: "https://example.com/a.png" }] },
          { role: "assistant", content: "", toolCalls: [{ id: "c1", name: "f", arguments: "{}" }] },
        ],
        params: { topK: 3 },
      },
      problems: 3,
    },
    writeRoutes: [
      { method: "POST", path: "/api/public/v2/prompts" },
      { method: "PATCH", path: "/api/public/v2/prompts/*" },
    ],
    createVersionRoute: { method: "POST", path: "/api/public/v2/prompts" },
    secrets: [PUBLIC_KEY, SECRET_KEY],
  });

  it("keeps placeholders, config and the commit message; the label moves with PATCH newLabels", async () => {
    const v = vendor();
    const prompts = createPromptClient({ vendors: [v], retry: false });
    const promptId = `writes/own-${++n}`;
    const one = await publishVersion(v, { promptId, content: chat("one"), environments: ["production"] });
    const two = await publishVersion(v, { promptId, content: chat("two"), environments: ["production"] });
    expect([one.versionId, two.versionId]).toEqual(["1", "2"]);
    const live = await prompts.get(`langfuse:${promptId}`);
    expect(live.versionId).toBe("2");
    expect(live.messages).toEqual(chat("two").messages);
    expect(live.model).toBe("gpt-4o-mini");
    expect(live.params).toEqual({ temperature: 0.2, maxTokens: 300 });
    expect(live.commitMessage).toMatch(/^copy of two\n\npolyprompt:sha256:[0-9a-f]{64}$/);
    const first = await prompts.get(`langfuse:${promptId}#1`);
    expect(first.environments).not.toContain("production");
    expect(emu.requests.total({ vendor: "langfuse", method: "PATCH" })).toBeGreaterThanOrEqual(2);
  });
});
