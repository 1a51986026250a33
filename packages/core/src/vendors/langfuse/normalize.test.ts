// Langfuse versions and configs → the model, on recorded payloads.
import { readFileSync } from "node:fs";
import type { LangfusePrompt } from "@polyprompt/langfuse-types";
import { describe, expect, it } from "vitest";
import { normalizeLangfuseConfig, normalizeLangfuseVersion } from "./normalize.js";

const fixture = (name: string): LangfusePrompt =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), "utf8")) as LangfusePrompt;

describe("langfuse: versions", () => {
  it("a chat prompt: roles kept, the placeholder becomes { role: 'placeholder', name }, latest left out of environments", () => {
    const payload = fixture("chat-placeholder");
    const version = normalizeLangfuseVersion(payload, [payload]);
    expect(version).toMatchObject({
      vendor: "langfuse",
      promptId: "support/chat",
      versionId: "3",
      version: "3",
      environments: ["production"],
      draft: false,
      commitMessage: "Tone down the greeting",
      model: "gpt-4o-mini",
      template: "langfuse",
      type: "chat",
      params: { temperature: 0.3 },
      tools: [],
      createdAt: "2026-11-20T10:15:00.000Z",
      updatedAt: "2026-11-21T08:00:00.000Z",
      raw: [payload],
    });
    expect(version.messages).toEqual([
      { role: "system", content: "You are Acme's support agent.{{#vip}} Be extra kind.{{/vip}}" },
      { role: "placeholder", name: "history" },
      { role: "user", content: "{{question}}" },
    ]);
    expect(version.variables.map((v) => [v.name, v.type])).toEqual(
      expect.arrayContaining([
        ["history", "placeholder"],
        ["question", expect.any(String)],
      ]),
    );
  });

  it("a text prompt is one user message of type completion; a null commit message is left out", () => {
    const version = normalizeLangfuseVersion(fixture("text"), []);
    expect(version).toMatchObject({ type: "completion", environments: ["staging"], params: {}, tools: [] });
    expect(version.messages).toEqual([{ role: "user", content: "Hi {{name}}, welcome to {{plan}}" }]);
    expect(version).not.toHaveProperty("commitMessage");
    expect(version.variables.map((v) => v.name).sort()).toEqual(["name", "plan"]);
  });

  it("dependency tags (fetched with resolve=false) stay in the text as written", () => {
    const version = normalizeLangfuseVersion(fixture("dependency-unresolved"), []);
    expect(version.messages[0]).toEqual({
      role: "system",
      content: "@@@langfusePrompt:name=brand-voice|label=production@@@ Answer about {{topic}}.",
    });
  });

  it("no createdAt in the payload: createdAt is empty, as the spec promises none", () => {
    const { createdAt: _c, updatedAt: _u, ...bare } = fixture("text") as LangfusePrompt & { createdAt?: string; updatedAt?: string };
    const version = normalizeLangfuseVersion(bare as LangfusePrompt, []);
    expect(version.createdAt).toBe("");
    expect(version).not.toHaveProperty("updatedAt");
  });
});

describe("langfuse: config", () => {
  it("the OpenAI conventions: model, params, function tools, tool_choice, a json_schema response_format; the rest in extra", () => {
    const version = normalizeLangfuseVersion(fixture("config-openai"), []);
    expect(version.model).toBe("gpt-4o-2024-08-06");
    expect(version.params).toEqual({ temperature: 0, maxTokens: 200, topP: 0.9, seed: 7, stop: ["###"], extra: { provider: "azure" } });
    expect(version.tools).toEqual([
      {
        name: "route",
        description: "Route the ticket",
        parameters: { type: "object", properties: { queue: { type: "string" } }, required: ["queue"] },
        strict: true,
      },
    ]);
    expect(version.toolChoice).toEqual({ type: "tool", name: "route" });
    expect(version.responseFormat).toMatchObject({ type: "json_schema", name: "label", strict: true, schema: { required: ["label"] } });
    expect(version.environments).toEqual(["production", "staging"]);
  });

  it("hand-written conventions: camelCase params, flat tools with input_schema, a bare top-level json_schema", () => {
    const config = fixture("config-flat").config as Record<string, unknown>;
    const out = normalizeLangfuseConfig(config);
    expect(out.model).toBe("claude-sonnet-4");
    expect(out.tools).toEqual([{ name: "save", description: "Save it", parameters: { type: "object" } }]);
    expect(out.toolChoice).toBe("required");
    expect(out.responseFormat).toEqual({ type: "json_schema", schema: { type: "object", properties: { title: { type: "string" } } } });
    // max_completion_tokens wins and stays in extra (toOpenAIChat sends it under that name);
    // the maxTokens it replaced stays in extra too; a mistyped temperature is kept as written.
    expect(out.params).toMatchObject({ maxTokens: 512, topK: 40, reasoningEffort: "low" });
    expect(out.params.temperature).toBeUndefined();
    expect(Object.keys(out.params.extra ?? {}).sort()).toEqual([
      "__proto__",
      "constructor",
      "maxTokens",
      "max_completion_tokens",
      "temperature",
    ]);
    expect(out.params.extra).toMatchObject({ maxTokens: 1024, max_completion_tokens: 512, temperature: "hot", constructor: "x" });
  });

  it("a __proto__ key stays a plain key of extra and changes no prototype", () => {
    const config = JSON.parse('{"__proto__": {"polluted": true}, "model": "m"}') as Record<string, unknown>;
    const { params } = normalizeLangfuseConfig(config);
    expect(Object.getPrototypeOf(params.extra)).toBe(Object.prototype);
    expect(Object.hasOwn(params.extra!, "__proto__")).toBe(true);
    expect((params.extra as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it.each([
    ["tools not an array", { tools: { name: "x" } }, "tools"],
    ["a tool without a name", { tools: [{ type: "function", function: {} }] }, "tools"],
    ["a tool of another kind", { tools: [{ type: "web_search" }] }, "tools"],
    ["an unknown tool_choice", { tool_choice: "any" }, "tool_choice"],
    ["a response_format without a schema", { response_format: { type: "json_schema", json_schema: { name: "x" } } }, "response_format"],
    ["a json_schema that is not an object", { json_schema: "yes" }, "json_schema"],
    ["a model that is not a string", { model: 4 }, "model"],
    ["a null parameter", { temperature: null }, "temperature"],
  ])("%s is kept in params.extra as written, never refused", (_, config, key) => {
    const out = normalizeLangfuseConfig(config);
    expect(out.params.extra).toEqual({ [key]: (config as Record<string, unknown>)[key] });
    expect(out.tools).toEqual([]);
    expect(out.toolChoice).toBeUndefined();
    expect(out.responseFormat).toBeUndefined();
  });

  it("response_format wins over a top-level json_schema, which stays in extra", () => {
    const out = normalizeLangfuseConfig({ response_format: { type: "json_object" }, json_schema: { type: "object" } });
    expect(out.responseFormat).toEqual({ type: "json_object" });
    expect(out.params.extra).toEqual({ json_schema: { type: "object" } });
  });

  it("json_schema in OpenAI's wrapper form keeps its name and strictness", () => {
    const out = normalizeLangfuseConfig({ json_schema: { name: "answer", strict: true, schema: { type: "object" } } });
    expect(out.responseFormat).toEqual({ type: "json_schema", name: "answer", strict: true, schema: { type: "object" } });
  });

  it("an empty, null or non-object config: nothing mapped, nothing lost", () => {
    expect(normalizeLangfuseConfig({})).toEqual({ params: {}, tools: [] });
    expect(normalizeLangfuseConfig(null)).toEqual({ params: {}, tools: [] });
    expect(normalizeLangfuseConfig("gpt-4o")).toEqual({ params: { extra: { config: "gpt-4o" } }, tools: [] });
  });
});
