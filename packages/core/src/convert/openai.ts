/**
 * Rendered prompt → OpenAI Chat Completions request body. Plain JSON; no SDK dependency.
 */
import { OPENAI_PARAMS, PARAM_NAMES } from "../model/openai-params.js";
import {
  defined,
  mergeParams,
  moveMediaToUserTurns,
  requireModel,
  unsupported,
  withExtra,
  type ConverterOverrides,
} from "./converter-kit.js";
import { openAIFileSource, quotedUrl } from "./openai-files.js";
import type {
  ContentPart,
  FilePart,
  JsonSchema,
  PromptMessage,
  PromptParams,
  RenderedPrompt,
  ResponseFormat,
  ToolChoice,
} from "../model/types.js";

export interface OpenAIChatTextPart {
  type: "text";
  text: string;
}
export interface OpenAIChatImagePart {
  type: "image_url";
  image_url: { url: string; detail?: "auto" | "low" | "high" };
}
export interface OpenAIChatFilePart {
  type: "file";
  file: { file_data?: string; file_id?: string; filename?: string };
}
export type OpenAIChatContentPart = OpenAIChatTextPart | OpenAIChatImagePart | OpenAIChatFilePart;

export interface OpenAIChatToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

export type OpenAIChatMessage =
  | { role: "system" | "developer"; content: string | OpenAIChatTextPart[]; name?: string }
  | { role: "user"; content: string | OpenAIChatContentPart[]; name?: string }
  | { role: "assistant"; content: string | OpenAIChatTextPart[]; name?: string; tool_calls?: OpenAIChatToolCall[] }
  | { role: "tool"; content: string | OpenAIChatTextPart[]; tool_call_id: string };

export interface OpenAIChatTool {
  type: "function";
  function: { name: string; description?: string; parameters?: JsonSchema; strict?: boolean };
}

export type OpenAIChatToolChoice = "auto" | "none" | "required" | { type: "function"; function: { name: string } };

export type OpenAIChatResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | { type: "json_schema"; json_schema: { name: string; schema: JsonSchema; strict?: boolean; description?: string } };

/**
 * The reasoning efforts every supported `openai` SDK major (4, 5, 6) types, for both Chat
 * Completions and Responses. Newer values are still sent at run time: see `reasoning_effort`.
 */
export type OpenAIReasoningEffort = "low" | "medium" | "high";

/** An OpenAI Chat Completions request body, as `toOpenAIChat` builds it. */
export interface OpenAIChatRequest {
  model: string;
  messages: OpenAIChatMessage[];
  tools?: OpenAIChatTool[];
  tool_choice?: OpenAIChatToolChoice;
  parallel_tool_calls?: boolean;
  response_format?: OpenAIChatResponseFormat;
  temperature?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
  top_p?: number;
  stop?: string[];
  seed?: number;
  frequency_penalty?: number;
  presence_penalty?: number;
  /**
   * `params.reasoningEffort`, passed through unchanged at run time: a value only newer models
   * know (`"minimal"`, `"none"`, `"xhigh"`…) is sent as it is. Typed with the values every
   * supported `openai` major accepts (4.x and early 5.x know only these three; `"minimal"`
   * came in a later 5.x, `"none"` and `"xhigh"` in 6.x), so the body type-checks against
   * each SDK's `ChatCompletionCreateParams`. Read it as `string` if you inspect it.
   */
  reasoning_effort?: OpenAIReasoningEffort;
  /** `params.extra`, under the vendor's own keys. */
  [key: string]: unknown;
}

/** Model and parameter overrides for a converter; they win over the rendered prompt's. */
export type { ConverterOverrides } from "./converter-kit.js";

const OPERATION = "toOpenAIChat";

/**
 * Converts a rendered prompt to an OpenAI Chat Completions request body.
 *
 * - `model`: `overrides.model`, else `rendered.model`, else PromptError `unsupported`.
 * - Messages keep their role (`developer` stays `developer`), `name` (not on `tool`
 *   messages, which have none in OpenAI), `tool_call_id` and `tool_calls`. Images and files
 *   are allowed in `user` messages only; OpenAI accepts nothing but text elsewhere.
 * - Image parts → `image_url` (with `detail`). File parts: an image (by `mimeType`, `data:`
 *   header or URL extension) → `image_url`; another `data:` file (base64) →
 *   `{type: "file", file: {filename, file_data}}`, `filename` made from the variable name
 *   and media type; `openai-file://<id>` → `{file_id}`. OpenAI Chat cannot fetch a
 *   document by URL, so a non-image `https:` file (or `vault://`…) is an `unsupported` error.
 * - `tools` and `tool_choice` are omitted when there are no tools, and so is
 *   `parallel_tool_calls` (OpenAI rejects them without tools).
 * - Params, snake_cased: `temperature`, `max_tokens`, `top_p`, `stop`, `seed`,
 *   `frequency_penalty`, `presence_penalty`, `parallel_tool_calls`, `reasoning_effort`.
 *   `maxTokens` goes to `max_tokens`, which every OpenAI-compatible server accepts; when
 *   `params.extra` holds `max_completion_tokens` (needed by reasoning models), `maxTokens`
 *   goes there instead and `max_tokens` is not sent. `topK` has no OpenAI equivalent and is
 *   dropped.
 * - `params.extra` keys are copied as they are, unless the body already has that key.
 * - `overrides` win over the rendered params (keys set to `undefined` are ignored;
 *   `overrides.extra` is merged over `params.extra`).
 *
 * Pure: the input is not modified and no key is `undefined`. Nested JSON (tool schemas,
 * `extra` values) is shared with the input, not copied: treat the body as read-only.
 *
 * @throws PromptError `unsupported` when there is no model, a `tool` message has no
 *   `toolCallId`, or content cannot be expressed in OpenAI Chat.
 *
 * @example
 * const body = toOpenAIChat(renderPrompt(version, { name: "Ada" }), { temperature: 0 });
 * await openai.chat.completions.create(body);
 */
export function toOpenAIChat(rendered: RenderedPrompt, overrides?: ConverterOverrides): OpenAIChatRequest {
  const model = requireModel(rendered, overrides?.model, OPERATION);
  const params = mergeParams(rendered.params, overrides);
  const messages = moveMediaToUserTurns(rendered.messages);
  // A plain loop: this runs on every warm call, and `map` with a closure costs more.
  const converted: OpenAIChatMessage[] = new Array(messages.length);
  for (let i = 0; i < messages.length; i++) converted[i] = toMessage(messages[i]!, i, rendered);
  const body: OpenAIChatRequest = { model, messages: converted };
  if (rendered.tools.length > 0) {
    body.tools = rendered.tools.map((tool) => ({
      type: "function",
      function: defined({ name: tool.name, description: tool.description, parameters: tool.parameters, strict: tool.strict }),
    }));
    if (rendered.toolChoice !== undefined) body.tool_choice = toToolChoice(rendered.toolChoice);
    if (params.parallelToolCalls !== undefined) body.parallel_tool_calls = params.parallelToolCalls;
  }
  if (rendered.responseFormat !== undefined) body.response_format = toResponseFormat(rendered.responseFormat);
  const extra = params.extra ?? NO_EXTRA;
  for (const [key, value] of wireParams(params, extra)) {
    // A fresh array per body: the caller may change it.
    (body as Record<string, unknown>)[key] = Array.isArray(value) ? [...value] : value;
  }
  return withExtra(body, extra);
}

/** Wire params of frozen (cached) params objects: worked out once per version, not per call. */
const wireParamsOfFrozen = /* @__PURE__ */ new WeakMap<PromptParams, readonly (readonly [string, unknown])[]>();

/**
 * Every parameter OpenAI has a slot for, under its wire name from the shared map.
 * `parallel_tool_calls` is set by the caller (only with tools); `maxTokens` goes to
 * `max_completion_tokens` when `extra` asks for that key.
 */
function wireParams(params: PromptParams, extra: Readonly<Record<string, unknown>>): readonly (readonly [string, unknown])[] {
  const known = wireParamsOfFrozen.get(params);
  if (known !== undefined) return known;
  const entries: (readonly [string, unknown])[] = [];
  for (const name of PARAM_NAMES) {
    const { wire, openai } = OPENAI_PARAMS[name];
    const value = params[name];
    if (!openai || name === "parallelToolCalls" || value === undefined) continue;
    entries.push([name === "maxTokens" && Object.hasOwn(extra, "max_completion_tokens") ? "max_completion_tokens" : wire, value]);
  }
  // Only an object that cannot change (the client's cached params are deep-frozen) is remembered.
  if (Object.isFrozen(params) && (params.extra === undefined || Object.isFrozen(params.extra))) wireParamsOfFrozen.set(params, entries);
  return entries;
}

const NO_EXTRA: Readonly<Record<string, unknown>> = /* @__PURE__ */ Object.freeze({});

function toMessage(message: PromptMessage, index: number, rendered: RenderedPrompt): OpenAIChatMessage {
  switch (message.role) {
    case "system":
    case "developer": {
      // Built by hand rather than through `defined`: the common message costs one object.
      const out: OpenAIChatMessage = { role: message.role, content: textContent(message, index, rendered) };
      if (message.name !== undefined) out.name = message.name;
      return out;
    }
    case "user": {
      const content =
        typeof message.content === "string"
          ? message.content
          : message.content.map((part, i) => toPart(part, `${where(index)}.content[${i}]`, rendered));
      const out: OpenAIChatMessage = { role: "user", content };
      if (message.name !== undefined) out.name = message.name;
      return out;
    }
    case "assistant": {
      const calls = message.toolCalls ?? [];
      return defined({
        role: "assistant",
        content: textContent(message, index, rendered),
        name: message.name,
        tool_calls:
          calls.length === 0
            ? undefined
            : calls.map((call) => ({ id: call.id, type: "function" as const, function: { name: call.name, arguments: call.arguments } })),
      });
    }
    case "tool":
      if (message.toolCallId === undefined) {
        throw unsupported(rendered, OPERATION, `${where(index)} is a tool message without toolCallId; OpenAI requires tool_call_id.`);
      }
      return { role: "tool", content: textContent(message, index, rendered), tool_call_id: message.toolCallId };
    default:
      throw unsupported(rendered, OPERATION, `${where(index)} has role ${JSON.stringify(message.role)}, which OpenAI Chat does not know.`);
  }
}

/** A message's place, for errors only: building it on every warm call would cost more than the message. */
const where = (index: number): string => `messages[${index}]`;

/** Content of a role that OpenAI lets hold text only. */
function textContent(message: PromptMessage, index: number, rendered: RenderedPrompt): string | OpenAIChatTextPart[] {
  if (typeof message.content === "string") return message.content;
  return message.content.map((part, i) => {
    if (part.type === "text") return { type: "text", text: part.text };
    throw unsupported(
      rendered,
      OPERATION,
      `${where(index)}.content[${i}] is ${part.type === "image" ? "an image" : "a file"} in a ${message.role} message; OpenAI Chat accepts images and files in user messages only.`,
    );
  });
}

function toPart(part: ContentPart, where: string, rendered: RenderedPrompt): OpenAIChatContentPart {
  switch (part.type) {
    case "text":
      return { type: "text", text: part.text };
    case "image":
      return { type: "image_url", image_url: defined({ url: part.url, detail: part.detail }) };
    case "file":
      return toFilePart(part, where, rendered);
  }
}

function toFilePart(part: FilePart, where: string, rendered: RenderedPrompt): OpenAIChatContentPart {
  const source = openAIFileSource(part);
  switch (source.kind) {
    case "file-id":
      return { type: "file", file: { file_id: source.fileId } };
    case "image":
      return { type: "image_url", image_url: { url: source.url } };
    case "data":
      return { type: "file", file: { filename: source.filename, file_data: source.fileData } };
    case "not-base64":
      throw unsupported(rendered, OPERATION, `${where}: OpenAI Chat needs file data in base64; this data: URL is not base64-encoded.`);
    case "remote":
    case "other":
      throw unsupported(
        rendered,
        OPERATION,
        `${where}: OpenAI Chat needs file data (a base64 data: URL) or an OpenAI file id for non-image files; ` +
          `it cannot fetch ${quotedUrl(part.url)}. Download the file and pass it as a data: URL.`,
      );
  }
}

function toToolChoice(choice: ToolChoice): OpenAIChatToolChoice {
  return typeof choice === "string" ? choice : { type: "function", function: { name: choice.name } };
}

function toResponseFormat(format: ResponseFormat): OpenAIChatResponseFormat {
  if (format.type !== "json_schema") return { type: format.type };
  return {
    type: "json_schema",
    json_schema: defined({
      name: format.name ?? "response",
      schema: format.schema,
      strict: format.strict,
      description: format.description,
    }),
  };
}
