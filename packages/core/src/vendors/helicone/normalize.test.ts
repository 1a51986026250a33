import { describe, expect, it } from "vitest";
import { OPENAI_FILE_SCHEME } from "../../model/media.js";
import { normalizeHeliconeBody } from "./normalize.js";
import { catchError } from "../../test-support/assertions.js";

const body = (extra: Record<string, unknown>): Record<string, unknown> => ({ model: "gpt-4o", messages: [], ...extra });

describe("normalizeHeliconeBody", () => {
  it("normalizes the vendor docs' example body (get-prompt-body)", () => {
    const example = {
      model: "gpt-4o-mini",
      messages: [{ role: "system", content: "You are a helpful AI assistant.\n\nYou are speaking to {{ hc:name:string }}" }],
      temperature: 0.7,
      max_tokens: 1000,
    };
    expect(normalizeHeliconeBody(example)).toStrictEqual({
      model: "gpt-4o-mini",
      params: { temperature: 0.7, maxTokens: 1000 },
      messages: [{ role: "system", content: "You are a helpful AI assistant.\n\nYou are speaking to {{ hc:name:string }}" }],
      tools: [],
    });
  });

  it("maps known params and keeps every other key in extra under its own name", () => {
    const out = normalizeHeliconeBody(
      body({
        temperature: 0,
        max_tokens: 10,
        top_p: 0.9,
        stop: "END",
        seed: 7,
        frequency_penalty: 0.1,
        presence_penalty: -0.2,
        parallel_tool_calls: false,
        reasoning_effort: "low",
        top_k: 40,
        metadata: { a: "b" },
        logit_bias: { "50256": -100 },
        stream: false,
        n: 1,
        user: "u1",
        ["__proto__"]: "odd",
      }),
    );
    expect(out.params).toStrictEqual({
      temperature: 0,
      maxTokens: 10,
      topP: 0.9,
      stop: ["END"],
      seed: 7,
      frequencyPenalty: 0.1,
      presencePenalty: -0.2,
      parallelToolCalls: false,
      reasoningEffort: "low",
      extra: JSON.parse('{"top_k":40,"metadata":{"a":"b"},"logit_bias":{"50256":-100},"stream":false,"n":1,"user":"u1","__proto__":"odd"}'),
    });
    expect(Object.hasOwn(out.params.extra!, "__proto__")).toBe(true);
    expect(out.model).toBe("gpt-4o");
  });

  it("omits extra when empty and ignores null / undefined params", () => {
    const out = normalizeHeliconeBody(
      body({ temperature: null, stop: null, seed: undefined, tools: null, tool_choice: null, response_format: undefined }),
    );
    expect(out).toStrictEqual({ model: "gpt-4o", params: {}, messages: [], tools: [] });
  });

  it("takes max_completion_tokens over max_tokens, keeping max_tokens in extra", () => {
    expect(normalizeHeliconeBody(body({ max_completion_tokens: 99 })).params).toStrictEqual({ maxTokens: 99 });
    expect(normalizeHeliconeBody(body({ max_completion_tokens: 99, max_tokens: 5 })).params).toStrictEqual({
      maxTokens: 99,
      extra: { max_tokens: 5 },
    });
    expect(normalizeHeliconeBody(body({ stop: ["a", "b"] })).params).toStrictEqual({ stop: ["a", "b"] });
  });

  it("rejects mistyped params with the JSON path", () => {
    const err = catchError(() => normalizeHeliconeBody(body({ temperature: "hot" })));
    expect(err.code).toBe("invalid_response");
    expect(err.message).toContain("prompt_body.temperature");
    expect(catchError(() => normalizeHeliconeBody(body({ stop: ["a", 1] }))).message).toContain("prompt_body.stop[1]");
    expect(catchError(() => normalizeHeliconeBody(body({ model: 4 }))).message).toContain("prompt_body.model");
  });

  it("messages: roles, names, tool calls, tool results; function → tool; null content → ''", () => {
    const out = normalizeHeliconeBody(
      body({
        messages: [
          { role: "system", content: "s" },
          { role: "developer", content: "d" },
          { role: "user", name: "ann", content: "u" },
          {
            role: "assistant",
            content: null,
            tool_calls: [
              { id: "call_1", type: "function", function: { name: "lookup", arguments: '{"q":"x"}' } },
              { id: "call_2", type: "function", function: { name: "noargs" } },
            ],
          },
          { role: "tool", tool_call_id: "call_1", content: "result" },
          { role: "function", name: "lookup", content: "legacy" },
        ],
      }),
    );
    expect(out.messages).toStrictEqual([
      { role: "system", content: "s" },
      { role: "developer", content: "d" },
      { role: "user", name: "ann", content: "u" },
      {
        role: "assistant",
        content: "",
        toolCalls: [
          { id: "call_1", name: "lookup", arguments: '{"q":"x"}' },
          { id: "call_2", name: "noargs", arguments: "{}" },
        ],
      },
      { role: "tool", toolCallId: "call_1", content: "result" },
      { role: "tool", name: "lookup", content: "legacy" },
    ]);
  });

  it("rejects an unknown role with its path", () => {
    const err = catchError(() =>
      normalizeHeliconeBody(
        body({
          messages: [
            { role: "user", content: "" },
            { role: "user", content: "" },
            { role: "robot", content: "" },
          ],
        }),
      ),
    );
    expect(err.code).toBe("invalid_response");
    expect(err.vendor).toBe("helicone");
    expect(err.message).toContain("prompt_body.messages[2].role");
    expect(err.message).toContain('"robot"');
  });

  it("content parts: text, image_url (detail, data URL type), file (data, id)", () => {
    const out = normalizeHeliconeBody(
      body({
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "look", cache_control: { type: "ephemeral" } },
              { type: "image_url", image_url: { url: "https://x/y.png", detail: "high" } },
              { type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } },
              { type: "file", file: { file_data: "data:application/pdf;base64,JVBE", filename: "a.pdf" } },
              { type: "file", file: { file_data: "JVBE", filename: "b.PDF" } },
              { type: "file", file: { file_id: "file-123" } },
            ],
          },
        ],
      }),
    );
    expect(out.messages[0]!.content).toStrictEqual([
      { type: "text", text: "look" },
      { type: "image", url: "https://x/y.png", detail: "high" },
      { type: "image", url: "data:image/png;base64,AAAA", mimeType: "image/png" },
      { type: "file", url: "data:application/pdf;base64,JVBE", mimeType: "application/pdf" },
      { type: "file", url: "data:application/pdf;base64,JVBE", mimeType: "application/pdf" },
      { type: "file", url: `${OPENAI_FILE_SCHEME}file-123` },
    ]);
  });

  it("refuses parts the model cannot hold, and malformed parts, with their path", () => {
    const audio = catchError(() =>
      normalizeHeliconeBody(body({ messages: [{ role: "user", content: [{ type: "input_audio", input_audio: {} }] }] })),
    );
    expect(audio.code).toBe("unsupported");
    expect(audio.message).toContain("prompt_body.messages[0].content[0].type");
    const bad = catchError(() =>
      normalizeHeliconeBody(body({ messages: [{ role: "user", content: [{ type: "image_url", image_url: {} }] }] })),
    );
    expect(bad.code).toBe("invalid_response");
    expect(bad.message).toContain("prompt_body.messages[0].content[0].image_url.url");
    const file = catchError(() =>
      normalizeHeliconeBody(body({ messages: [{ role: "user", content: [{ type: "file", file: { filename: "x" } }] }] })),
    );
    expect(file.message).toContain("prompt_body.messages[0].content[0].file");
  });

  it("tools: function tools with optional description, parameters, strict", () => {
    const out = normalizeHeliconeBody(
      body({
        tools: [
          { type: "function", function: { name: "a" } },
          {
            type: "function",
            function: { name: "b", description: "B", parameters: { type: "object", properties: {} }, strict: true },
          },
        ],
      }),
    );
    expect(out.tools).toStrictEqual([
      { name: "a" },
      { name: "b", description: "B", parameters: { type: "object", properties: {} }, strict: true },
    ]);
    expect(catchError(() => normalizeHeliconeBody(body({ tools: [{ type: "custom", custom: { name: "x" } }] }))).code).toBe("unsupported");
    expect(catchError(() => normalizeHeliconeBody(body({ tools: [{ type: "function", function: {} }] }))).message).toContain(
      "prompt_body.tools[0].function.name",
    );
  });

  it("tool_choice: strings and a named function", () => {
    for (const choice of ["auto", "none", "required"] as const) {
      expect(normalizeHeliconeBody(body({ tool_choice: choice })).toolChoice).toBe(choice);
    }
    expect(normalizeHeliconeBody(body({ tool_choice: { type: "function", function: { name: "f" } } })).toolChoice).toStrictEqual({
      type: "tool",
      name: "f",
    });
    expect(catchError(() => normalizeHeliconeBody(body({ tool_choice: "sometimes" }))).message).toContain("prompt_body.tool_choice");
  });

  it("response_format: text, json_object, json_schema", () => {
    expect(normalizeHeliconeBody(body({ response_format: { type: "text" } })).responseFormat).toStrictEqual({ type: "text" });
    expect(normalizeHeliconeBody(body({ response_format: { type: "json_object" } })).responseFormat).toStrictEqual({ type: "json_object" });
    expect(
      normalizeHeliconeBody(
        body({
          response_format: {
            type: "json_schema",
            json_schema: { name: "out", description: "D", strict: true, schema: { type: "object" } },
          },
        }),
      ).responseFormat,
    ).toStrictEqual({ type: "json_schema", name: "out", description: "D", strict: true, schema: { type: "object" } });
    expect(
      normalizeHeliconeBody(body({ response_format: { type: "json_schema", json_schema: { schema: {} } } })).responseFormat,
    ).toStrictEqual({
      type: "json_schema",
      schema: {},
    });
    expect(catchError(() => normalizeHeliconeBody(body({ response_format: { type: "yaml" } }))).message).toContain(
      "prompt_body.response_format.type",
    );
  });

  it("a body without messages or model", () => {
    expect(normalizeHeliconeBody({})).toStrictEqual({ params: {}, messages: [], tools: [] });
  });
});
