import { describe, expect, it } from "vitest";
import type { ContentPart, PromptMessage, RenderedPrompt } from "../model/types.js";
import { ANTHROPIC_EXTRA_KEYS, JSON_OBJECT_INSTRUCTION, toAnthropicMessages } from "./anthropic.js";
import { deepFreeze, catchError } from "../test-support/assertions.js";
import { renderedPrompt } from "../test-support/rendered-prompt.js";

const rendered = (extra: Partial<RenderedPrompt> = {}): RenderedPrompt =>
  renderedPrompt({ vendor: "tela", version: "3", model: "claude-sonnet-4-5", params: { maxTokens: 512 }, ...extra });

const BASE = { model: "claude-sonnet-4-5", max_tokens: 512 };
const userParts = (...content: ContentPart[]) => rendered({ messages: [{ role: "user", content }] });
const contentOf = (prompt: RenderedPrompt) => toAnthropicMessages(prompt).messages[0]?.content;

describe("toAnthropicMessages: model and max_tokens", () => {
  it("builds the smallest body with no undefined keys", () => {
    const body = toAnthropicMessages(rendered());
    expect(body).toEqual({ ...BASE, messages: [{ role: "user", content: "Hi" }] });
    expect(Object.keys(body)).toEqual(["model", "max_tokens", "messages"]);
  });

  it("prefers options.model and options.maxTokens", () => {
    const body = toAnthropicMessages(rendered(), { model: "claude-opus-4-1", maxTokens: 99 });
    expect(body).toMatchObject({ model: "claude-opus-4-1", max_tokens: 99 });
  });

  it("fails with unsupported when there is no model", () => {
    const err = catchError(() => toAnthropicMessages(rendered({ model: undefined })));
    expect(err.code).toBe("unsupported");
    expect(err.operation).toBe("toAnthropicMessages");
    expect(err.vendor).toBe("tela");
    expect(err.message).toContain("no model: pass { model }");
  });

  it("fails with unsupported when max_tokens is unknown", () => {
    const err = catchError(() => toAnthropicMessages(rendered({ params: {} })));
    expect(err.code).toBe("unsupported");
    expect(err.message).toContain("Anthropic requires max_tokens: pass { maxTokens }");
    expect(toAnthropicMessages(rendered({ params: {} }), { maxTokens: 10 }).max_tokens).toBe(10);
  });
});

describe("toAnthropicMessages: messages", () => {
  it("joins system and developer messages into system, in order", () => {
    const messages: PromptMessage[] = [
      { role: "system", content: "You are terse." },
      { role: "user", content: "Hi" },
      {
        role: "developer",
        content: [
          { type: "text", text: "Answer in French." },
          { type: "text", text: "No emoji." },
        ],
      },
      { role: "system", content: "" },
    ];
    expect(toAnthropicMessages(rendered({ messages }))).toEqual({
      ...BASE,
      system: "You are terse.\n\nAnswer in French.\nNo emoji.",
      messages: [{ role: "user", content: "Hi" }],
    });
  });

  it("moves the images and files of a system message into the first user turn", () => {
    const body = toAnthropicMessages(
      rendered({
        messages: [
          {
            role: "system",
            content: [
              { type: "text", text: "Compare " },
              { type: "image", url: "https://i.test/a.png" },
              { type: "text", text: " with " },
              { type: "file", url: "https://f.test/spec.pdf", variable: "spec" },
            ],
          },
          { role: "user", content: "Which is newer?" },
        ],
      }),
    );
    expect(body.system).toBe("Compare [attached: image 1] with [attached: spec]");
    expect(body.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "image", source: { type: "url", url: "https://i.test/a.png" } },
          { type: "document", source: { type: "url", url: "https://f.test/spec.pdf" } },
          { type: "text", text: "Which is newer?" },
        ],
      },
    ]);
  });

  it("sends a system-only prompt as the user turn (Anthropic needs one message)", () => {
    const body = toAnthropicMessages(rendered({ messages: [{ role: "system", content: "Summarize the meeting." }] }));
    expect(body.system).toBeUndefined();
    expect(body.messages).toEqual([{ role: "user", content: "Summarize the meeting." }]);
    expect(catchError(() => toAnthropicMessages(rendered({ messages: [] }))).code).toBe("unsupported");
  });

  it("maps a tool-use exchange and merges consecutive same-role messages", () => {
    const messages: PromptMessage[] = [
      { role: "user", content: "Weather in Paris and Rome?", name: "ada" },
      { role: "assistant", content: "Checking.", toolCalls: [{ id: "t1", name: "weather", arguments: '{"city":"Paris"}' }] },
      { role: "assistant", content: "", toolCalls: [{ id: "t2", name: "weather", arguments: "" }] },
      { role: "tool", content: "18C", toolCallId: "t1" },
      { role: "tool", content: [{ type: "text", text: "21C" }], toolCallId: "t2" },
      { role: "user", content: "Thanks" },
      { role: "assistant", content: "You're welcome." },
    ];
    expect(toAnthropicMessages(rendered({ messages })).messages).toEqual([
      { role: "user", content: "Weather in Paris and Rome?" },
      {
        role: "assistant",
        content: [
          { type: "text", text: "Checking." },
          { type: "tool_use", id: "t1", name: "weather", input: { city: "Paris" } },
          { type: "tool_use", id: "t2", name: "weather", input: {} },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "t1", content: "18C" },
          { type: "tool_result", tool_use_id: "t2", content: [{ type: "text", text: "21C" }] },
          { type: "text", text: "Thanks" },
        ],
      },
      { role: "assistant", content: "You're welcome." },
    ]);
  });

  it("puts tool_result blocks first when a user message comes before a tool message", () => {
    const messages: PromptMessage[] = [
      { role: "assistant", content: "", toolCalls: [{ id: "t1", name: "f", arguments: "{}" }] },
      { role: "user", content: "Here you go:" },
      { role: "tool", content: "done", toolCallId: "t1" },
    ];
    expect(toAnthropicMessages(rendered({ messages })).messages[1]).toEqual({
      role: "user",
      content: [
        { type: "tool_result", tool_use_id: "t1", content: "done" },
        { type: "text", text: "Here you go:" },
      ],
    });
  });

  it("merges consecutive user messages and drops empty text blocks", () => {
    const messages: PromptMessage[] = [
      { role: "user", content: "One" },
      { role: "user", content: "" },
      {
        role: "user",
        content: [
          { type: "text", text: "" },
          { type: "text", text: "Two" },
        ],
      },
    ];
    expect(toAnthropicMessages(rendered({ messages })).messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "One" },
          { type: "text", text: "Two" },
        ],
      },
    ]);
  });

  it("fails on a tool message without toolCallId", () => {
    const err = catchError(() => toAnthropicMessages(rendered({ messages: [{ role: "tool", content: "x" }] })));
    expect(err.code).toBe("unsupported");
    expect(err.message).toContain("messages[0]");
  });

  it.each([
    ["invalid JSON", "{city:"],
    ["a JSON array", "[1]"],
    ["a JSON string", '"x"'],
  ])("fails on tool call arguments that are %s", (_label, args) => {
    const err = catchError(() =>
      toAnthropicMessages(
        rendered({ messages: [{ role: "assistant", content: "", toolCalls: [{ id: "1", name: "f", arguments: args }] }] }),
      ),
    );
    expect(err.code).toBe("unsupported");
    expect(err.message).toContain("messages[0].toolCalls[0].arguments");
  });
});

describe("toAnthropicMessages: images and documents", () => {
  it("maps images by URL and base64", () => {
    expect(
      contentOf(
        userParts(
          { type: "text", text: "Compare" },
          { type: "image", url: "https://i.test/a.png", detail: "high" },
          { type: "image", url: "data:image/png;base64,iVBO" },
          { type: "file", url: "data:image/webp;base64,UklG", variable: "scan" },
          { type: "file", url: "https://f.test/photo.jpg?x=1" },
          { type: "file", url: "https://f.test/raw", mimeType: "image/gif" },
        ),
      ),
    ).toEqual([
      { type: "text", text: "Compare" },
      { type: "image", source: { type: "url", url: "https://i.test/a.png" } },
      { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBO" } },
      { type: "image", source: { type: "base64", media_type: "image/webp", data: "UklG" } },
      { type: "image", source: { type: "url", url: "https://f.test/photo.jpg?x=1" } },
      { type: "image", source: { type: "url", url: "https://f.test/raw" } },
    ]);
  });

  it("maps files to documents: PDF by URL or base64, text decoded", () => {
    expect(
      contentOf(
        userParts(
          { type: "file", url: "https://f.test/report.pdf", variable: "doc" },
          { type: "file", url: "https://f.test/download?id=7" },
          { type: "file", url: "data:application/pdf;base64,JVBERi0=" },
          { type: "file", url: "data:text/plain;base64,aMOpbGxv" },
          { type: "file", url: "data:text/csv,a%2Cb%0A1%2C2" },
          { type: "file", url: "data:;base64,SGk=", mimeType: "text/markdown" },
        ),
      ),
    ).toEqual([
      { type: "document", source: { type: "url", url: "https://f.test/report.pdf" } },
      { type: "document", source: { type: "url", url: "https://f.test/download?id=7" } },
      { type: "document", source: { type: "base64", media_type: "application/pdf", data: "JVBERi0=" } },
      { type: "document", source: { type: "text", media_type: "text/plain", data: "héllo" } },
      { type: "document", source: { type: "text", media_type: "text/plain", data: "a,b\n1,2" } },
      { type: "document", source: { type: "text", media_type: "text/plain", data: "Hi" } },
    ]);
  });

  it("keeps images and documents inside tool results", () => {
    const messages: PromptMessage[] = [
      {
        role: "tool",
        toolCallId: "t1",
        content: [
          { type: "text", text: "chart:" },
          { type: "image", url: "https://i.test/c.png" },
        ],
      },
    ];
    expect(toAnthropicMessages(rendered({ messages })).messages).toEqual([
      {
        role: "user",
        content: [
          {
            type: "tool_result",
            tool_use_id: "t1",
            content: [
              { type: "text", text: "chart:" },
              { type: "image", source: { type: "url", url: "https://i.test/c.png" } },
            ],
          },
        ],
      },
    ]);
  });

  it.each([
    ["an OpenAI file id", { type: "file", url: "openai-file://file-1" }, "OpenAI file id"],
    ["a vault reference", { type: "file", url: "vault://abc", mimeType: "application/pdf" }, "not vault: URLs"],
    ["a vault image", { type: "image", url: "vault://img" }, "not vault: URLs"],
    ["a non-base64 image", { type: "image", url: "data:image/svg+xml,<svg/>" }, "base64 JPEG, PNG, GIF or WebP"],
    ["an unsupported image type", { type: "image", url: "data:image/bmp;base64,Qk0=" }, "image/bmp"],
    ["a non-PDF document URL", { type: "file", url: "https://f.test/sheet.csv" }, "only PDF documents by URL"],
    ["a binary data: document", { type: "file", url: "data:application/zip;base64,UEs=" }, "application/zip"],
    ["an undecodable text document", { type: "file", url: "data:text/plain;base64,/w==" }, "could not be decoded"],
  ] as const)("fails on %s", (_label, part, fragment) => {
    const err = catchError(() => toAnthropicMessages(userParts(part)));
    expect(err.code).toBe("unsupported");
    expect(err.message).toContain("messages[0].content[0]");
    expect(err.message).toContain(fragment);
  });
});

describe("toAnthropicMessages: tools", () => {
  const tools = [
    { name: "weather", description: "Get weather", parameters: { type: "object", properties: { city: { type: "string" } } }, strict: true },
    { name: "noop" },
    { name: "untyped", parameters: { properties: { a: { type: "number" } } } },
  ];

  it("maps tools with a default input_schema and drops strict", () => {
    expect(toAnthropicMessages(rendered({ tools })).tools).toEqual([
      { name: "weather", description: "Get weather", input_schema: { type: "object", properties: { city: { type: "string" } } } },
      { name: "noop", input_schema: { type: "object", properties: {} } },
      { name: "untyped", input_schema: { type: "object", properties: { a: { type: "number" } } } },
    ]);
  });

  it.each([
    ["auto", { type: "auto" }],
    ["required", { type: "any" }],
    ["none", { type: "none" }],
    [
      { type: "tool", name: "weather" },
      { type: "tool", name: "weather" },
    ],
  ] as const)("maps tool_choice %j", (choice, expected) => {
    expect(toAnthropicMessages(rendered({ tools, toolChoice: choice })).tool_choice).toEqual(expected);
  });

  it("maps parallelToolCalls: false to disable_parallel_tool_use", () => {
    const at = (toolChoice: RenderedPrompt["toolChoice"]) =>
      toAnthropicMessages(rendered({ tools, toolChoice, params: { maxTokens: 5, parallelToolCalls: false } })).tool_choice;
    expect(at(undefined)).toEqual({ type: "auto", disable_parallel_tool_use: true });
    expect(at("required")).toEqual({ type: "any", disable_parallel_tool_use: true });
    expect(at({ type: "tool", name: "noop" })).toEqual({ type: "tool", name: "noop", disable_parallel_tool_use: true });
    expect(at("none")).toEqual({ type: "none" });
  });

  it("omits tools and tool_choice when there are no tools", () => {
    expect(toAnthropicMessages(rendered({ toolChoice: "required", params: { maxTokens: 512, parallelToolCalls: false } }))).toEqual({
      ...BASE,
      messages: [{ role: "user", content: "Hi" }],
    });
  });

  it("fails on a tool whose parameters are not an object schema", () => {
    const err = catchError(() => toAnthropicMessages(rendered({ tools: [{ name: "bad", parameters: { type: "array" } }] })));
    expect(err.code).toBe("unsupported");
    expect(err.message).toContain('tool "bad"');
  });
});

describe("toAnthropicMessages: response formats", () => {
  const schema = { type: "object", properties: { answer: { type: "string" } }, required: ["answer"] };

  it("by default asks for json_schema through a forced tool", () => {
    const body = toAnthropicMessages(
      rendered({
        tools: [{ name: "search" }],
        toolChoice: "auto",
        responseFormat: { type: "json_schema", name: "answer", schema, strict: true, description: "The final answer" },
      }),
    );
    expect(body).toEqual({
      ...BASE,
      messages: [{ role: "user", content: "Hi" }],
      tools: [
        { name: "search", input_schema: { type: "object", properties: {} } },
        { name: "answer", description: "The final answer", input_schema: schema },
      ],
      tool_choice: { type: "tool", name: "answer" },
    });
  });

  it("names the response tool 'respond' when the schema has no name", () => {
    const body = toAnthropicMessages(rendered({ responseFormat: { type: "json_schema", schema } }), { jsonSchemaStrategy: "tool" });
    expect(body.tools).toEqual([
      { name: "respond", description: "Give the response by calling this tool; its input is the response.", input_schema: schema },
    ]);
    expect(body.tool_choice).toEqual({ type: "tool", name: "respond" });
  });

  it("fails when the response tool's name is taken or the schema is not an object", () => {
    const taken = catchError(() =>
      toAnthropicMessages(rendered({ tools: [{ name: "respond" }], responseFormat: { type: "json_schema", schema } })),
    );
    expect(taken.code).toBe("unsupported");
    expect(taken.message).toContain('"respond"');
    const array = catchError(() => toAnthropicMessages(rendered({ responseFormat: { type: "json_schema", schema: { type: "array" } } })));
    expect(array.code).toBe("unsupported");
    expect(array.message).toContain('jsonSchemaStrategy: "instruction"');
  });

  it("with the instruction strategy, appends the schema to system", () => {
    const body = toAnthropicMessages(
      rendered({
        messages: [
          { role: "system", content: "Be exact." },
          { role: "user", content: "Hi" },
        ],
        responseFormat: { type: "json_schema", name: "answer", schema, description: "The final answer" },
      }),
      { jsonSchemaStrategy: "instruction" },
    );
    expect(body).toEqual({
      ...BASE,
      system:
        "Be exact.\n\nRespond with a single JSON object (no prose, no code fences) that conforms to this JSON Schema (The final answer):\n" +
        JSON.stringify(schema),
      messages: [{ role: "user", content: "Hi" }],
    });
  });

  it("appends the json_object instruction to system, and ignores text", () => {
    expect(toAnthropicMessages(rendered({ responseFormat: { type: "json_object" } })).system).toBe(JSON_OBJECT_INSTRUCTION);
    expect(
      toAnthropicMessages(
        rendered({
          messages: [
            { role: "developer", content: "Rules." },
            { role: "user", content: "Hi" },
          ],
          responseFormat: { type: "json_object" },
        }),
      ).system,
    ).toBe("Rules.\n\nRespond with a single JSON object.");
    expect(Object.hasOwn(toAnthropicMessages(rendered({ responseFormat: { type: "text" } })), "system")).toBe(false);
  });

  it("rejects an unknown strategy", () => {
    const err = catchError(() => toAnthropicMessages(rendered(), { jsonSchemaStrategy: "magic" as "tool" }));
    expect(err.code).toBe("unsupported");
  });
});

describe("toAnthropicMessages: params", () => {
  const params = {
    temperature: 0.3,
    maxTokens: 256,
    topP: 0.8,
    topK: 20,
    stop: ["\n\nHuman:"],
    seed: 1,
    frequencyPenalty: 0.5,
    presencePenalty: 0.5,
    reasoningEffort: "high",
    parallelToolCalls: true,
    extra: {
      metadata: { user_id: "u1" },
      thinking: { type: "enabled", budget_tokens: 1024 },
      service_tier: "auto",
      top_k: 99,
      user: "openai-only",
      logprobs: true,
    },
  };

  it("maps Anthropic params, keeps allowed extra keys and drops the rest", () => {
    expect(toAnthropicMessages(rendered({ params }))).toEqual({
      ...BASE,
      max_tokens: 256,
      messages: [{ role: "user", content: "Hi" }],
      temperature: 0.3,
      top_p: 0.8,
      top_k: 20,
      stop_sequences: ["\n\nHuman:"],
      metadata: { user_id: "u1" },
      thinking: { type: "enabled", budget_tokens: 1024 },
      service_tier: "auto",
    });
    expect([...ANTHROPIC_EXTRA_KEYS]).toContain("thinking");
  });

  it("lets options win over rendered params and merges extra", () => {
    const body = toAnthropicMessages(rendered({ params }), {
      temperature: 0,
      topK: undefined,
      stop: ["STOP"],
      extra: { metadata: { user_id: "u2" }, stream: true },
    });
    expect(body).toMatchObject({ temperature: 0, top_k: 20, stop_sequences: ["STOP"], metadata: { user_id: "u2" }, stream: true });
    expect(Object.hasOwn(body, "jsonSchemaStrategy")).toBe(false);
  });

  it("does not modify its input", () => {
    const input = deepFreeze(
      rendered({
        params,
        messages: [
          { role: "system", content: "S" },
          { role: "user", content: [{ type: "image", url: "https://i.test/a.png" }] },
          { role: "user", content: "more" },
          { role: "assistant", content: "", toolCalls: [{ id: "1", name: "f", arguments: "{}" }] },
          { role: "tool", content: "ok", toolCallId: "1" },
          { role: "tool", content: "ok2", toolCallId: "1" },
        ],
        tools: [{ name: "f", parameters: { properties: {} } }],
        toolChoice: { type: "tool", name: "f" },
        responseFormat: { type: "json_schema", schema: { type: "object" } },
      }),
    );
    const before = structuredClone(input);
    toAnthropicMessages(input, { model: "m", maxTokens: 1, extra: { stream: false } });
    toAnthropicMessages(input, { jsonSchemaStrategy: "instruction" });
    expect(input).toEqual(before);
  });
});
