/**
 * Rendered prompt → Anthropic Messages API request body. Plain JSON; no SDK dependency.
 */
import type {
  ContentPart,
  FilePart,
  ImagePart,
  JsonSchema,
  PromptMessage,
  PromptParams,
  RenderedPrompt,
  ResponseFormat,
  ToolChoice,
} from "../model/types.js";
import { mediaTypeOf, OPENAI_FILE_SCHEME, parseDataUrl } from "../model/media.js";
import { defined, mergeParams, moveMediaToUserTurns, requireModel, unsupported, withExtra } from "./converter-kit.js";

export type AnthropicImageMediaType = "image/jpeg" | "image/png" | "image/gif" | "image/webp";

export interface AnthropicTextBlock {
  type: "text";
  text: string;
}
export interface AnthropicImageBlock {
  type: "image";
  source: { type: "url"; url: string } | { type: "base64"; media_type: AnthropicImageMediaType; data: string };
}
export interface AnthropicDocumentBlock {
  type: "document";
  source:
    | { type: "url"; url: string }
    | { type: "base64"; media_type: "application/pdf"; data: string }
    | { type: "text"; media_type: "text/plain"; data: string };
}
export interface AnthropicToolUseBlock {
  type: "tool_use";
  id: string;
  name: string;
  input: Record<string, unknown>;
}
export interface AnthropicToolResultBlock {
  type: "tool_result";
  tool_use_id: string;
  content: string | (AnthropicTextBlock | AnthropicImageBlock | AnthropicDocumentBlock)[];
}
export type AnthropicContentBlock =
  | AnthropicTextBlock
  | AnthropicImageBlock
  | AnthropicDocumentBlock
  | AnthropicToolUseBlock
  | AnthropicToolResultBlock;

export interface AnthropicMessage {
  role: "user" | "assistant";
  content: string | AnthropicContentBlock[];
}

export interface AnthropicTool {
  name: string;
  description?: string;
  input_schema: { type: "object"; [key: string]: unknown };
}

export type AnthropicToolChoice =
  | { type: "auto"; disable_parallel_tool_use?: boolean }
  | { type: "any"; disable_parallel_tool_use?: boolean }
  | { type: "tool"; name: string; disable_parallel_tool_use?: boolean }
  | { type: "none" };

/** An Anthropic Messages API request body, as `toAnthropicMessages` builds it. */
export interface AnthropicMessagesRequest {
  model: string;
  max_tokens: number;
  system?: string;
  messages: AnthropicMessage[];
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  stop_sequences?: string[];
  /** `params.extra` keys listed in {@link ANTHROPIC_EXTRA_KEYS}. */
  [key: string]: unknown;
}

/** How a `json_schema` response format is asked of Claude. See {@link toAnthropicMessages}. */
export type JsonSchemaStrategy = "tool" | "instruction";

export type AnthropicOptions = { maxTokens?: number; model?: string } & Partial<PromptParams> & {
    jsonSchemaStrategy?: JsonSchemaStrategy;
  };

/**
 * The `params.extra` keys copied into the body: top-level Messages API fields. Every other
 * `extra` key (OpenAI's `user`, `store`, `logprobs`…) is dropped.
 */
export const ANTHROPIC_EXTRA_KEYS: ReadonlySet<string> = new Set([
  "metadata",
  "thinking",
  "service_tier",
  "stream",
  "temperature",
  "top_p",
  "top_k",
  "stop_sequences",
]);

/** The tool name used for a `json_schema` response format that has no `name`. */
export const DEFAULT_RESPONSE_TOOL = "respond";
/** Appended to `system` for a `json_object` response format. */
export const JSON_OBJECT_INSTRUCTION = "Respond with a single JSON object.";

const OPERATION = "toAnthropicMessages";
const IMAGE_TYPES: ReadonlySet<string> = new Set(["image/jpeg", "image/png", "image/gif", "image/webp"]);

/**
 * Converts a rendered prompt to an Anthropic Messages API request body.
 *
 * Messages:
 * - `system` and `developer` messages, wherever they are, are joined in order with `"\n\n"`
 *   into `system` (text only).
 * - The others alternate `user`/`assistant`: consecutive messages of the same role merge
 *   into one message with content blocks. A single message with string content keeps it.
 * - `tool` messages become `user` messages with a `tool_result` block (`tool_use_id` from
 *   `toolCallId`); in a merged user message the `tool_result` blocks come first, as
 *   Anthropic requires. Assistant `toolCalls` become `tool_use` blocks, their JSON
 *   `arguments` parsed into `input` (`""` is `{}`).
 * - Empty text blocks are left out (Anthropic rejects them); `name` has no equivalent.
 * - Images → `image` blocks; files: images (by `mimeType`, `data:` header or extension) →
 *   `image`, others → `document`. Source: `{type: "url"}` for `https:` URLs (documents:
 *   PDF or unknown type only, as Anthropic fetches PDFs), `{type: "base64"}` for base64
 *   `data:` URLs (JPEG/PNG/GIF/WebP images, PDF documents), `{type: "text"}` for `text/*`
 *   `data:` URLs (decoded).
 *
 * Tools: `{name, description, input_schema}` (`parameters`, default
 * `{type: "object", properties: {}}`); `strict` is dropped. `tool_choice`: `auto` → `auto`,
 * `required` → `any`, `none` → `none`, a named tool → `tool`; `parallelToolCalls: false`
 * adds `disable_parallel_tool_use: true`. Without tools, `tool_choice` is omitted.
 *
 * Structured output: Claude has no `response_format`, so:
 * - `json_schema` with `jsonSchemaStrategy: "tool"` (the default): a tool named after the
 *   schema (`name`, else `"respond"`) whose `input_schema` is the schema is added, and
 *   `tool_choice` is set to `{type: "tool", name}`, replacing the prompt's own. Claude
 *   answers by calling it: read the answer from the response's `tool_use` block `input`
 *   (already parsed JSON), not from a text block. The schema must describe an object.
 *   Forced tool use cannot be combined with extended `thinking`; use "instruction" then.
 * - `json_schema` with `"instruction"`: an instruction with the JSON schema is appended to
 *   `system`; the answer comes back as text to parse.
 * - `json_object`: {@link JSON_OBJECT_INSTRUCTION} is appended to `system`.
 *
 * Params: `max_tokens` (`options.maxTokens`, else `params.maxTokens`: Anthropic requires
 * it), `temperature`, `top_p`, `top_k`, `stop` → `stop_sequences`. Anthropic has no `seed`,
 * `frequency_penalty`, `presence_penalty` or `reasoning_effort`: these are dropped. From
 * `params.extra` only the {@link ANTHROPIC_EXTRA_KEYS} are kept, and never over a mapped
 * key. `options` win over the rendered params, as in `toOpenAIChat`.
 *
 * Pure: the input is not modified and no key is `undefined`. Nested JSON (schemas, `extra`
 * values) is shared with the input: treat the body as read-only.
 *
 * @throws PromptError `unsupported` when there is no model or max_tokens, a `tool` message
 *   has no `toolCallId`, tool arguments are not a JSON object, a schema is not an object
 *   schema, or content cannot be expressed in the Messages API.
 *
 * @example
 * const body = toAnthropicMessages(renderPrompt(version, vars), { model: "claude-sonnet-4-5", maxTokens: 1024 });
 * const reply = await anthropic.messages.create(body);
 */
export function toAnthropicMessages(rendered: RenderedPrompt, options: AnthropicOptions = {}): AnthropicMessagesRequest {
  const { jsonSchemaStrategy = "tool", ...overrides } = options;
  if (jsonSchemaStrategy !== "tool" && jsonSchemaStrategy !== "instruction") {
    throw unsupported(
      rendered,
      OPERATION,
      `jsonSchemaStrategy must be "tool" or "instruction", not ${JSON.stringify(jsonSchemaStrategy)}.`,
    );
  }
  const model = requireModel(rendered, overrides.model, OPERATION);
  const params = mergeParams(rendered.params, overrides);
  if (params.maxTokens === undefined) {
    throw unsupported(rendered, OPERATION, "Anthropic requires max_tokens: pass { maxTokens }.");
  }

  const system: string[] = [];
  const messages: AnthropicMessage[] = [];
  moveMediaToUserTurns(rendered.messages).forEach((message, index) => {
    const where = `messages[${index}]`;
    if (message.role === "system" || message.role === "developer") system.push(systemContent(message, where, rendered));
    else append(messages, toMessage(message, where, rendered));
  });

  const tools: AnthropicTool[] = rendered.tools.map((tool) =>
    defined({
      name: tool.name,
      description: tool.description,
      input_schema: objectSchema(tool.parameters ?? { properties: {} }, `tool ${JSON.stringify(tool.name)}`, rendered),
    }),
  );
  let toolChoice = rendered.toolChoice;
  const format = rendered.responseFormat;
  if (format?.type === "json_schema" && jsonSchemaStrategy === "tool") {
    const name = format.name ?? DEFAULT_RESPONSE_TOOL;
    if (tools.some((tool) => tool.name === name)) {
      throw unsupported(rendered, OPERATION, `the response schema's tool name ${JSON.stringify(name)} is already a tool of the prompt.`);
    }
    tools.push({
      name,
      description: format.description ?? "Give the response by calling this tool; its input is the response.",
      input_schema: objectSchema(format.schema, "the response schema", rendered),
    });
    toolChoice = { type: "tool", name };
  } else if (format !== undefined) {
    const instruction = formatInstruction(format, rendered);
    if (instruction !== undefined) system.push(instruction);
  }

  let systemText = system.filter((text) => text !== "").join("\n\n");
  if (messages.length === 0) {
    // Anthropic needs at least one message; a system-only prompt (common on registries whose canvas
    // is one system message) is sent as the user turn, so the model still reads all of it.
    if (systemText === "") throw unsupported(rendered, OPERATION, "the prompt has no messages.");
    messages.push({ role: "user", content: systemText });
    systemText = "";
  }
  const body: AnthropicMessagesRequest = defined({
    model,
    max_tokens: params.maxTokens,
    system: systemText === "" ? undefined : systemText,
    messages,
  });
  if (tools.length > 0) {
    body.tools = tools;
    const choice = toToolChoice(toolChoice, params.parallelToolCalls);
    if (choice !== undefined) body.tool_choice = choice;
  }
  Object.assign(
    body,
    defined({
      temperature: params.temperature,
      top_p: params.topP,
      top_k: params.topK,
      stop_sequences: params.stop && [...params.stop],
    }),
  );
  return withExtra(body, params.extra ?? {}, ANTHROPIC_EXTRA_KEYS);
}

// ---------------------------------------------------------------- messages

function systemContent(message: PromptMessage, where: string, rendered: RenderedPrompt): string {
  if (typeof message.content === "string") return message.content;
  return message.content
    .map((part, i) => {
      if (part.type === "text") return part.text;
      throw unsupported(
        rendered,
        OPERATION,
        `${where}.content[${i}] is ${part.type === "image" ? "an image" : "a file"} in a ${message.role} message; Anthropic's system prompt is text only.`,
      );
    })
    .join("\n");
}

function toMessage(message: PromptMessage, where: string, rendered: RenderedPrompt): AnthropicMessage {
  switch (message.role) {
    case "user":
      return { role: "user", content: content(message.content, where, rendered) };
    case "assistant": {
      const calls = message.toolCalls ?? [];
      if (calls.length === 0) return { role: "assistant", content: content(message.content, where, rendered) };
      return {
        role: "assistant",
        content: [
          ...blocks(content(message.content, where, rendered)),
          ...calls.map(
            (call, i): AnthropicToolUseBlock => ({
              type: "tool_use",
              id: call.id,
              name: call.name,
              input: toolInput(call.arguments, `${where}.toolCalls[${i}]`, rendered),
            }),
          ),
        ],
      };
    }
    case "tool": {
      if (message.toolCallId === undefined) {
        throw unsupported(rendered, OPERATION, `${where} is a tool message without toolCallId; Anthropic requires tool_use_id.`);
      }
      const result = content(message.content, where, rendered);
      return {
        role: "user",
        content: [
          {
            type: "tool_result",
            tool_use_id: message.toolCallId,
            content: typeof result === "string" ? result : (result as AnthropicToolResultBlock["content"]),
          },
        ],
      };
    }
    default:
      throw unsupported(rendered, OPERATION, `${where} has role ${JSON.stringify(message.role)}, which Anthropic does not know.`);
  }
}

/** Adds a message, merging it into the previous one when both have the same role. */
function append(messages: AnthropicMessage[], message: AnthropicMessage): void {
  const last = messages[messages.length - 1];
  if (last === undefined || last.role !== message.role) {
    messages.push(message);
    return;
  }
  const merged = [...blocks(last.content), ...blocks(message.content)];
  // Anthropic wants a user message's tool_result blocks before anything else.
  last.content =
    last.role === "user" ? [...merged.filter((b) => b.type === "tool_result"), ...merged.filter((b) => b.type !== "tool_result")] : merged;
}

/** Content as blocks: a string becomes one text block (none when empty). */
function blocks(content: string | AnthropicContentBlock[]): AnthropicContentBlock[] {
  if (typeof content !== "string") return content;
  return content === "" ? [] : [{ type: "text", text: content }];
}

function content(value: string | ContentPart[], where: string, rendered: RenderedPrompt): string | AnthropicContentBlock[] {
  if (typeof value === "string") return value;
  const out: AnthropicContentBlock[] = [];
  value.forEach((part, i) => {
    if (part.type !== "text") out.push(mediaBlock(part, `${where}.content[${i}]`, rendered));
    else if (part.text !== "") out.push({ type: "text", text: part.text });
  });
  return out;
}

function toolInput(args: string, where: string, rendered: RenderedPrompt): Record<string, unknown> {
  if (args.trim() === "") return {};
  let input: unknown;
  try {
    input = JSON.parse(args);
  } catch (cause) {
    throw unsupported(rendered, OPERATION, `${where}.arguments is not valid JSON; Anthropic needs the tool input as an object.`, cause);
  }
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw unsupported(rendered, OPERATION, `${where}.arguments is JSON but not an object; Anthropic needs the tool input as an object.`);
  }
  return input as Record<string, unknown>;
}

// ---------------------------------------------------------------- media

function mediaBlock(part: ImagePart | FilePart, where: string, rendered: RenderedPrompt): AnthropicImageBlock | AnthropicDocumentBlock {
  const { url } = part;
  const fail = (why: string) => unsupported(rendered, OPERATION, `${where}: ${why}`);
  if (url.startsWith(OPENAI_FILE_SCHEME)) throw fail("an OpenAI file id cannot be sent to Anthropic; pass the file as a URL or data: URL.");
  const mediaType = mediaTypeOf(part);
  const data = parseDataUrl(url);
  const remote = /^https?:\/\//i.test(url);
  if (part.type === "image" || mediaType?.startsWith("image/") === true) {
    if (remote) return { type: "image", source: { type: "url", url } };
    if (data === undefined) throw fail(`Anthropic takes images as https: or base64 data: URLs, not ${scheme(url)}.`);
    const type = data.mediaType ?? mediaType;
    if (!data.base64 || type === undefined || !IMAGE_TYPES.has(type)) {
      throw fail(
        `Anthropic takes base64 JPEG, PNG, GIF or WebP images; this data: URL is ${data.base64 ? "" : "not base64, "}${type ?? "of unknown type"}.`,
      );
    }
    return { type: "image", source: { type: "base64", media_type: type as AnthropicImageMediaType, data: data.data } };
  }
  if (remote) {
    if (mediaType === undefined || mediaType === "application/pdf") return { type: "document", source: { type: "url", url } };
    throw fail(`Anthropic fetches only PDF documents by URL, not ${mediaType}; pass the file as a data: URL.`);
  }
  if (data === undefined) throw fail(`Anthropic takes documents as https: or data: URLs, not ${scheme(url)}.`);
  const type = data.mediaType ?? mediaType;
  if (type === "application/pdf" && data.base64) {
    return { type: "document", source: { type: "base64", media_type: "application/pdf", data: data.data } };
  }
  if (type?.startsWith("text/") === true) {
    const text = decodeText(data.data, data.base64);
    if (text !== undefined) return { type: "document", source: { type: "text", media_type: "text/plain", data: text } };
    throw fail("this text data: URL could not be decoded.");
  }
  throw fail(
    `Anthropic documents are PDF (base64) or plain text; this data: URL is ${type ?? "of unknown type"}${data.base64 ? "" : " and not base64"}.`,
  );
}

function decodeText(data: string, base64: boolean): string | undefined {
  try {
    if (!base64) return decodeURIComponent(data);
    const binary = atob(data);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function scheme(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(url);
  return match ? `${match[1]}: URLs` : "a relative URL";
}

// ---------------------------------------------------------------- tools and formats

function objectSchema(schema: JsonSchema, what: string, rendered: RenderedPrompt): AnthropicTool["input_schema"] {
  if (schema.type === undefined) return { type: "object", ...schema };
  if (schema.type === "object") return schema as AnthropicTool["input_schema"];
  throw unsupported(
    rendered,
    OPERATION,
    `${what} has type ${JSON.stringify(schema.type)}; Anthropic tool input must be an object schema` +
      (what === "the response schema" ? ' (use jsonSchemaStrategy: "instruction").' : "."),
  );
}

function toToolChoice(choice: ToolChoice | undefined, parallelToolCalls: boolean | undefined): AnthropicToolChoice | undefined {
  if (choice === "none") return { type: "none" };
  const disable = parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
  if (choice === undefined) return parallelToolCalls === false ? { type: "auto", ...disable } : undefined;
  if (choice === "auto") return { type: "auto", ...disable };
  if (choice === "required") return { type: "any", ...disable };
  return { type: "tool", name: choice.name, ...disable };
}

function formatInstruction(format: ResponseFormat, rendered: RenderedPrompt): string | undefined {
  if (format.type === "json_object") return JSON_OBJECT_INSTRUCTION;
  if (format.type !== "json_schema") return undefined;
  let schema: string | undefined;
  try {
    schema = JSON.stringify(format.schema);
  } catch (cause) {
    throw unsupported(rendered, OPERATION, "the response schema is not JSON-serializable.", cause);
  }
  return (
    "Respond with a single JSON object (no prose, no code fences) that conforms to this JSON Schema" +
    (format.description ? ` (${format.description})` : "") +
    `:\n${schema}`
  );
}
