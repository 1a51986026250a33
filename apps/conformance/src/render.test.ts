// render, renderPrompt, toOpenAIChat, toOpenAIResponses, toAnthropicMessages and toAISDK, for each vendor on each target.
import { describe, expect, it } from "vitest";
import { SEED } from "@polyprompt/emulator";
import {
  compileVersion,
  renderPrompt,
  toAnthropicMessages,
  toOpenAIChat,
  toOpenAIResponses,
  type OpenAIResponsesRequest,
  type PromptClient,
  type PromptVariable,
  type PromptVersion,
  type RenderedPrompt,
} from "@polyprompt/core";
import { toAISDK, type AISDKCall } from "@polyprompt/core/ai-sdk";
import { itConforms } from "./known-issues.js";
import { VENDOR_PROFILES } from "./vendors.js";
import { forEachTarget, type Session, type VendorName } from "./targets.js";
import {
  caught,
  expectAnthropicBody,
  expectIsoDate,
  expectNoPlaceholders,
  expectOpenAIChatBody,
  expectPlainJson,
  placeholderForms,
  sampleValues,
} from "./support.js";

const MAX_TOKENS = 512;
/** At most this many versions are rendered one by one (keeps live runs short). */
const PER_VERSION_LIMIT = 8;

/** The text values of a sample: each must show up in the rendered output. */
function textValues(variables: readonly PromptVariable[], values: Record<string, unknown>): string[] {
  return variables.filter((v) => typeof values[v.name] === "string").map((v) => values[v.name] as string);
}

/** The roles a render of `version` has: each placeholder becomes the roles of the messages given for it. */
function renderedRoles(version: PromptVersion, values: Record<string, unknown>): string[] {
  return version.messages.flatMap((m) =>
    m.role === "placeholder" ? ((values[m.name] as { role: string }[] | undefined) ?? []).map((given) => given.role) : [m.role],
  );
}

/** The engine root `renderPrompt` and `compileVersion` take: the one the vendor's entry point exports. */
const engineOf = (version: PromptVersion) => VENDOR_PROFILES[version.vendor as VendorName].engine;

/** Declared variables that a version's messages, tools or response format actually use. */
function usedVariables(version: PromptVersion): PromptVariable[] {
  const text = JSON.stringify([version.messages, version.tools, version.responseFormat]);
  return version.variables.filter((v) => placeholderForms(version.vendor as VendorName, v.name).some((form) => text.includes(form)));
}

/**
 * The text of each prompt a version includes (Helicone partials), fetched through the client and
 * cut out with compileVersion(...).includeText: what renderPrompt needs in `options.included`.
 */
async function includedTexts(client: PromptClient, version: PromptVersion): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const include of compileVersion(version, engineOf(version)).includes) {
    const included = await client.get(include.ref);
    const nested = compileVersion(included, engineOf(included)).includes.length > 0 ? await includedTexts(client, included) : undefined;
    texts.set(include.key, compileVersion(included, engineOf(included)).includeText(include.messageIndex, nested));
  }
  return texts;
}

/** Runs `check` for each item and throws one error listing every failure (one line each). */
async function forEvery<T>(items: readonly T[], label: (item: T) => string, check: (item: T) => Promise<void> | void): Promise<void> {
  const failures: string[] = [];
  for (const item of items) {
    try {
      await check(item);
    } catch (err) {
      failures.push(`${label(item)}: ${(err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, " ")}`);
    }
  }
  if (failures.length > 0) throw new Error(failures.join("\n"));
}

const RESPONSES_ROLES = new Set(["system", "developer", "user", "assistant"]);
const RESPONSES_PART_TYPES = ["input_text", "input_image", "input_file"];
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
/** Chat Completions fields a Responses body must not carry: the API rejects unknown parameters. */
const CHAT_ONLY_KEYS = ["messages", "max_tokens", "max_completion_tokens", "response_format", "reasoning_effort", "stop", "seed"];

/** A structurally valid OpenAI Responses request body, carrying every text and file of the render. */
function expectOpenAIResponsesBody(body: OpenAIResponsesRequest, rendered: RenderedPrompt): void {
  expectPlainJson(body, "toOpenAIResponses body");
  expect(typeof body.model === "string" && body.model.length > 0, "model is a non-empty string").toBe(true);
  if (body.instructions !== undefined) expect(typeof body.instructions, "instructions").toBe("string");
  expect(Array.isArray(body.input) && body.input.length > 0, "input is a non-empty array").toBe(true);
  const calls = new Set<string>();
  body.input.forEach((item, i) => {
    if (item.type === "function_call") {
      expect([typeof item.call_id, typeof item.name, typeof item.arguments], `input[${i}] function_call`).toEqual([
        "string",
        "string",
        "string",
      ]);
      expect(item.name).toMatch(TOOL_NAME);
      calls.add(item.call_id);
      return;
    }
    if (item.type === "function_call_output") {
      expect(typeof item.output, `input[${i}].output`).toBe("string");
      expect(calls.has(item.call_id), `input[${i}] answers an earlier function_call`).toBe(true);
      return;
    }
    expect(item.type, `input[${i}].type`).toBe("message");
    expect(RESPONSES_ROLES.has(item.role), `input[${i}].role ${item.role}`).toBe(true);
    if (typeof item.content === "string") return;
    expect(item.content.length, `input[${i}].content is a string or a non-empty part list`).toBeGreaterThan(0);
    for (const part of item.content) {
      expect(RESPONSES_PART_TYPES, `input[${i}] part type`).toContain(part.type);
      if (part.type !== "input_text") expect(item.role, `input[${i}]: only user messages carry images or files`).toBe("user");
      if (part.type === "input_image") expect(["auto", "low", "high"], `input[${i}] image detail`).toContain(part.detail);
    }
  });
  // Every rendered message's text and every image or file reaches the body (files may move to a user turn).
  const json = JSON.stringify([body.instructions, body.input]);
  for (const m of rendered.messages) {
    const parts = typeof m.content === "string" ? [{ type: "text" as const, text: m.content }] : m.content;
    for (const part of parts) {
      const needle = part.type === "text" ? part.text.trim() : part.url.replace(/^openai-file:\/\//, "");
      if (needle !== "")
        expect(json.includes(JSON.stringify(needle).slice(1, -1)), `${part.type} "${needle.slice(0, 40)}" is in the body`).toBe(true);
    }
  }
  if (body.tools !== undefined) {
    expect(body.tools.length, "tools is omitted when empty").toBeGreaterThan(0);
    for (const tool of body.tools) {
      expect(tool.type).toBe("function");
      expect(tool.name).toMatch(TOOL_NAME);
      expect(tool.parameters.type, `tool ${tool.name} parameters`).toBe("object");
      expect(typeof tool.strict, `tool ${tool.name} strict is always sent`).toBe("boolean");
    }
  } else {
    expect(body.tool_choice, "no tool_choice without tools").toBeUndefined();
    expect(body.parallel_tool_calls, "no parallel_tool_calls without tools").toBeUndefined();
  }
  if (body.text !== undefined) {
    expect(["text", "json_object", "json_schema"]).toContain(body.text.format.type);
    if (body.text.format.type === "json_schema") {
      expect(typeof body.text.format.name, "text.format.name").toBe("string");
      expect(typeof body.text.format.schema, "text.format.schema").toBe("object");
    }
  }
  if (rendered.params.maxTokens !== undefined) expect(body.max_output_tokens).toBe(rendered.params.maxTokens);
  if (body.max_output_tokens !== undefined)
    expect(Number.isInteger(body.max_output_tokens) && body.max_output_tokens > 0, "max_output_tokens is a positive integer").toBe(true);
  for (const key of CHAT_ONLY_KEYS) expect(key in body, `${key} is not a Responses field`).toBe(false);
}

/** The same conversation as the Chat body: as many user turns, tool calls and tool results. */
function expectSameConversation(body: OpenAIResponsesRequest, rendered: RenderedPrompt): void {
  const chat = toOpenAIChat(rendered);
  const count = (items: readonly { type?: string; role?: string }[], match: (item: { type?: string; role?: string }) => boolean) =>
    items.filter(match).length;
  expect(
    count(body.input, (item) => item.role === "user"),
    "user turns",
  ).toBe(count(chat.messages, (m) => m.role === "user"));
  expect(
    count(body.input, (item) => item.type === "function_call"),
    "tool calls",
  ).toBe(chat.messages.reduce((n, m) => n + (m.role === "assistant" ? (m.tool_calls?.length ?? 0) : 0), 0));
  expect(
    count(body.input, (item) => item.type === "function_call_output"),
    "tool results",
  ).toBe(count(chat.messages, (m) => m.role === "tool"));
}

forEachTarget((tc, session) => {
  const s = (): Session => session();

  describe("render", () => {
    it("render(production) fills every declared variable and carries the version's identity", async () => {
      const client = s().client();
      const version = await client.get(s().ref());
      const values = sampleValues(version.variables);
      const rendered = await client.render(s().ref(), values);
      expect(rendered).toMatchObject({
        vendor: version.vendor,
        promptId: version.promptId,
        versionId: version.versionId,
        version: version.version,
        model: version.model,
        params: version.params,
        source: "cache",
        fetchedAt: version.fetchedAt,
      });
      expectIsoDate(rendered.fetchedAt, "fetchedAt");
      const roles = renderedRoles(version, values);
      expect(rendered.messages.length).toBe(roles.length);
      for (const [i, m] of rendered.messages.entries()) expect(m.role, `messages[${i}].role`).toBe(roles[i]);
      expect(rendered.tools.map((t) => t.name)).toEqual(version.tools.map((t) => t.name));
      expect(rendered.toolChoice).toEqual(version.toolChoice);
      expect(rendered.responseFormat?.type).toBe(version.responseFormat?.type);
      expectNoPlaceholders(rendered, tc.vendor, version.variables);
      const json = JSON.stringify(rendered);
      for (const value of textValues(usedVariables(version), values)) expect(json, `value ${value}`).toContain(value);
    });

    it("renderPrompt(get(...), vars, { included }) is pure and equals client.render", async () => {
      const client = s().client();
      const version = await client.get(s().ref());
      const values = sampleValues(version.variables);
      const included = await includedTexts(client, version);
      if (included.size > 0) {
        const err = await caught(() => renderPrompt(version, values, { engine: engineOf(version) }));
        expect(err.code, "renderPrompt without the included texts").toBe("unsupported");
      }
      const frozen = JSON.stringify(version);
      const direct = renderPrompt(version, values, { included, engine: engineOf(version) });
      expect(JSON.stringify(version), "renderPrompt does not modify the version").toBe(frozen);
      const viaClient = await client.render(s().ref(), values);
      expect(direct.messages).toEqual(viaClient.messages);
      expect(direct.tools).toEqual(viaClient.tools);
      expect(direct.responseFormat).toEqual(viaClient.responseFormat);
      expect(renderPrompt(version, values, { included, engine: engineOf(version) })).toEqual(direct);
    });

    it('a missing variable is invalid_variables listing every problem; missing: "keep" leaves placeholders', async () => {
      const client = s().client();
      const version = await client.get(s().ref());
      await client.render(s().ref(), sampleValues(version.variables)); // warms included prompts too
      const required = version.variables.filter((v) => v.required);
      if (required.length === 0) {
        // Nothing can be missing: an empty render must succeed.
        await client.render(s().ref(), {});
        return;
      }
      const before = s().upstream();
      const err = await caught(() => client.render(s().ref(), {}));
      expect(s().upstream(), "the failed render was served from the cache").toBe(before);
      expect(err.code).toBe("invalid_variables");
      expect(err.vendor).toBe(tc.vendor);
      expect(err.problems?.map((p) => p.name).sort()).toEqual(required.map((v) => v.name).sort());
      for (const problem of err.problems ?? []) {
        // A message placeholder expects messages; every other variable a defined value.
        const placeholder = version.variables.find((v) => v.name === problem.name)?.type === "placeholder";
        const expected = placeholder ? "an array of { role, content } messages" : "defined";
        expect(problem).toEqual({ name: problem.name, expected, received: "undefined" });
      }
      const one = required[0]!;
      const values = sampleValues(version.variables);
      delete values[one.name];
      const single = await caught(() => client.render(s().ref(), values));
      expect(single.code).toBe("invalid_variables");
      expect(single.problems?.map((p) => p.name)).toEqual([one.name]);
      expect(single.message).toContain(one.name);

      const kept = await client.render(s().ref(), {}, { missing: "keep" });
      const used = usedVariables(version).filter((v) => v.required);
      const json = JSON.stringify(kept.messages);
      const left = used.filter((v) => placeholderForms(tc.vendor, v.name).some((form) => json.includes(form)));
      if (VENDOR_PROFILES[tc.vendor].keptMissing === "placeholder") expect(left.length > 0 || used.length === 0).toBe(true);
      else expect(left.map((v) => v.name)).toEqual([]);
    });

    it("every listed version renders with sample values, leaving no placeholder", async () => {
      const client = s().client();
      await forEvery(
        s().versions.slice(0, PER_VERSION_LIMIT),
        (v) => `version ${v.version}`,
        async (listed) => {
          const version = await client.get(s().ref(`#${listed.versionId}`));
          const rendered = await client.render(s().ref(`#${listed.versionId}`), sampleValues(version.variables));
          expect(rendered.versionId).toBe(listed.versionId);
          expectNoPlaceholders(rendered, tc.vendor, version.variables);
        },
      );
    });
  });

  describe("provider bodies", () => {
    itConforms(tc, "toOpenAIChat(render(production)) is a well-formed Chat Completions body", async () => {
      const client = s().client();
      const version = await client.get(s().ref());
      const rendered = await client.render(s().ref(), sampleValues(version.variables));
      const body = toOpenAIChat(rendered);
      expectOpenAIChatBody(body, rendered);
      expect(body.model).toBe(version.model);
      expectNoPlaceholders(body, tc.vendor, version.variables);
      if (version.tools.length > 0) expect(body.tools?.map((t) => t.function.name)).toEqual(version.tools.map((t) => t.name));
      if (version.responseFormat) expect(body.response_format?.type).toBe(version.responseFormat.type);
      // Overrides win, and the input is not changed.
      const snapshot = JSON.stringify(rendered);
      const overridden = toOpenAIChat(rendered, { model: "gpt-conformance", temperature: 0, maxTokens: 64 });
      expect(overridden).toMatchObject({ model: "gpt-conformance", temperature: 0 });
      expect(overridden.max_tokens ?? overridden.max_completion_tokens).toBe(64);
      expect(JSON.stringify(rendered)).toBe(snapshot);
    });

    itConforms(tc, "toOpenAIResponses(render(production)) is a well-formed Responses body", async () => {
      const client = s().client();
      const version = await client.get(s().ref());
      const rendered = await client.render(s().ref(), sampleValues(version.variables));
      const body = toOpenAIResponses(rendered);
      expectOpenAIResponsesBody(body, rendered);
      expectSameConversation(body, rendered);
      expect(body.model).toBe(version.model);
      expectNoPlaceholders(body, tc.vendor, version.variables);
      if (version.tools.length > 0) expect(body.tools?.map((t) => t.name)).toEqual(version.tools.map((t) => t.name));
      if (version.responseFormat) expect(body.text?.format.type).toBe(version.responseFormat.type);
      // Overrides win, and the input is not changed.
      const snapshot = JSON.stringify(rendered);
      const overridden = toOpenAIResponses(rendered, { model: "gpt-conformance", temperature: 0, maxTokens: 64 });
      expect(overridden).toMatchObject({ model: "gpt-conformance", temperature: 0, max_output_tokens: 64 });
      expect(JSON.stringify(rendered)).toBe(snapshot);
    });

    itConforms(tc, "toAnthropicMessages(render(production), { maxTokens }) is a well-formed Messages body", async () => {
      const client = s().client();
      const version = await client.get(s().ref());
      const rendered = await client.render(s().ref(), sampleValues(version.variables));
      const body = toAnthropicMessages(rendered, { maxTokens: MAX_TOKENS });
      expectAnthropicBody(body, MAX_TOKENS);
      expectNoPlaceholders(body, tc.vendor, version.variables);
      const systemText = rendered.messages.filter((m) => m.role === "system" || m.role === "developer");
      if (systemText.length > 0) expect(typeof body.system).toBe("string");
      if (version.params.maxTokens !== undefined) {
        expect(toAnthropicMessages(rendered).max_tokens, "max_tokens defaults to the prompt's maxTokens").toBe(version.params.maxTokens);
      } else {
        const err = await caught(() => toAnthropicMessages(rendered));
        expect(err.code, "no max_tokens anywhere").toBe("unsupported");
      }
    });

    itConforms(tc, "toAISDK(render(production)) is a well-formed AI SDK call", async () => {
      const client = s().client();
      const version = await client.get(s().ref());
      const rendered = await client.render(s().ref(), sampleValues(version.variables));
      const call = toAISDKOrRefusal(rendered);
      expectAISDKCall(call, rendered);
      expectNoPlaceholders(call, tc.vendor, version.variables);
      // Overrides win, and the input is not changed.
      const snapshot = JSON.stringify(rendered);
      expect(toAISDK(rendered, { temperature: 0, maxTokens: 64, responseFormat: "omit" })).toMatchObject({
        temperature: 0,
        maxOutputTokens: 64,
      });
      expect(JSON.stringify(rendered)).toBe(snapshot);
    });

    // Each provider body, from every listed version: one case per converter.
    const converters: [string, (rendered: RenderedPrompt) => void][] = [
      ["a Chat Completions body", (rendered) => expectOpenAIChatBody(toOpenAIChat(rendered), rendered)],
      ["a Responses body", (rendered) => expectOpenAIResponsesBody(toOpenAIResponses(rendered), rendered)],
      ["a Messages body", (rendered) => expectAnthropicBody(toAnthropicMessages(rendered, { maxTokens: MAX_TOKENS }), MAX_TOKENS)],
    ];
    for (const [body, check] of converters) {
      itConforms(tc, `every listed version converts to ${body}`, async () => {
        const client = s().client();
        await forEvery(
          s().versions.slice(0, PER_VERSION_LIMIT),
          (v) => `version ${v.version}`,
          async (listed) => {
            const ref = s().ref(`#${listed.versionId}`);
            check(await client.render(ref, sampleValues((await client.get(ref)).variables)));
          },
        );
      });
    }
  });

  // Every version of every seeded prompt (emulator only, as in seed-sweep.test.ts: the seed covers
  // every payload shape the vendors have).
  describe.skipIf(tc.kind !== "emulator")("every seeded prompt", () => {
    itConforms(tc, "every version converts to a well-formed Responses body", async () => {
      const client = s().client();
      const failures: string[] = [];
      for (const { name, promptId } of VENDOR_PROFILES[tc.vendor].seededPrompts(SEED)) {
        for (const info of await client.listVersions(`${tc.vendor}:${promptId}`)) {
          try {
            const ref = `${tc.vendor}:${promptId}#${info.versionId}`;
            const rendered = await client.render(ref, sampleValues((await client.get(ref)).variables));
            const body = toOpenAIResponses(rendered, rendered.model ? {} : { model: "conformance-model" });
            expectOpenAIResponsesBody(body, rendered);
            expectSameConversation(body, rendered.model ? rendered : { ...rendered, model: "conformance-model" });
          } catch (err) {
            failures.push(`${name} ${info.version}: ${(err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, " ")}`);
          }
        }
      }
      if (failures.length > 0) throw new Error(failures.join("\n"));
    });

    itConforms(tc, "every version converts to a well-formed AI SDK call", async () => {
      const client = s().client();
      const failures: string[] = [];
      for (const { name, promptId } of VENDOR_PROFILES[tc.vendor].seededPrompts(SEED)) {
        for (const info of await client.listVersions(`${tc.vendor}:${promptId}`)) {
          try {
            const ref = `${tc.vendor}:${promptId}#${info.versionId}`;
            const rendered = await client.render(ref, sampleValues((await client.get(ref)).variables));
            expectAISDKCall(toAISDKOrRefusal(rendered), rendered);
          } catch (err) {
            failures.push(`${name} ${info.version}: ${(err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, " ")}`);
          }
        }
      }
      if (failures.length > 0) throw new Error(failures.join("\n"));
    });
  });
});

/**
 * `toAISDK(rendered)`; for a JSON response format, which it refuses by default (generateText
 * has no field for it shared by ai 5 and 6), checks the refusal and converts with `"omit"`.
 */
function toAISDKOrRefusal(rendered: RenderedPrompt): AISDKCall {
  if (rendered.responseFormat === undefined || rendered.responseFormat.type === "text") return toAISDK(rendered);
  expect(() => toAISDK(rendered), "a JSON response format is refused unless omitted").toThrow(/responseFormat: "omit"/);
  return toAISDK(rendered, { responseFormat: "omit" });
}

const AI_SDK_PART_TYPES: Record<string, string[]> = {
  system: [],
  user: ["text", "image", "file"],
  assistant: ["text", "tool-call"],
  tool: ["tool-result"],
};

/**
 * Options `generateText` takes (AI SDK 5 and 6 message and part shapes), carrying every text
 * and file of the render, the prompt's tools as `jsonSchema` schemas and its settings.
 */
function expectAISDKCall(call: AISDKCall, rendered: RenderedPrompt): void {
  for (const [key, value] of Object.entries(call)) expect(value, `${key} is not undefined`).not.toBeUndefined();
  if (call.system !== undefined)
    expect(typeof call.system === "string" && call.system.length > 0, "system is a non-empty string").toBe(true);
  expect(call.messages.length, "messages is non-empty (the SDK rejects an empty list)").toBeGreaterThan(0);
  const calls = new Map<string, string>();
  call.messages.forEach((m, i) => {
    expect(Object.keys(AI_SDK_PART_TYPES), `messages[${i}].role`).toContain(m.role);
    if (typeof m.content === "string") {
      expect(m.role, `messages[${i}]: string content`).not.toBe("tool");
      return;
    }
    expect(m.role, `messages[${i}]: system content is a string`).not.toBe("system");
    for (const part of m.content) {
      expect(AI_SDK_PART_TYPES[m.role], `messages[${i}] part type`).toContain(part.type);
      if (part.type === "image") expect(part.image instanceof URL || typeof part.image === "string", `messages[${i}] image`).toBe(true);
      if (part.type === "file") {
        expect(part.data instanceof URL || typeof part.data === "string", `messages[${i}] file data`).toBe(true);
        expect(typeof part.mediaType, `messages[${i}] file mediaType`).toBe("string");
      }
      if (part.type === "tool-call") calls.set(part.toolCallId, part.toolName);
      if (part.type === "tool-result") {
        expect(calls.get(part.toolCallId), `messages[${i}] answers an earlier tool call, with its name`).toBe(part.toolName);
        expect(part.output.type).toBe("text");
      }
    }
  });
  // Every rendered message's text and every image or file reaches the call (files may move to a
  // user turn; a base64 data: URL is sent as its data, an http(s) URL as a URL, whose JSON is its href).
  const json = JSON.stringify([call.system, call.messages]);
  for (const m of rendered.messages) {
    const parts = typeof m.content === "string" ? [{ type: "text" as const, text: m.content }] : m.content;
    for (const part of parts) {
      const needle = part.type === "text" ? part.text.trim() : part.url.replace(/^data:[^,]*;base64,/i, "");
      if (needle !== "" && !needle.startsWith("data:"))
        expect(json.includes(JSON.stringify(needle).slice(1, -1)), `${part.type} "${needle.slice(0, 40)}" is in the call`).toBe(true);
    }
  }
  if (rendered.tools.length > 0) {
    expect(Object.keys(call.tools ?? {})).toEqual(rendered.tools.map((t) => t.name));
    for (const tool of rendered.tools) {
      expect(call.tools?.[tool.name]?.inputSchema.jsonSchema, `tool ${tool.name} inputSchema`).toEqual(
        tool.parameters ?? { type: "object", properties: {} },
      );
    }
  } else {
    expect(call.tools, "no tools key without tools").toBeUndefined();
    expect(call.toolChoice, "no toolChoice without tools").toBeUndefined();
  }
  expect(call.maxOutputTokens).toBe(rendered.params.maxTokens);
  expect(call.temperature).toBe(rendered.params.temperature);
  expect(call.stopSequences).toEqual(rendered.params.stop);
}
