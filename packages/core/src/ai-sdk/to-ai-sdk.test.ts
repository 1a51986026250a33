import { generateText, jsonSchema } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import type { ContentPart, PromptMessage } from "../model/types.js";
import { catchError, deepFreeze } from "../test-support/assertions.js";
import { toAISDK, type AISDKMessage } from "./to-ai-sdk.js";
import { renderedPrompt } from "../test-support/rendered-prompt.js";

const rendered = renderedPrompt;

const userParts = (...content: ContentPart[]) => rendered({ messages: [{ role: "user", content }] });
const userContent = (...content: ContentPart[]) => (toAISDK(userParts(...content)).messages[0] as { content: unknown }).content;

const WEATHER = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };

describe("toAISDK: messages", () => {
  it("builds the smallest call: messages only, no model, no undefined keys", () => {
    const call = toAISDK(rendered());
    expect(call).toEqual({ messages: [{ role: "user", content: "Hi" }] });
    expect(Object.keys(call)).toEqual(["messages"]);
  });

  it("puts the leading system and developer messages in `system`, and later ones in messages as system", () => {
    const messages: PromptMessage[] = [
      { role: "system", content: "Be brief." },
      { role: "developer", content: [{ type: "text", text: "Use JSON." }], name: "dev" },
      { role: "system", content: "" },
      { role: "user", content: "Hi", name: "ada" },
      {
        role: "developer",
        content: [
          { type: "text", text: "Now" },
          { type: "text", text: "in French." },
        ],
      },
      { role: "assistant", content: "Salut." },
    ];
    expect(toAISDK(rendered({ messages }))).toEqual({
      system: "Be brief.\n\nUse JSON.",
      messages: [
        { role: "user", content: "Hi" },
        { role: "system", content: "Now\nin French." },
        { role: "assistant", content: "Salut." },
      ],
    });
  });

  it("sends a prompt of system text only as the user turn (the SDK rejects empty messages)", () => {
    expect(toAISDK(rendered({ messages: [{ role: "system", content: "Summarize: x" }] }))).toEqual({
      messages: [{ role: "user", content: "Summarize: x" }],
    });
    const err = catchError(() => toAISDK(rendered({ messages: [{ role: "system", content: "" }] })));
    expect(err.code).toBe("unsupported");
    expect(err.message).toBe("toAISDK: the prompt has no messages.");
  });

  it("maps assistant tool calls and tool results (tool name from the call)", () => {
    const messages: PromptMessage[] = [
      { role: "user", content: "Weather in Paris and Rome?" },
      {
        role: "assistant",
        content: "Checking.",
        toolCalls: [
          { id: "call_1", name: "weather", arguments: '{"city":"Paris"}' },
          { id: "call_2", name: "forecast", arguments: "" },
        ],
      },
      { role: "tool", content: "18C", toolCallId: "call_1", name: "weather" },
      {
        role: "tool",
        content: [
          { type: "text", text: "Sunny" },
          { type: "text", text: "then rain" },
        ],
        toolCallId: "call_2",
      },
      { role: "assistant", content: [{ type: "text", text: "18C, sunny." }], toolCalls: [] },
    ];
    const expected: AISDKMessage[] = [
      { role: "user", content: "Weather in Paris and Rome?" },
      {
        role: "assistant",
        content: [
          { type: "text", text: "Checking." },
          { type: "tool-call", toolCallId: "call_1", toolName: "weather", input: { city: "Paris" } },
          { type: "tool-call", toolCallId: "call_2", toolName: "forecast", input: {} },
        ],
      },
      {
        role: "tool",
        content: [{ type: "tool-result", toolCallId: "call_1", toolName: "weather", output: { type: "text", value: "18C" } }],
      },
      {
        role: "tool",
        content: [{ type: "tool-result", toolCallId: "call_2", toolName: "forecast", output: { type: "text", value: "Sunny\nthen rain" } }],
      },
      { role: "assistant", content: [{ type: "text", text: "18C, sunny." }] },
    ];
    expect(toAISDK(rendered({ messages })).messages).toEqual(expected);
  });

  it("leaves out empty text next to tool calls", () => {
    const messages: PromptMessage[] = [
      { role: "assistant", content: "", toolCalls: [{ id: "c", name: "t", arguments: "[1]" }] },
      { role: "tool", content: "ok", toolCallId: "c" },
    ];
    expect(toAISDK(rendered({ messages })).messages[0]).toEqual({
      role: "assistant",
      content: [{ type: "tool-call", toolCallId: "c", toolName: "t", input: [1] }],
    });
  });

  it.each([
    ["without toolCallId", [{ role: "tool", content: "x" }], "messages[0] is a tool message without toolCallId"],
    [
      "answering an unknown call",
      [{ role: "tool", content: "x", toolCallId: "nope" }],
      'messages[0] answers tool call "nope", which no earlier assistant message makes',
    ],
    [
      "with arguments that are not JSON",
      [{ role: "assistant", content: "", toolCalls: [{ id: "c", name: "t", arguments: "{city:" }] }],
      "messages[0].toolCalls[0].arguments is not valid JSON",
    ],
    ["with an unknown role", [{ role: "critic", content: "x" }], 'messages[0] has role "critic"'],
  ] as [string, PromptMessage[], string][])("fails on a message %s", (_, messages, message) => {
    const err = catchError(() => toAISDK(rendered({ messages })));
    expect(err.code).toBe("unsupported");
    expect(err.operation).toBe("toAISDK");
    expect(err.vendor).toBe("helicone");
    expect(err.message).toContain(message);
  });

  it.each(["assistant", "tool"] as const)("fails on an image in a %s message", (role) => {
    const messages: PromptMessage[] = [
      { role: "assistant", content: "", toolCalls: [{ id: "c", name: "t", arguments: "{}" }] },
      { role, toolCallId: "c", content: [{ type: "image", url: "https://i.test/a.png" }] },
    ];
    const err = catchError(() => toAISDK(rendered({ messages })));
    expect(err.code).toBe("unsupported");
    expect(err.message).toContain(`messages[1].content[0] is an image in a ${role} message`);
  });

  it("moves the files of a system message into a user turn after it", () => {
    const call = toAISDK(
      rendered({
        messages: [
          {
            role: "system",
            content: [
              { type: "text", text: "Analyze " },
              { type: "file", url: "data:application/pdf;base64,QQ==", variable: "document" },
              { type: "text", text: " and answer." },
            ],
          },
        ],
      }),
    );
    expect(call).toEqual({
      system: "Analyze [attached: document] and answer.",
      messages: [{ role: "user", content: [{ type: "file", data: "QQ==", mediaType: "application/pdf", filename: "document.pdf" }] }],
    });
  });

  it("does not modify its input", () => {
    const input = deepFreeze(
      rendered({
        messages: [
          { role: "system", content: "s" },
          { role: "user", content: [{ type: "image", url: "data:image/png;base64,iVBO" }] },
        ],
        params: { stop: ["x"] },
        tools: [{ name: "t", parameters: WEATHER }],
      }),
    );
    expect(() => toAISDK(input, { temperature: 1 })).not.toThrow();
  });
});

describe("toAISDK: images and files", () => {
  it("an https image → a URL object, with mediaType and the OpenAI detail when known", () => {
    expect(userContent({ type: "text", text: "Look:" }, { type: "image", url: "https://i.test/a.png", detail: "low" })).toEqual([
      { type: "text", text: "Look:" },
      {
        type: "image",
        image: new URL("https://i.test/a.png"),
        mediaType: "image/png",
        providerOptions: { openai: { imageDetail: "low" } },
      },
    ]);
    const [image] = userContent({ type: "image", url: "https://i.test/photo" }) as [{ image: unknown }];
    expect(image).toEqual({ type: "image", image: new URL("https://i.test/photo") });
    expect(image.image).toBeInstanceOf(URL);
  });

  it("a data: image → its base64, with the header's media type", () => {
    expect(userContent({ type: "image", url: "data:image/jpeg;base64,/9j/4A==" })).toEqual([
      { type: "image", image: "/9j/4A==", mediaType: "image/jpeg" },
    ]);
  });

  it("a file → data and mediaType (required), filename from its variable", () => {
    expect(
      userContent(
        { type: "file", url: "data:application/pdf;base64,JVBERi0=", variable: "contract" },
        { type: "file", url: "https://files.test/report.pdf" },
        { type: "file", url: "https://files.test/doc?id=1", mimeType: "Text/Markdown", variable: "notes" },
        { type: "file", url: "data:text/csv;base64,YSxi", variable: "data" },
      ),
    ).toEqual([
      { type: "file", data: "JVBERi0=", mediaType: "application/pdf", filename: "contract.pdf" },
      { type: "file", data: new URL("https://files.test/report.pdf"), mediaType: "application/pdf" },
      { type: "file", data: new URL("https://files.test/doc?id=1"), mediaType: "text/markdown", filename: "notes.md" },
      { type: "file", data: "YSxi", mediaType: "text/csv", filename: "data.csv" },
    ]);
  });

  it("a percent-encoded data: URL is sent as base64 of its bytes (the SDK reads string data as base64)", () => {
    const [part] = userContent({ type: "file", url: "data:text/plain,caf%C3%A9%20%E2%82%AC" }) as [{ data: string }];
    expect(part).toEqual({ type: "file", data: "Y2Fmw6kg4oKs", mediaType: "text/plain" });
    expect(new TextDecoder().decode(Uint8Array.from(atob(part.data), (c) => c.charCodeAt(0)))).toBe("café €");
    expect((userContent({ type: "file", url: "data:text/plain,é 100%" }) as [{ data: string }])[0].data).toBe(btoa("\xc3\xa9 100%"));
  });

  it.each([
    ["a file of unknown media type", { type: "file", url: "https://files.test/blob" }, "requires a file's media type"],
    ["a data: file without a type", { type: "file", url: "data:;base64,QQ==" }, "requires a file's media type"],
    ["an OpenAI file id", { type: "file", url: "openai-file://file-abc", mimeType: "application/pdf" }, "an OpenAI file id"],
    ["a vault reference", { type: "file", url: "vault://doc", mimeType: "application/pdf" }, 'not "vault": URLs'],
    ["a relative image URL", { type: "image", url: "/a.png" }, 'not "/a.png": URLs'],
  ] as [string, ContentPart, string][])("fails on %s", (_, part, message) => {
    const err = catchError(() => toAISDK(userParts(part)));
    expect(err.code).toBe("unsupported");
    expect(err.message).toContain("messages[0].content[0]");
    expect(err.message).toContain(message);
  });
});

describe("toAISDK: tools", () => {
  it("maps tools to { description, inputSchema: jsonSchema(parameters), strict } and the tool choice", () => {
    const call = toAISDK(
      rendered({
        tools: [{ name: "weather", description: "Weather by city", parameters: WEATHER, strict: true }, { name: "now" }],
        toolChoice: { type: "tool", name: "weather" },
      }),
    );
    expect(Object.keys(call.tools ?? {})).toEqual(["weather", "now"]);
    const { weather, now } = call.tools!;
    expect(Object.keys(weather!)).toEqual(["description", "inputSchema", "strict"]);
    expect(weather!.description).toBe("Weather by city");
    expect(weather!.strict).toBe(true);
    expect(weather!.inputSchema.jsonSchema).toEqual(WEATHER);
    // The same kind of object `jsonSchema` from `ai` makes, so the SDK accepts it.
    expect(Object.getOwnPropertySymbols(weather!.inputSchema)).toEqual(Object.getOwnPropertySymbols(jsonSchema(WEATHER)));
    expect(Object.keys(now!)).toEqual(["inputSchema"]);
    expect(now!.inputSchema.jsonSchema).toEqual({ type: "object", properties: {} });
    expect(call.toolChoice).toEqual({ type: "tool", toolName: "weather" });
  });

  it.each(["auto", "none", "required"] as const)("keeps tool choice %s", (toolChoice) => {
    expect(toAISDK(rendered({ tools: [{ name: "t" }], toolChoice })).toolChoice).toBe(toolChoice);
  });

  it("has no tools or toolChoice keys without tools", () => {
    const call = toAISDK(rendered({ toolChoice: "required" }));
    expect(Object.hasOwn(call, "tools")).toBe(false);
    expect(Object.hasOwn(call, "toolChoice")).toBe(false);
  });

  it("fails on two tools with one name", () => {
    const err = catchError(() => toAISDK(rendered({ tools: [{ name: "t" }, { name: "t" }] })));
    expect(err.message).toBe('toAISDK: two tools are named "t".');
  });
});

describe("toAISDK: params and options", () => {
  it("maps the call settings the AI SDK has, and leaves out provider-specific ones", () => {
    const call = toAISDK(
      rendered({
        params: {
          temperature: 0.2,
          maxTokens: 100,
          topP: 0.9,
          topK: 40,
          stop: ["END"],
          seed: 7,
          frequencyPenalty: 0.1,
          presencePenalty: -0.1,
          parallelToolCalls: false,
          reasoningEffort: "low",
          extra: { user: "u", logprobs: true },
        },
      }),
    );
    expect(call).toEqual({
      messages: [{ role: "user", content: "Hi" }],
      temperature: 0.2,
      maxOutputTokens: 100,
      topP: 0.9,
      topK: 40,
      stopSequences: ["END"],
      seed: 7,
      frequencyPenalty: 0.1,
      presencePenalty: -0.1,
    });
  });

  it("applies overrides over the prompt's params, ignoring undefined ones", () => {
    const call = toAISDK(rendered({ params: { temperature: 1, maxTokens: 10, stop: ["a"] } }), {
      temperature: 0,
      maxTokens: undefined,
      stop: ["b"],
    });
    expect(call).toMatchObject({ temperature: 0, maxOutputTokens: 10, stopSequences: ["b"] });
  });

  it("throws on a JSON response format unless told to omit it", () => {
    const format = { type: "json_schema" as const, name: "answer", schema: { type: "object" } };
    const err = catchError(() => toAISDK(rendered({ responseFormat: format })));
    expect(err.code).toBe("unsupported");
    expect(err.message).toContain('json_schema response "answer"');
    expect(err.message).toContain('{ responseFormat: "omit" }');
    expect(catchError(() => toAISDK(rendered({ responseFormat: { type: "json_object" } }))).message).toContain("json_object response");
    expect(toAISDK(rendered({ responseFormat: format }), { responseFormat: "omit" })).toEqual({
      messages: [{ role: "user", content: "Hi" }],
    });
    expect(toAISDK(rendered({ responseFormat: { type: "text" } }))).toEqual({ messages: [{ role: "user", content: "Hi" }] });
    const bad = catchError(() => toAISDK(rendered(), { responseFormat: "ignore" as "omit" }));
    expect(bad.message).toContain('responseFormat must be "error" or "omit"');
  });
});

describe("toAISDK: prototype keys", () => {
  it("a tool named __proto__ and __proto__ keys in arguments stay plain keys", () => {
    const call = toAISDK(
      rendered({
        messages: [
          { role: "assistant", content: "", toolCalls: [{ id: "c", name: "__proto__", arguments: '{"__proto__":{"polluted":true}}' }] },
          { role: "tool", content: "ok", toolCallId: "c" },
        ],
        tools: [{ name: "__proto__", parameters: WEATHER }, { name: "constructor" }],
      }),
    );
    expect(Object.getPrototypeOf(call.tools)).toBe(Object.prototype);
    expect(Object.keys(call.tools!)).toEqual(["__proto__", "constructor"]);
    expect(Object.getOwnPropertyDescriptor(call.tools, "__proto__")?.value.inputSchema.jsonSchema).toEqual(WEATHER);
    const [toolCall] = call.messages[0]!.content as unknown as [{ input: object }];
    expect(Object.getPrototypeOf(toolCall.input)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(toolCall.input, "__proto__")?.value).toEqual({ polluted: true });
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(call.messages[1]).toMatchObject({ content: [{ toolName: "__proto__" }] });
  });
});

describe("toAISDK with ai 6's generateText", () => {
  it("is accepted at run time: the model receives the prompt, tools and settings", async () => {
    const model = new MockLanguageModelV3({
      // URLs the model takes as they are: the SDK downloads no others.
      supportedUrls: { "*": [/^https:\/\//] },
      doGenerate: {
        content: [{ type: "text", text: "18C" }],
        finishReason: { unified: "stop", raw: "stop" },
        usage: {
          inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: 1, text: 1, reasoning: 0 },
        },
        warnings: [],
      },
    });
    const call = toAISDK(
      rendered({
        messages: [
          { role: "developer", content: "Be brief." },
          {
            role: "user",
            content: [
              { type: "text", text: "Weather here?" },
              { type: "image", url: "https://i.test/sky.png" },
              { type: "file", url: "data:application/pdf;base64,JVBERi0=", variable: "doc" },
            ],
          },
          { role: "assistant", content: "", toolCalls: [{ id: "c1", name: "weather", arguments: '{"city":"Paris"}' }] },
          { role: "tool", content: "18C", toolCallId: "c1" },
        ],
        tools: [{ name: "weather", description: "Weather by city", parameters: WEATHER }],
        toolChoice: "auto",
        params: { temperature: 0, maxTokens: 50, stop: ["END"] },
      }),
    );
    const result = await generateText({ model, ...call });
    expect(result.text).toBe("18C");
    const [options] = model.doGenerateCalls;
    expect(options).toMatchObject({
      temperature: 0,
      maxOutputTokens: 50,
      stopSequences: ["END"],
      toolChoice: { type: "auto" },
      tools: [{ type: "function", name: "weather", description: "Weather by city", inputSchema: WEATHER }],
    });
    expect(options!.prompt).toMatchObject([
      { role: "system", content: "Be brief." },
      {
        role: "user",
        content: [
          { type: "text", text: "Weather here?" },
          { type: "file", mediaType: "image/png", data: new URL("https://i.test/sky.png") },
          { type: "file", mediaType: "application/pdf", filename: "doc.pdf", data: "JVBERi0=" },
        ],
      },
      { role: "assistant", content: [{ type: "tool-call", toolCallId: "c1", toolName: "weather", input: { city: "Paris" } }] },
      { role: "tool", content: [{ type: "tool-result", toolCallId: "c1", toolName: "weather", output: { type: "text", value: "18C" } }] },
    ]);
  });
});
