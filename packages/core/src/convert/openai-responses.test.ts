import { describe, expect, it } from "vitest";
import type { ContentPart, PromptMessage, RenderedPrompt } from "../model/types.js";
import { OPENAI_RESPONSES_EXTRA_KEYS, toOpenAIResponses } from "./openai-responses.js";
import { deepFreeze, catchError } from "../test-support/assertions.js";
import { renderedPrompt } from "../test-support/rendered-prompt.js";

const rendered = (extra: Partial<RenderedPrompt> = {}): RenderedPrompt => renderedPrompt({ model: "gpt-5-mini", ...extra });

const BASE_MESSAGES: PromptMessage[] = [{ role: "user", content: "Hi" }];
const BASE = { model: "gpt-5-mini", input: [{ type: "message", role: "user", content: "Hi" }] };
const userParts = (...content: ContentPart[]) => rendered({ messages: [{ role: "user", content }] });
const contentOf = (prompt: RenderedPrompt) => toOpenAIResponses(prompt).input[0];

describe("toOpenAIResponses: model", () => {
  it("builds the smallest body with no undefined keys", () => {
    const body = toOpenAIResponses(rendered());
    expect(body).toEqual(BASE);
    expect(Object.keys(body)).toEqual(["model", "input"]);
  });

  it("prefers the model override", () => {
    expect(toOpenAIResponses(rendered(), { model: "gpt-4.1" }).model).toBe("gpt-4.1");
    expect(toOpenAIResponses(rendered({ model: undefined }), { model: "gpt-4.1" }).model).toBe("gpt-4.1");
  });

  it("fails with unsupported when no model is known", () => {
    const err = catchError(() => toOpenAIResponses(rendered({ model: undefined })));
    expect(err.code).toBe("unsupported");
    expect(err.operation).toBe("toOpenAIResponses");
    expect(err.vendor).toBe("helicone");
    expect(err.message).toContain("no model: pass { model }");
  });
});

describe("toOpenAIResponses: instructions and input", () => {
  it("sends the leading system and developer messages as instructions, later ones as input with their role", () => {
    const messages: PromptMessage[] = [
      { role: "system", content: "Be brief." },
      {
        role: "developer",
        content: [
          { type: "text", text: "Use " },
          { type: "text", text: "JSON." },
        ],
        name: "dev",
      },
      { role: "user", content: "Weather in Paris?", name: "ada" },
      { role: "developer", content: "Answer in French." },
      { role: "system", content: [{ type: "text", text: "Stay polite." }] },
    ];
    expect(toOpenAIResponses(rendered({ messages }))).toEqual({
      model: "gpt-5-mini",
      instructions: "Be brief.\n\nUse JSON.",
      input: [
        { type: "message", role: "user", content: "Weather in Paris?" },
        { type: "message", role: "developer", content: "Answer in French." },
        { type: "message", role: "system", content: [{ type: "input_text", text: "Stay polite." }] },
      ],
    });
  });

  it("leaves empty leading messages out of instructions", () => {
    const messages: PromptMessage[] = [
      { role: "system", content: "" },
      { role: "developer", content: "Be brief." },
      { role: "user", content: "Hi" },
    ];
    expect(toOpenAIResponses(rendered({ messages }))).toEqual({ ...BASE, instructions: "Be brief." });
    expect(toOpenAIResponses(rendered({ messages: [{ role: "system", content: "" }, ...BASE_MESSAGES] }))).toEqual(BASE);
  });

  it("keeps a prompt of system messages only as input, which the API requires", () => {
    const body = toOpenAIResponses(rendered({ messages: [{ role: "system", content: "Summarize the news." }] }));
    expect(body).toEqual({ model: "gpt-5-mini", input: [{ type: "message", role: "system", content: "Summarize the news." }] });
  });

  it("maps assistant history, tool calls and tool results to messages and function call items", () => {
    const messages: PromptMessage[] = [
      { role: "user", content: "Weather in Paris and Rome?" },
      {
        role: "assistant",
        content: "",
        name: "bot",
        toolCalls: [
          { id: "call_1", name: "weather", arguments: '{"city":"Paris"}' },
          { id: "call_2", name: "weather", arguments: '{"city":"Rome"}' },
        ],
      },
      { role: "tool", content: "18C", toolCallId: "call_1", name: "weather" },
      {
        role: "tool",
        content: [
          { type: "text", text: "21" },
          { type: "text", text: "C" },
        ],
        toolCallId: "call_2",
      },
      { role: "assistant", content: "Checking the wind too.", toolCalls: [{ id: "call_3", name: "wind", arguments: "{}" }] },
      { role: "tool", content: "calm", toolCallId: "call_3" },
      { role: "assistant", content: [{ type: "text", text: "18C and 21C, calm." }], toolCalls: [] },
      { role: "assistant", content: "" },
    ];
    expect(toOpenAIResponses(rendered({ messages })).input).toEqual([
      { type: "message", role: "user", content: "Weather in Paris and Rome?" },
      { type: "function_call", call_id: "call_1", name: "weather", arguments: '{"city":"Paris"}' },
      { type: "function_call", call_id: "call_2", name: "weather", arguments: '{"city":"Rome"}' },
      { type: "function_call_output", call_id: "call_1", output: "18C" },
      { type: "function_call_output", call_id: "call_2", output: "21C" },
      { type: "message", role: "assistant", content: "Checking the wind too." },
      { type: "function_call", call_id: "call_3", name: "wind", arguments: "{}" },
      { type: "function_call_output", call_id: "call_3", output: "calm" },
      { type: "message", role: "assistant", content: "18C and 21C, calm." },
      { type: "message", role: "assistant", content: "" },
    ]);
  });

  it("fails on a tool message without toolCallId", () => {
    const err = catchError(() => toOpenAIResponses(rendered({ messages: [{ role: "tool", content: "x" }] })));
    expect(err.code).toBe("unsupported");
    expect(err.operation).toBe("toOpenAIResponses");
    expect(err.message).toContain("messages[0] is a tool message without toolCallId");
  });

  it("fails on an unknown role", () => {
    const messages = [{ role: "function", content: "x" }] as unknown as PromptMessage[];
    const err = catchError(() => toOpenAIResponses(rendered({ messages })));
    expect(err.code).toBe("unsupported");
    expect(err.message).toContain('role "function"');
  });

  it.each(["system", "developer"] as const)("moves the files of a leading %s message into the user turn after it", (role) => {
    const body = toOpenAIResponses(
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
    expect(body).toEqual({
      model: "gpt-5-mini",
      instructions: "Analyze [attached: document] and answer.",
      input: [
        {
          type: "message",
          role: "user",
          content: [{ type: "input_file", filename: "document.pdf", file_data: "data:application/pdf;base64,QQ==" }],
        },
        { type: "message", role: "user", content: "Go" },
      ],
    });
  });

  it.each<[string, PromptMessage]>([
    ["an image in an assistant message", { role: "assistant", content: [{ type: "image", url: "https://i.test/a.png" }] }],
    ["a file in a tool message", { role: "tool", toolCallId: "c", content: [{ type: "file", url: "data:application/pdf;base64,QQ==" }] }],
  ])("fails on %s", (_label, message) => {
    const err = catchError(() => toOpenAIResponses(rendered({ messages: [{ role: "user", content: "Hi" }, message] })));
    expect(err.code).toBe("unsupported");
    expect(err.message).toContain("messages[1].content[0]");
    expect(err.message).toContain("accepts images and files in user messages only");
  });
});

describe("toOpenAIResponses: content parts", () => {
  it("maps text and image parts, with detail always set", () => {
    expect(
      contentOf(
        userParts(
          { type: "text", text: "What is this?" },
          { type: "image", url: "https://i.test/a.png", detail: "high" },
          { type: "image", url: "data:image/png;base64,iVBO", mimeType: "image/png" },
          { type: "image", url: "openai-file://file-img1", detail: "low" },
        ),
      ),
    ).toEqual({
      type: "message",
      role: "user",
      content: [
        { type: "input_text", text: "What is this?" },
        { type: "input_image", image_url: "https://i.test/a.png", detail: "high" },
        { type: "input_image", image_url: "data:image/png;base64,iVBO", detail: "auto" },
        { type: "input_image", file_id: "file-img1", detail: "low" },
      ],
    });
  });

  it("sends data: files as file_data with a filename, image files as input_image", () => {
    expect(
      contentOf(
        userParts(
          { type: "file", url: "data:application/pdf;base64,JVBERi0=", variable: "contract" },
          { type: "file", url: "data:text/csv;base64,YSxi" },
          { type: "file", url: "data:application/octet-stream;base64,AAE=", variable: "blob" },
          { type: "file", url: "data:image/jpeg;base64,/9j/", variable: "photo" },
        ),
      ),
    ).toEqual({
      type: "message",
      role: "user",
      content: [
        { type: "input_file", filename: "contract.pdf", file_data: "data:application/pdf;base64,JVBERi0=" },
        { type: "input_file", filename: "file.csv", file_data: "data:text/csv;base64,YSxi" },
        { type: "input_file", filename: "blob", file_data: "data:application/octet-stream;base64,AAE=" },
        { type: "input_image", image_url: "data:image/jpeg;base64,/9j/", detail: "auto" },
      ],
    });
  });

  it("sends https documents as file_url, https images as input_image and openai-file:// as file_id", () => {
    expect(
      contentOf(
        userParts(
          { type: "file", url: "https://f.test/report.pdf", variable: "report" },
          { type: "file", url: "https://f.test/download?id=1" },
          { type: "file", url: "https://f.test/scan", mimeType: "image/webp" },
          { type: "file", url: "https://f.test/photo.JPG?sig=abc#x" },
          { type: "file", url: "openai-file://file-abc123" },
        ),
      ),
    ).toEqual({
      type: "message",
      role: "user",
      content: [
        { type: "input_file", file_url: "https://f.test/report.pdf" },
        { type: "input_file", file_url: "https://f.test/download?id=1" },
        { type: "input_image", image_url: "https://f.test/scan", detail: "auto" },
        { type: "input_image", image_url: "https://f.test/photo.JPG?sig=abc#x", detail: "auto" },
        { type: "input_file", file_id: "file-abc123" },
      ],
    });
  });

  it.each([
    ["a vault reference", { type: "file", url: "vault://abc", mimeType: "application/pdf" }, "cannot reach"],
    ["a relative URL", { type: "file", url: "files/report.pdf" }, "cannot reach"],
    ["a non-base64 data: document", { type: "file", url: "data:text/plain,hello" }, "needs file data in base64"],
  ] as const)("fails on %s", (_label, part, why) => {
    const err = catchError(() => toOpenAIResponses(userParts(part)));
    expect(err.code).toBe("unsupported");
    expect(err.operation).toBe("toOpenAIResponses");
    expect(err.message).toContain("messages[0].content[0]");
    expect(err.message).toContain(why);
  });
});

describe("toOpenAIResponses: tools and formats", () => {
  const tools = [
    { name: "weather", description: "Get weather", parameters: { type: "object", properties: { city: { type: "string" } } }, strict: true },
    { name: "noop" },
  ];

  it("maps tools flat, with parameters and strict always set, tool_choice and parallel_tool_calls", () => {
    const body = toOpenAIResponses(
      rendered({ tools, toolChoice: { type: "tool", name: "weather" }, params: { parallelToolCalls: false } }),
    );
    expect(body).toEqual({
      ...BASE,
      tools: [
        {
          type: "function",
          name: "weather",
          description: "Get weather",
          parameters: { type: "object", properties: { city: { type: "string" } } },
          strict: true,
        },
        { type: "function", name: "noop", parameters: { type: "object", properties: {} }, strict: false },
      ],
      tool_choice: { type: "function", name: "weather" },
      parallel_tool_calls: false,
    });
  });

  it.each(["auto", "none", "required"] as const)("passes tool_choice %s through", (choice) => {
    expect(toOpenAIResponses(rendered({ tools, toolChoice: choice })).tool_choice).toBe(choice);
  });

  it("omits tools, tool_choice and parallel_tool_calls when there are no tools", () => {
    expect(toOpenAIResponses(rendered({ toolChoice: "auto", params: { parallelToolCalls: true } }))).toEqual(BASE);
  });

  it("maps response formats to text.format", () => {
    expect(toOpenAIResponses(rendered({ responseFormat: { type: "text" } })).text).toEqual({ format: { type: "text" } });
    expect(toOpenAIResponses(rendered({ responseFormat: { type: "json_object" } })).text).toEqual({ format: { type: "json_object" } });
    expect(toOpenAIResponses(rendered({ responseFormat: { type: "json_schema", schema: { type: "object" } } })).text).toEqual({
      format: { type: "json_schema", name: "response", schema: { type: "object" } },
    });
    const schema = { type: "object", properties: { answer: { type: "string" } }, required: ["answer"], additionalProperties: false };
    expect(
      toOpenAIResponses(
        rendered({ responseFormat: { type: "json_schema", name: "answer", schema, strict: true, description: "The answer" } }),
      ),
    ).toEqual({
      ...BASE,
      text: { format: { type: "json_schema", name: "answer", schema, strict: true, description: "The answer" } },
    });
  });
});

describe("toOpenAIResponses: params", () => {
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
    extra: {
      user: "u1",
      store: false,
      metadata: { team: "a" },
      temperature: 2,
      max_completion_tokens: 5,
      logprobs: true,
      response_format: { type: "json_object" },
      stream: true,
      skipped: undefined,
    },
  };

  it("maps the params Responses knows, drops the others and keeps only Responses fields from extra", () => {
    const body = toOpenAIResponses(rendered({ params }));
    expect(body).toEqual({
      ...BASE,
      max_output_tokens: 100,
      temperature: 0.2,
      top_p: 0.9,
      reasoning: { effort: "low" },
      user: "u1",
      store: false,
      metadata: { team: "a" },
    });
    expect(OPENAI_RESPONSES_EXTRA_KEYS.has("stream")).toBe(false);
  });

  it("passes a reasoning effort newer than the type lists through unchanged", () => {
    expect(toOpenAIResponses(rendered({ params: { reasoningEffort: "xhigh" } })).reasoning).toEqual({ effort: "xhigh" });
  });

  it("lets extra fill Responses fields nothing mapped", () => {
    const body = toOpenAIResponses(
      rendered({ params: { extra: { reasoning: { effort: "high", summary: "auto" }, text: { verbosity: "low" }, truncation: "auto" } } }),
    );
    expect(body).toEqual({ ...BASE, reasoning: { effort: "high", summary: "auto" }, text: { verbosity: "low" }, truncation: "auto" });
  });

  it("lets overrides win, ignores undefined overrides and merges extra", () => {
    const body = toOpenAIResponses(rendered({ params }), {
      model: "gpt-5",
      temperature: 1,
      maxTokens: undefined,
      reasoningEffort: "minimal",
      extra: { user: "u2", service_tier: "flex" },
    });
    expect(body).toMatchObject({
      model: "gpt-5",
      temperature: 1,
      max_output_tokens: 100,
      reasoning: { effort: "minimal" },
      user: "u2",
      store: false,
      service_tier: "flex",
    });
  });

  it("does not modify its input", () => {
    const input = deepFreeze(
      rendered({
        params,
        messages: [
          {
            role: "system",
            content: [
              { type: "text", text: "Read " },
              { type: "file", url: "https://f.test/a.pdf" },
            ],
          },
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
    toOpenAIResponses(input, { model: "m", extra: { store: true } });
    expect(input).toEqual(before);
  });
});

describe("toOpenAIResponses: prototype keys in params.extra", () => {
  it("never sets the body's prototype, whatever extra holds", () => {
    const extra = JSON.parse('{"__proto__":{"polluted":true},"constructor":1,"metadata":{"__proto__":{"x":1}}}') as Record<string, unknown>;
    const body = toOpenAIResponses(rendered({ params: { extra } }));
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect((body as { polluted?: unknown }).polluted).toBeUndefined();
    // Not Responses fields: dropped, like every key outside the allowed list.
    expect(Object.hasOwn(body, "__proto__")).toBe(false);
    expect(Object.hasOwn(body, "constructor")).toBe(false);
    // An allowed key's value is passed as it is: its own `__proto__` stays a plain key.
    expect(Object.getOwnPropertyDescriptor(body.metadata, "__proto__")?.value).toEqual({ x: 1 });
  });
});
