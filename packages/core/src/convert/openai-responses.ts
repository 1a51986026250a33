/**
 * Rendered prompt → OpenAI Responses API request body. Plain JSON; no SDK dependency.
 */
import type {
  ContentPart,
  ImagePart,
  FilePart,
  JsonSchema,
  PromptMessage,
  RenderedPrompt,
  ResponseFormat,
  ToolChoice,
} from "../model/types.js";
import { OPENAI_FILE_SCHEME } from "../model/media.js";
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
import type { OpenAIReasoningEffort } from "./openai.js";

export interface OpenAIResponsesTextPart {
  type: "input_text";
  text: string;
}
/** `detail` is always sent: openai 4 and 5 type it as required (`"auto"` is the API's default). */
export type OpenAIResponsesImagePart =
  | { type: "input_image"; image_url: string; detail: "auto" | "low" | "high" }
  | { type: "input_image"; file_id: string; detail: "auto" | "low" | "high" };
export type OpenAIResponsesFilePart =
  | { type: "input_file"; file_id: string }
  | { type: "input_file"; filename: string; file_data: string }
  | { type: "input_file"; file_url: string };
export type OpenAIResponsesContentPart = OpenAIResponsesTextPart | OpenAIResponsesImagePart | OpenAIResponsesFilePart;

/** An input item: a message, an earlier function call of the model, or its result. */
export type OpenAIResponsesInputItem =
  | { type: "message"; role: "system" | "developer"; content: string | OpenAIResponsesTextPart[] }
  | { type: "message"; role: "user"; content: string | OpenAIResponsesContentPart[] }
  | { type: "message"; role: "assistant"; content: string }
  | { type: "function_call"; call_id: string; name: string; arguments: string }
  | { type: "function_call_output"; call_id: string; output: string };

/** A function tool. `parameters` and `strict` are always sent: openai 4 to 6 type them as required. */
export interface OpenAIResponsesFunctionTool {
  type: "function";
  name: string;
  description?: string;
  parameters: JsonSchema;
  strict: boolean;
}

export type OpenAIResponsesToolChoice = "auto" | "none" | "required" | { type: "function"; name: string };

export type OpenAIResponsesTextFormat =
  | { type: "text" }
  | { type: "json_object" }
  | { type: "json_schema"; name: string; schema: JsonSchema; strict?: boolean; description?: string };

/** An OpenAI Responses API request body, as `toOpenAIResponses` builds it. */
export interface OpenAIResponsesRequest {
  model: string;
  instructions?: string;
  input: OpenAIResponsesInputItem[];
  tools?: OpenAIResponsesFunctionTool[];
  tool_choice?: OpenAIResponsesToolChoice;
  parallel_tool_calls?: boolean;
  text?: { format: OpenAIResponsesTextFormat };
  max_output_tokens?: number;
  temperature?: number;
  top_p?: number;
  /** `effort` is `params.reasoningEffort` as given; typed like `OpenAIChatRequest.reasoning_effort`. */
  reasoning?: { effort: OpenAIReasoningEffort };
  /** `params.extra` keys listed in {@link OPENAI_RESPONSES_EXTRA_KEYS}. */
  [key: string]: unknown;
}

/**
 * The `params.extra` keys copied into the body: top-level Responses API fields that mean the
 * same there as in the vendor's (Chat-style) payload, or exist only in Responses. The API
 * rejects unknown parameters, so Chat-only keys (`max_completion_tokens`, `logprobs`, `n`,
 * `response_format`, `logit_bias`…) are dropped, and so is `stream`: whether to stream is the
 * caller's choice, and the body's type is the non-streaming call's.
 */
export const OPENAI_RESPONSES_EXTRA_KEYS: ReadonlySet<string> = new Set([
  "background",
  "conversation",
  "include",
  "max_output_tokens",
  "max_tool_calls",
  "metadata",
  "previous_response_id",
  "prompt_cache_key",
  "prompt_cache_retention",
  "reasoning",
  "safety_identifier",
  "service_tier",
  "store",
  "temperature",
  "text",
  "top_p",
  "truncation",
  "user",
]);

const OPERATION = "toOpenAIResponses";

/**
 * Converts a rendered prompt to an OpenAI Responses API request body.
 *
 * - `model`: `overrides.model`, else `rendered.model`, else PromptError `unsupported`.
 * - `instructions`: the system and developer messages that open the conversation, joined in
 *   order with `"\n\n"` (empty ones left out); OpenAI documents `instructions` as that leading
 *   system (or developer) message. When nothing but such messages follows, they stay input
 *   items instead (the API needs input). Later system and developer messages become input
 *   messages with their role.
 * - `input`: user messages → `{type: "message", role: "user", content}` (a string, or
 *   `input_text`/`input_image`/`input_file` parts); assistant text → an assistant message with
 *   string content (text parts joined), left out when empty and the message has tool calls;
 *   assistant `toolCalls` → `function_call` items; `tool` messages →
 *   `function_call_output` items (`call_id` from `toolCallId`, text `output`). `name` has no
 *   equivalent and is dropped. Images and files are allowed in user messages only.
 * - Media follows `toOpenAIChat`'s rules, in Responses shapes: images → `input_image` with
 *   `image_url` and `detail` (default `"auto"`), `openai-file://<id>` images → `file_id`;
 *   files: an image → `input_image`, `openai-file://<id>` → `{file_id}`, another base64
 *   `data:` URL → `{filename, file_data}`, an http(s) document → `{file_url}` (Responses fetches
 *   documents by URL); non-base64 `data:` documents and other schemes are `unsupported`.
 * - `tools`: flat `{type: "function", name, description, parameters, strict}`. Missing
 *   `parameters` become `{type: "object", properties: {}}` (what OpenAI means by none), and a
 *   missing `strict` becomes `false`, since Responses would default it to `true` and reject
 *   schemas written for Chat. `tool_choice` (a named tool → `{type: "function", name}`) and
 *   `parallel_tool_calls` are sent only with tools, as in `toOpenAIChat`.
 * - Response format → `text.format` (`json_schema` keeps `name`, default `"response"`,
 *   `schema`, `strict` and `description`).
 * - Params: `maxTokens` → `max_output_tokens`, `temperature`, `topP` → `top_p`,
 *   `reasoningEffort` → `reasoning.effort`. Responses has no `stop`, `seed`, `top_k`,
 *   `frequency_penalty` or `presence_penalty`: these are dropped. From `params.extra` only the
 *   {@link OPENAI_RESPONSES_EXTRA_KEYS} are kept, and never over a mapped key.
 * - `overrides` win over the rendered params, as in `toOpenAIChat`.
 *
 * Pure: the input is not modified and no key is `undefined`. Nested JSON (tool schemas,
 * `extra` values) is shared with the input, not copied: treat the body as read-only.
 *
 * @throws PromptError `unsupported` when there is no model, a `tool` message has no
 *   `toolCallId`, or content cannot be expressed in the Responses API.
 *
 * @example
 * const body = toOpenAIResponses(renderPrompt(version, { name: "Ada" }), { model: "gpt-5-mini" });
 * const response = await openai.responses.create(body);
 * console.log(response.output_text);
 */
export function toOpenAIResponses(rendered: RenderedPrompt, overrides: ConverterOverrides = {}): OpenAIResponsesRequest {
  const model = requireModel(rendered, overrides.model, OPERATION);
  const params = mergeParams(rendered.params, overrides);
  const messages = moveMediaToUserTurns(rendered.messages);
  // The system and developer messages that open the prompt, when something follows them: the API
  // needs input, and a prompt of system messages alone (a canvas prompt) reads the same as input items.
  const lead = Math.max(
    0,
    messages.findIndex((message) => message.role !== "system" && message.role !== "developer"),
  );
  const instructions = messages
    .slice(0, lead)
    .map((message, index) => text(message, `messages[${index}]`, rendered))
    .filter((part) => part !== "")
    .join("\n\n");
  const body: OpenAIResponsesRequest = defined({
    model,
    instructions: instructions === "" ? undefined : instructions,
    input: messages.slice(lead).flatMap((message, index) => toItems(message, lead + index, rendered)),
  });
  if (rendered.tools.length > 0) {
    body.tools = rendered.tools.map((tool) =>
      defined({
        type: "function" as const,
        name: tool.name,
        description: tool.description,
        parameters: tool.parameters ?? { type: "object", properties: {} },
        strict: tool.strict ?? false,
      }),
    );
    if (rendered.toolChoice !== undefined) body.tool_choice = toToolChoice(rendered.toolChoice);
    if (params.parallelToolCalls !== undefined) body.parallel_tool_calls = params.parallelToolCalls;
  }
  if (rendered.responseFormat !== undefined) body.text = { format: toTextFormat(rendered.responseFormat) };
  Object.assign(
    body,
    defined({
      max_output_tokens: params.maxTokens,
      temperature: params.temperature,
      top_p: params.topP,
      // Sent as given: a newer effort than the type lists still reaches the API.
      reasoning: params.reasoningEffort === undefined ? undefined : { effort: params.reasoningEffort as OpenAIReasoningEffort },
    }),
  );
  return withExtra(body, params.extra ?? {}, OPENAI_RESPONSES_EXTRA_KEYS);
}

function toItems(message: PromptMessage, index: number, rendered: RenderedPrompt): OpenAIResponsesInputItem[] {
  const where = `messages[${index}]`;
  switch (message.role) {
    case "system":
    case "developer": {
      const content =
        typeof message.content === "string"
          ? message.content
          : message.content.map((part, i) => ({
              type: "input_text" as const,
              text: textOf(part, message, `${where}.content[${i}]`, rendered),
            }));
      return [{ type: "message", role: message.role, content }];
    }
    case "user": {
      const content =
        typeof message.content === "string"
          ? message.content
          : message.content.map((part, i) => toPart(part, `${where}.content[${i}]`, rendered));
      return [{ type: "message", role: "user", content }];
    }
    case "assistant": {
      const calls = message.toolCalls ?? [];
      const content = text(message, where, rendered);
      return [
        ...(content === "" && calls.length > 0 ? [] : [{ type: "message" as const, role: "assistant" as const, content }]),
        ...calls.map((call) => ({ type: "function_call" as const, call_id: call.id, name: call.name, arguments: call.arguments })),
      ];
    }
    case "tool":
      if (message.toolCallId === undefined) {
        throw unsupported(rendered, OPERATION, `${where} is a tool message without toolCallId; OpenAI requires call_id.`);
      }
      return [{ type: "function_call_output", call_id: message.toolCallId, output: text(message, where, rendered) }];
    default:
      throw unsupported(rendered, OPERATION, `${where} has role ${JSON.stringify(message.role)}, which OpenAI Responses does not know.`);
  }
}

/**
 * The text of a message that Responses takes as one string (instructions, assistant text, tool
 * output). Parts are joined with nothing between them, as `moveMediaToUserTurns` joins them.
 */
function text(message: PromptMessage, where: string, rendered: RenderedPrompt): string {
  if (typeof message.content === "string") return message.content;
  return message.content.map((part, i) => textOf(part, message, `${where}.content[${i}]`, rendered)).join("");
}

function textOf(part: ContentPart, message: PromptMessage, where: string, rendered: RenderedPrompt): string {
  if (part.type === "text") return part.text;
  throw unsupported(
    rendered,
    OPERATION,
    `${where} is ${part.type === "image" ? "an image" : "a file"} in a ${message.role} message; OpenAI Responses accepts images and files in user messages only.`,
  );
}

function toPart(part: ContentPart, where: string, rendered: RenderedPrompt): OpenAIResponsesContentPart {
  switch (part.type) {
    case "text":
      return { type: "input_text", text: part.text };
    case "image":
      return toImagePart(part);
    case "file":
      return toFilePart(part, where, rendered);
  }
}

function toImagePart(part: ImagePart): OpenAIResponsesImagePart {
  const detail = part.detail ?? "auto";
  if (part.url.startsWith(OPENAI_FILE_SCHEME)) return { type: "input_image", file_id: part.url.slice(OPENAI_FILE_SCHEME.length), detail };
  return { type: "input_image", image_url: part.url, detail };
}

function toFilePart(part: FilePart, where: string, rendered: RenderedPrompt): OpenAIResponsesContentPart {
  const source = openAIFileSource(part);
  switch (source.kind) {
    case "file-id":
      return { type: "input_file", file_id: source.fileId };
    case "image":
      return { type: "input_image", image_url: source.url, detail: "auto" };
    case "data":
      return { type: "input_file", filename: source.filename, file_data: source.fileData };
    case "remote":
      return { type: "input_file", file_url: source.url };
    case "not-base64":
      throw unsupported(rendered, OPERATION, `${where}: OpenAI Responses needs file data in base64; this data: URL is not base64-encoded.`);
    case "other":
      throw unsupported(
        rendered,
        OPERATION,
        `${where}: OpenAI Responses takes files as http(s) URLs, base64 data: URLs or OpenAI file ids; ` +
          `it cannot reach ${quotedUrl(part.url)}. Download the file and pass it as a data: URL.`,
      );
  }
}

function toToolChoice(choice: ToolChoice): OpenAIResponsesToolChoice {
  return typeof choice === "string" ? choice : { type: "function", name: choice.name };
}

function toTextFormat(format: ResponseFormat): OpenAIResponsesTextFormat {
  if (format.type !== "json_schema") return { type: format.type };
  return defined({
    type: "json_schema" as const,
    name: format.name ?? "response",
    schema: format.schema,
    strict: format.strict,
    description: format.description,
  });
}
