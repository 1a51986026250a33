// A Langfuse prompt through the client over real HTTP (loopback server, recorded payloads):
// rendered with a placeholder and a dependency resolved through the client's cache, then
// converted for OpenAI and Anthropic.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { createPromptClient } from "../../client/create-client.js";
import { toAnthropicMessages } from "../../convert/anthropic.js";
import { toOpenAIChat } from "../../convert/openai.js";
import { caught } from "../../test-support/emulator.js";
import { serveFixtures } from "../../test-support/fixture-server.js";
import { langfuse, renderPrompt } from "./index.js";

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), "utf8")) as Record<string, unknown>;

const PROMPTS = "/api/public/v2/prompts";
let server: Awaited<ReturnType<typeof serveFixtures>> | undefined;
afterEach(() => server?.close());

/** support/agent with a chat-history placeholder between its system and user messages. */
const agent = {
  ...fixture("dependency-unresolved"),
  prompt: [
    { type: "chatmessage", role: "system", content: "@@@langfusePrompt:name=brand-voice|label=production@@@ Answer about {{topic}}." },
    { type: "placeholder", name: "history" },
    { type: null, role: "user", content: "{{question}}" },
  ],
};

async function client() {
  server = await serveFixtures({
    [`GET ${PROMPTS}/support%2Fagent`]: { body: agent },
    [`GET ${PROMPTS}/brand-voice`]: { body: fixture("brand-voice") },
    [`GET ${PROMPTS}/welcome-email`]: { body: fixture("text") },
    [`GET ${PROMPTS}/classifier`]: { body: fixture("config-openai") },
  });
  return createPromptClient({ vendors: [langfuse({ publicKey: "pk-lf-1", secretKey: "sk-lf-1", baseUrl: server.baseUrl })], retry: false });
}

const history = [
  { role: "user", content: "Hi, it's about {{topic}}" },
  { role: "assistant", content: "Hello! How can I help?" },
];

describe("langfuse: render through the client", () => {
  it("fills the placeholder with the history (never template-expanded) and the dependency from the cache", async () => {
    const prompts = await client();
    const variables = { topic: "billing", question: "Why was I charged twice?", history };
    const rendered = await prompts.render("langfuse:support/agent", variables);
    expect(rendered.messages).toEqual([
      { role: "system", content: "Speak warmly and briefly. Answer about billing." },
      { role: "user", content: "Hi, it's about {{topic}}" },
      { role: "assistant", content: "Hello! How can I help?" },
      { role: "user", content: "Why was I charged twice?" },
    ]);
    const child = server!.seen.filter((r) => r.path === `${PROMPTS}/brand-voice`);
    expect(child.map((r) => Object.fromEntries(r.query))).toEqual([{ label: "production", resolve: "false" }]);

    // A second render is served from the cache: no request at all.
    const before = server!.seen.length;
    await prompts.render("langfuse:support/agent", variables);
    expect(server!.seen.length).toBe(before);

    const openai = toOpenAIChat(rendered);
    expect(openai).toMatchObject({ model: "gpt-4o", messages: rendered.messages });
    const anthropic = toAnthropicMessages(rendered, { maxTokens: 256 });
    expect(anthropic).toMatchObject({
      model: "gpt-4o",
      max_tokens: 256,
      system: "Speak warmly and briefly. Answer about billing.",
      messages: [
        { role: "user", content: "Hi, it's about {{topic}}" },
        { role: "assistant", content: "Hello! How can I help?" },
        { role: "user", content: "Why was I charged twice?" },
      ],
    });
  });

  it("a missing variable or placeholder is invalid_variables listing each", async () => {
    const prompts = await client();
    const error = await caught(() => prompts.render("langfuse:support/agent", { topic: "billing" }));
    expect(error.code).toBe("invalid_variables");
    expect(error.problems?.map((p) => p.name).sort()).toEqual(["history", "question"]);
  });

  it("a text prompt renders as the user's turn, for OpenAI and for Anthropic", async () => {
    const prompts = await client();
    const rendered = await prompts.render("langfuse:welcome-email@staging", { name: "Ada", plan: "Pro" });
    expect(rendered.messages).toEqual([{ role: "user", content: "Hi Ada, welcome to Pro" }]);
    expect(toOpenAIChat(rendered, { model: "gpt-4o-mini" }).messages).toEqual([{ role: "user", content: "Hi Ada, welcome to Pro" }]);
    expect(toAnthropicMessages(rendered, { model: "claude-sonnet-4", maxTokens: 100 })).toMatchObject({
      messages: [{ role: "user", content: "Hi Ada, welcome to Pro" }],
    });
  });

  it("a config with tools, tool_choice and a json_schema reaches the OpenAI and Anthropic bodies", async () => {
    const prompts = await client();
    const rendered = await prompts.render("langfuse:classifier", { ticket: "I was charged twice" });
    const openai = toOpenAIChat(rendered);
    expect(openai).toMatchObject({
      model: "gpt-4o-2024-08-06",
      temperature: 0,
      max_tokens: 200,
      top_p: 0.9,
      tools: [{ type: "function", function: { name: "route", strict: true } }],
      tool_choice: { type: "function", function: { name: "route" } },
      response_format: { type: "json_schema", json_schema: { name: "label", strict: true } },
    });
    const anthropic = toAnthropicMessages(rendered);
    expect(anthropic.max_tokens).toBe(200);
    expect(anthropic.tools?.map((t) => t.name)).toContain("route");
  });

  it("the entry point's renderPrompt renders a fetched version with no client", async () => {
    const prompts = await client();
    const version = JSON.parse(JSON.stringify(await prompts.get("langfuse:welcome-email"))) as Parameters<typeof renderPrompt>[0];
    expect(renderPrompt(version, { name: "Bo", plan: "Free" }).messages).toEqual([{ role: "user", content: "Hi Bo, welcome to Free" }]);
  });
});
