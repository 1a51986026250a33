import { describe, expect, it } from "vitest";
import type { ContentPart, PromptMessage } from "../model/types.js";
import { mediaTypeOf, parseDataUrl } from "../model/media.js";
import { toOpenAIChat } from "./openai.js";
import { deepFreeze, catchError } from "../test-support/assertions.js";
import { renderedPrompt } from "../test-support/rendered-prompt.js";

const rendered = renderedPrompt;

const userParts = (...content: ContentPart[]) => rendered({ messages: [{ role: "user", content }] });

describe("toOpenAIChat: model", () => {
  it("builds the smallest body with no undefined keys", () => {
    const body = toOpenAIChat(rendered());
    expect(body).toEqual({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] });
    expect(Object.keys(body)).toEqual(["model", "messages"]);
  });

  it("prefers the model override", () => {
    expect(toOpenAIChat(rendered(), { model: "gpt-4.1" }).model).toBe("gpt-4.1");
    expect(toOpenAIChat(rendered({ model: undefined }), { model: "gpt-4.1" }).model).toBe("gpt-4.1");
  });

  it("fails with unsupported when no model is known", () => {
    const err = catchError(() => toOpenAIChat(rendered({ model: undefined })));
    expect(err.code).toBe("unsupported");
    expect(err.operation).toBe("toOpenAIChat");
    expect(err.vendor).toBe("helicone");
    expect(err.message).toContain("no model: pass { model }");
  });
});

describe("toOpenAIChat: messages", () => {
  it("maps every role, name, tool_call_id and tool_calls", () => {
    const messages: PromptMessage[] = [
      { role: "system", content: "Be brief." },
      { role: "developer", content: [{ type: "text", text: "Use JSON." }], name: "dev" },
      { role: "user", content: "Weather in Paris?", name: "ada" },
      { role: "assistant", content: "", name: "bot", toolCalls: [{ id: "call_1", name: "weather", arguments: '{"city":"Paris"}' }] },
      { role: "tool", content: "18C", toolCallId: "call_1", name: "weather" },
      { role: "assistant", content: "It is 18C.", toolCalls: [] },
    ];
    expect(toOpenAIChat(rendered({ messages })).messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "developer", content: [{ type: "text", text: "Use JSON." }], name: "dev" },
      { role: "user", content: "Weather in Paris?", name: "ada" },
      {
        role: "assistant",
        content: "",
        name: "bot",
        tool_calls: [{ id: "call_1", type: "function", function: { name: "weather", arguments: '{"city":"Paris"}' } }],
      },
      { role: "tool", content: "18C", tool_call_id: "call_1" },
      { role: "assistant", content: "It is 18C." },
    ]);
  });

  it("fails on a tool message without toolCallId", () => {
    const err = catchError(() => toOpenAIChat(rendered({ messages: [{ role: "tool", content: "x" }] })));
    expect(err.code).toBe("unsupported");
    expect(err.message).toContain("messages[0]");
  });

  it.each(["system", "developer"] as const)("moves the files of a %s message into the user turn after it", (role) => {
    const body = toOpenAIChat(
      rendered({
        messages: [
          {
            role,
            content: [
              { type: "text", text: "Analyze " },
              { type: "file", url: "data:application/pdf;base64,QQ==", variable: "document" },
              { type: "text", text: " and answer." },
            ],
          },
          { role: "user", content: "Go" },
        ],
      }),
    );
    expect(body.messages).toEqual([
      { role, content: "Analyze [attached: document] and answer." },
      { role: "user", content: [{ type: "file", file: { file_data: "data:application/pdf;base64,QQ==", filename: "document.pdf" } }] },
      { role: "user", content: "Go" },
    ]);
  });

  it.each(["assistant"] as const)("fails on an image in a %s message", (role) => {
    const err = catchError(() =>
      toOpenAIChat(rendered({ messages: [{ role, content: [{ type: "image", url: "https://i.test/a.png" }] }] })),
    );
    expect(err.code).toBe("unsupported");
    expect(err.message).toContain("messages[0].content[0]");
  });

  it("fails on a file in a tool message", () => {
    const err = catchError(() =>
      toOpenAIChat(
        rendered({ messages: [{ role: "tool", toolCallId: "c", content: [{ type: "file", url: "data:application/pdf;base64,QQ==" }] }] }),
      ),
    );
    expect(err.code).toBe("unsupported");
  });
});

describe("toOpenAIChat: content parts", () => {
  it("maps text and image parts", () => {
    const body = toOpenAIChat(
      userParts(
        { type: "text", text: "What is this?" },
        { type: "image", url: "https://i.test/a.png", detail: "high" },
        { type: "image", url: "data:image/png;base64,iVBO", mimeType: "image/png" },
      ),
    );
    expect(body.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "What is this?" },
          { type: "image_url", image_url: { url: "https://i.test/a.png", detail: "high" } },
          { type: "image_url", image_url: { url: "data:image/png;base64,iVBO" } },
        ],
      },
    ]);
  });

  it("sends data: files as file_data with a filename, images as image_url", () => {
    const body = toOpenAIChat(
      userParts(
        { type: "file", url: "data:application/pdf;base64,JVBERi0=", variable: "contract" },
        { type: "file", url: "data:text/csv;base64,YSxi" },
        { type: "file", url: "data:application/octet-stream;base64,AAE=", variable: "blob" },
        { type: "file", url: "data:image/jpeg;base64,/9j/", variable: "photo" },
      ),
    );
    expect(body.messages[0]?.content).toEqual([
      { type: "file", file: { filename: "contract.pdf", file_data: "data:application/pdf;base64,JVBERi0=" } },
      { type: "file", file: { filename: "file.csv", file_data: "data:text/csv;base64,YSxi" } },
      { type: "file", file: { filename: "blob", file_data: "data:application/octet-stream;base64,AAE=" } },
      { type: "image_url", image_url: { url: "data:image/jpeg;base64,/9j/" } },
    ]);
  });

  it("sends https image files as image_url (by mimeType or extension) and openai-file:// as file_id", () => {
    const body = toOpenAIChat(
      userParts(
        { type: "file", url: "https://f.test/scan", mimeType: "image/webp", variable: "scan" },
        { type: "file", url: "https://f.test/photo.JPG?sig=abc#x" },
        { type: "file", url: "openai-file://file-abc123" },
      ),
    );
    expect(body.messages[0]?.content).toEqual([
      { type: "image_url", image_url: { url: "https://f.test/scan" } },
      { type: "image_url", image_url: { url: "https://f.test/photo.JPG?sig=abc#x" } },
      { type: "file", file: { file_id: "file-abc123" } },
    ]);
  });

  it.each([
    ["an https document", { type: "file", url: "https://f.test/report.pdf" }],
    ["an https file of unknown type", { type: "file", url: "https://f.test/download?id=1" }],
    ["a vault reference", { type: "file", url: "vault://abc", mimeType: "application/pdf" }],
    ["a non-base64 data: document", { type: "file", url: "data:text/plain,hello" }],
  ] as const)("fails on %s", (_label, part) => {
    const err = catchError(() => toOpenAIChat(userParts(part)));
    expect(err.code).toBe("unsupported");
    expect(err.operation).toBe("toOpenAIChat");
    expect(err.message).toContain("messages[0].content[0]");
    expect(err.message).toContain("OpenAI Chat needs file data");
  });
});

describe("toOpenAIChat: tools and formats", () => {
  const tools = [
    { name: "weather", description: "Get weather", parameters: { type: "object", properties: { city: { type: "string" } } }, strict: true },
    { name: "noop" },
  ];

  it("maps tools, tool_choice and parallel_tool_calls", () => {
    const body = toOpenAIChat(rendered({ tools, toolChoice: { type: "tool", name: "weather" }, params: { parallelToolCalls: false } }));
    expect(body).toEqual({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "Hi" }],
      tools: [
        {
          type: "function",
          function: {
            name: "weather",
            description: "Get weather",
            parameters: { type: "object", properties: { city: { type: "string" } } },
            strict: true,
          },
        },
        { type: "function", function: { name: "noop" } },
      ],
      tool_choice: { type: "function", function: { name: "weather" } },
      parallel_tool_calls: false,
    });
  });

  it.each(["auto", "none", "required"] as const)("passes tool_choice %s through", (choice) => {
    expect(toOpenAIChat(rendered({ tools, toolChoice: choice })).tool_choice).toBe(choice);
  });

  it("omits tools, tool_choice and parallel_tool_calls when there are no tools", () => {
    const body = toOpenAIChat(rendered({ toolChoice: "auto", params: { parallelToolCalls: true } }));
    expect(body).toEqual({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] });
  });

  it("maps response formats", () => {
    expect(toOpenAIChat(rendered({ responseFormat: { type: "text" } })).response_format).toEqual({ type: "text" });
    expect(toOpenAIChat(rendered({ responseFormat: { type: "json_object" } })).response_format).toEqual({ type: "json_object" });
    expect(toOpenAIChat(rendered({ responseFormat: { type: "json_schema", schema: { type: "object" } } })).response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "response", schema: { type: "object" } },
    });
    expect(
      toOpenAIChat(
        rendered({
          responseFormat: { type: "json_schema", name: "answer", schema: { type: "object" }, strict: true, description: "The answer" },
        }),
      ).response_format,
    ).toEqual({
      type: "json_schema",
      json_schema: { name: "answer", schema: { type: "object" }, strict: true, description: "The answer" },
    });
  });
});

describe("toOpenAIChat: params", () => {
  const params = {
    temperature: 0.2,
    maxTokens: 100,
    topP: 0.9,
    topK: 40,
    stop: ["END"],
    seed: 7,
    frequencyPenalty: 0.1,
    presencePenalty: -0.1,
    reasoningEffort: "low",
    extra: { user: "u1", temperature: 2, store: false, skipped: undefined },
  };

  it("maps params to snake_case, drops topK and lets extra fill only unmapped keys", () => {
    const body = toOpenAIChat(rendered({ params }));
    expect(body).toEqual({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "Hi" }],
      temperature: 0.2,
      max_tokens: 100,
      top_p: 0.9,
      stop: ["END"],
      seed: 7,
      frequency_penalty: 0.1,
      presence_penalty: -0.1,
      reasoning_effort: "low",
      user: "u1",
      store: false,
    });
    expect(Object.hasOwn(body, "skipped")).toBe(false);
  });

  it("writes maxTokens to max_completion_tokens when extra uses that key", () => {
    const body = toOpenAIChat(rendered({ params: { maxTokens: 100, extra: { max_completion_tokens: 5 } } }));
    expect(body).toEqual({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }], max_completion_tokens: 100 });
    expect(toOpenAIChat(rendered({ params: { extra: { max_completion_tokens: 5 } } })).max_completion_tokens).toBe(5);
  });

  it("lets overrides win, ignores undefined overrides and merges extra", () => {
    const body = toOpenAIChat(rendered({ params }), {
      temperature: 1,
      maxTokens: undefined,
      seed: 8,
      extra: { user: "u2", metadata: { a: "b" } },
    });
    expect(body).toMatchObject({ temperature: 1, max_tokens: 100, seed: 8, user: "u2", store: false, metadata: { a: "b" } });
  });

  it("does not modify its input", () => {
    const input = deepFreeze(
      rendered({
        params,
        messages: [
          { role: "user", content: [{ type: "image", url: "https://i.test/a.png" }] },
          { role: "assistant", content: "", toolCalls: [{ id: "1", name: "f", arguments: "{}" }] },
          { role: "tool", content: "ok", toolCallId: "1" },
        ],
        tools: [{ name: "f", parameters: { type: "object" } }],
        toolChoice: { type: "tool", name: "f" },
        responseFormat: { type: "json_schema", schema: { type: "object" } },
      }),
    );
    const before = structuredClone(input);
    toOpenAIChat(input, { model: "m", extra: { x: 1 } });
    expect(input).toEqual(before);
  });
});

describe("media helpers", () => {
  it("parses data: URLs", () => {
    expect(parseDataUrl("data:Image/PNG;base64,AAA")).toEqual({ mediaType: "image/png", base64: true, data: "AAA" });
    expect(parseDataUrl("data:text/plain;charset=utf-8,hi%20there")).toEqual({
      mediaType: "text/plain",
      base64: false,
      data: "hi%20there",
    });
    expect(parseDataUrl("data:,x")).toEqual({ mediaType: undefined, base64: false, data: "x" });
    expect(parseDataUrl("data:nocomma")).toBeUndefined();
    expect(parseDataUrl("https://x.test/a.png")).toBeUndefined();
  });

  it("finds a part's media type from mimeType, data: header or extension", () => {
    expect(mediaTypeOf({ type: "file", url: "https://x.test/a.png", mimeType: "Application/PDF" })).toBe("application/pdf");
    expect(mediaTypeOf({ type: "file", url: "data:text/csv;base64,AA" })).toBe("text/csv");
    expect(mediaTypeOf({ type: "image", url: "https://x.test/dir.v2/photo.jpeg?x=1.pdf" })).toBe("image/jpeg");
    expect(mediaTypeOf({ type: "file", url: "https://x.test/dir.pdf/file" })).toBeUndefined();
    expect(mediaTypeOf({ type: "file", url: "vault://abc" })).toBeUndefined();
  });
});
