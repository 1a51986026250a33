/**
 * Helicone prompt bodies → the normalized model.
 *
 * A Helicone "Prompts 2025" body is an OpenAI Chat Completions request object, stored as-is
 * (see notes/helicone-api.md §3). The caller validates its structure first; this module maps
 * it field by field and throws `invalid_response` (with the JSON path) on anything the
 * structural check let through but the model cannot hold.
 *
 * Not kept: message-level and part-level extras the model has no slot for (`cache_control`,
 * `reasoning`, `refusal`, `audio`, …); content parts other than text, image and file are
 * refused with `unsupported`, so nothing is dropped silently from what the model sees.
 */
import { PromptError } from "../../errors/prompt-error.js";
import { mediaTypeOfName, OPENAI_FILE_SCHEME, parseDataUrl } from "../../model/media.js";
import type {
  ContentPart,
  FilePart,
  ImagePart,
  JsonSchema,
  PromptMessage,
  PromptParams,
  PromptTool,
  PromptVersion,
  ResponseFormat,
  Role,
  ToolCall,
  ToolChoice,
} from "../../model/types.js";

/** The model parts of a Helicone prompt body. */
export type NormalizedHeliconeBody = Pick<PromptVersion, "model" | "params" | "messages" | "tools" | "toolChoice" | "responseFormat">;

const ROOT = "prompt_body";
const VENDOR = "helicone";
const OPERATION = "normalize";

/** Keys that are not parameters (they have their own slot in the model). */
const STRUCTURAL_KEYS = new Set(["model", "messages", "tools", "tool_choice", "response_format"]);

const ROLES: Readonly<Record<string, Role>> = {
  system: "system",
  developer: "developer",
  user: "user",
  assistant: "assistant",
  tool: "tool",
  // The legacy OpenAI `function` role answers a function call: the model's `tool` role.
  function: "tool",
};

/**
 * Maps a Helicone prompt body (an OpenAI Chat Completions request) to the normalized model.
 *
 * - Messages keep `name`; `tool_call_id` → `toolCallId`; `tool_calls` → `toolCalls`;
 *   `content: null` → `""`; role `function` → `tool`.
 * - Parts: `text` → text, `image_url` → image, `file` → file (`file_data` as a data: URL, or
 *   `file_id` as `openai-file://<id>`).
 * - Known parameters are camelCased; every other key except `model`, `messages`, `tools`,
 *   `tool_choice` and `response_format` is kept in `params.extra` under its own key.
 *
 * @throws PromptError `invalid_response` (message names the JSON path) for values the model
 *   cannot hold, `unsupported` for content parts and tools of a kind the model lacks.
 *
 * @example
 * normalizeHeliconeBody({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }], max_tokens: 50 });
 * // → { model: "gpt-4o-mini", params: { maxTokens: 50 }, messages: [{ role: "user", content: "Hi" }], tools: [] }
 */
export function normalizeHeliconeBody(body: Record<string, unknown>): NormalizedHeliconeBody {
  if (!isRecord(body)) invalid(ROOT, "an object", body);
  const out: NormalizedHeliconeBody = {
    params: normalizeParams(body),
    messages: normalizeMessages(body.messages),
    tools: normalizeTools(body.tools),
  };
  if (body.model !== undefined && body.model !== null) {
    if (typeof body.model !== "string") invalid(`${ROOT}.model`, "a string", body.model);
    out.model = body.model;
  }
  const toolChoice = normalizeToolChoice(body.tool_choice);
  if (toolChoice !== undefined) out.toolChoice = toolChoice;
  const responseFormat = normalizeResponseFormat(body.response_format);
  if (responseFormat !== undefined) out.responseFormat = responseFormat;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Messages

function normalizeMessages(value: unknown): PromptMessage[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) invalid(`${ROOT}.messages`, "an array", value);
  return value.map((m, i) => normalizeMessage(m, `${ROOT}.messages[${i}]`));
}

function normalizeMessage(value: unknown, path: string): PromptMessage {
  if (!isRecord(value)) invalid(path, "an object", value);
  const role = typeof value.role === "string" && Object.hasOwn(ROLES, value.role) ? ROLES[value.role] : undefined;
  if (role === undefined) {
    invalid(`${path}.role`, `one of ${Object.keys(ROLES).map((r) => JSON.stringify(r)).join(", ")}`, value.role);
  }
  const message: PromptMessage = { role, content: normalizeContent(value.content, `${path}.content`) };
  if (value.name !== undefined && value.name !== null) {
    if (typeof value.name !== "string") invalid(`${path}.name`, "a string", value.name);
    message.name = value.name;
  }
  if (value.tool_call_id !== undefined && value.tool_call_id !== null) {
    if (typeof value.tool_call_id !== "string") invalid(`${path}.tool_call_id`, "a string", value.tool_call_id);
    message.toolCallId = value.tool_call_id;
  }
  if (value.tool_calls !== undefined && value.tool_calls !== null) {
    if (!Array.isArray(value.tool_calls)) invalid(`${path}.tool_calls`, "an array", value.tool_calls);
    message.toolCalls = value.tool_calls.map((c, j) => normalizeToolCall(c, `${path}.tool_calls[${j}]`));
  }
  return message;
}

function normalizeContent(value: unknown, path: string): string | ContentPart[] {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (!Array.isArray(value)) invalid(path, "a string, an array of parts or null", value);
  return value.map((p, i) => normalizePart(p, `${path}[${i}]`));
}

function normalizePart(value: unknown, path: string): ContentPart {
  if (!isRecord(value)) invalid(path, "an object", value);
  switch (value.type) {
    case "text": {
      if (typeof value.text !== "string") invalid(`${path}.text`, "a string", value.text);
      return { type: "text", text: value.text };
    }
    case "image_url": {
      const image = value.image_url;
      // OpenAI's older SDKs also accepted a bare URL string here.
      const url = typeof image === "string" ? image : isRecord(image) ? image.url : undefined;
      if (typeof url !== "string") invalid(`${path}.image_url.url`, "a string", url);
      const part: ImagePart = { type: "image", url };
      const mimeType = parseDataUrl(url)?.mediaType;
      if (mimeType !== undefined) part.mimeType = mimeType;
      if (isRecord(image) && image.detail !== undefined && image.detail !== null) {
        if (image.detail !== "auto" && image.detail !== "low" && image.detail !== "high") {
          invalid(`${path}.image_url.detail`, '"auto", "low" or "high"', image.detail);
        }
        part.detail = image.detail;
      }
      return part;
    }
    case "file": {
      const file = value.file;
      if (!isRecord(file)) invalid(`${path}.file`, "an object", file);
      let url: string;
      if (typeof file.file_data === "string" && file.file_data !== "") {
        url = file.file_data.startsWith("data:")
          ? file.file_data
          : `data:${mediaTypeOfName(file.filename) ?? "application/octet-stream"};base64,${file.file_data}`;
      } else if (typeof file.file_id === "string" && file.file_id !== "") {
        url = `${OPENAI_FILE_SCHEME}${file.file_id}`;
      } else {
        invalid(`${path}.file`, "file_data or file_id", file);
      }
      const part: FilePart = { type: "file", url };
      const mimeType = parseDataUrl(url)?.mediaType ?? mediaTypeOfName(file.filename);
      if (mimeType !== undefined) part.mimeType = mimeType;
      return part;
    }
    default:
      throw new PromptError({
        code: "unsupported",
        vendor: VENDOR,
        operation: OPERATION,
        message: `Helicone prompt body: ${path}.type ${describeShort(value.type)} is a content part polyprompt cannot represent (supported: "text", "image_url", "file").`,
      });
  }
}

function normalizeToolCall(value: unknown, path: string): ToolCall {
  if (!isRecord(value)) invalid(path, "an object", value);
  const fn = value.function;
  if (!isRecord(fn)) invalid(`${path}.function`, "an object", fn);
  if (typeof value.id !== "string") invalid(`${path}.id`, "a string", value.id);
  if (typeof fn.name !== "string") invalid(`${path}.function.name`, "a string", fn.name);
  const args = fn.arguments;
  let argumentsText: string;
  if (typeof args === "string") argumentsText = args;
  else if (args === undefined || args === null) argumentsText = "{}";
  else argumentsText = JSON.stringify(args);
  return { id: value.id, name: fn.name, arguments: argumentsText };
}

// ---------------------------------------------------------------------------------------------
// Tools, tool choice, response format

function normalizeTools(value: unknown): PromptTool[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) invalid(`${ROOT}.tools`, "an array", value);
  return value.map((t, i) => normalizeTool(t, `${ROOT}.tools[${i}]`));
}

function normalizeTool(value: unknown, path: string): PromptTool {
  if (!isRecord(value)) invalid(path, "an object", value);
  if (value.type !== "function") {
    throw new PromptError({
      code: "unsupported",
      vendor: VENDOR,
      operation: OPERATION,
      message: `Helicone prompt body: ${path}.type ${describeShort(value.type)} is a tool kind polyprompt cannot represent (supported: "function").`,
    });
  }
  const fn = value.function;
  if (!isRecord(fn)) invalid(`${path}.function`, "an object", fn);
  if (typeof fn.name !== "string") invalid(`${path}.function.name`, "a string", fn.name);
  const tool: PromptTool = { name: fn.name };
  if (fn.description !== undefined && fn.description !== null) {
    if (typeof fn.description !== "string") invalid(`${path}.function.description`, "a string", fn.description);
    tool.description = fn.description;
  }
  if (fn.parameters !== undefined && fn.parameters !== null) {
    if (!isRecord(fn.parameters)) invalid(`${path}.function.parameters`, "an object", fn.parameters);
    tool.parameters = fn.parameters as JsonSchema;
  }
  if (fn.strict !== undefined && fn.strict !== null) {
    if (typeof fn.strict !== "boolean") invalid(`${path}.function.strict`, "a boolean", fn.strict);
    tool.strict = fn.strict;
  }
  return tool;
}

function normalizeToolChoice(value: unknown): ToolChoice | undefined {
  const path = `${ROOT}.tool_choice`;
  if (value === undefined || value === null) return undefined;
  if (value === "auto" || value === "none" || value === "required") return value;
  if (isRecord(value) && value.type === "function" && isRecord(value.function)) {
    if (typeof value.function.name !== "string") invalid(`${path}.function.name`, "a string", value.function.name);
    return { type: "tool", name: value.function.name };
  }
  return invalid(path, '"auto", "none", "required" or {type:"function", function:{name}}', value);
}

function normalizeResponseFormat(value: unknown): ResponseFormat | undefined {
  const path = `${ROOT}.response_format`;
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) invalid(path, "an object", value);
  switch (value.type) {
    case "text":
      return { type: "text" };
    case "json_object":
      return { type: "json_object" };
    case "json_schema": {
      const js = value.json_schema;
      if (!isRecord(js)) invalid(`${path}.json_schema`, "an object", js);
      if (!isRecord(js.schema)) invalid(`${path}.json_schema.schema`, "an object", js.schema);
      const format: ResponseFormat = { type: "json_schema", schema: js.schema as JsonSchema };
      if (js.name !== undefined && js.name !== null) {
        if (typeof js.name !== "string") invalid(`${path}.json_schema.name`, "a string", js.name);
        format.name = js.name;
      }
      if (js.description !== undefined && js.description !== null) {
        if (typeof js.description !== "string") invalid(`${path}.json_schema.description`, "a string", js.description);
        format.description = js.description;
      }
      if (js.strict !== undefined && js.strict !== null) {
        if (typeof js.strict !== "boolean") invalid(`${path}.json_schema.strict`, "a boolean", js.strict);
        format.strict = js.strict;
      }
      return format;
    }
    default:
      return invalid(`${path}.type`, '"text", "json_object" or "json_schema"', value.type);
  }
}

// ---------------------------------------------------------------------------------------------
// Parameters

function normalizeParams(body: Record<string, unknown>): PromptParams {
  const params: PromptParams = {};
  const extra: Record<string, unknown> = {};
  const num = (key: string): number | undefined => {
    const v = body[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "number" || !Number.isFinite(v)) invalid(`${ROOT}.${key}`, "a number", v);
    return v;
  };
  const set = <K extends keyof PromptParams>(key: K, value: PromptParams[K] | undefined): void => {
    if (value !== undefined) params[key] = value;
  };

  set("temperature", num("temperature"));
  // `max_completion_tokens` is the newer name; when both are set, it wins and `max_tokens`
  // stays in `extra` so nothing is lost.
  const maxCompletion = num("max_completion_tokens");
  const maxTokens = num("max_tokens");
  set("maxTokens", maxCompletion ?? maxTokens);
  set("topP", num("top_p"));
  set("seed", num("seed"));
  set("frequencyPenalty", num("frequency_penalty"));
  set("presencePenalty", num("presence_penalty"));

  const stop = body.stop;
  if (typeof stop === "string") params.stop = [stop];
  else if (Array.isArray(stop)) {
    stop.forEach((s, i) => {
      if (typeof s !== "string") invalid(`${ROOT}.stop[${i}]`, "a string", s);
    });
    params.stop = [...(stop as string[])];
  } else if (stop !== undefined && stop !== null) invalid(`${ROOT}.stop`, "a string or an array of strings", stop);

  const ptc = body.parallel_tool_calls;
  if (ptc !== undefined && ptc !== null) {
    if (typeof ptc !== "boolean") invalid(`${ROOT}.parallel_tool_calls`, "a boolean", ptc);
    params.parallelToolCalls = ptc;
  }
  const effort = body.reasoning_effort;
  if (effort !== undefined && effort !== null) {
    if (typeof effort !== "string") invalid(`${ROOT}.reasoning_effort`, "a string", effort);
    params.reasoningEffort = effort;
  }

  const mapped = new Set([
    "temperature",
    "max_completion_tokens",
    "top_p",
    "seed",
    "frequency_penalty",
    "presence_penalty",
    "stop",
    "parallel_tool_calls",
    "reasoning_effort",
  ]);
  // `max_tokens` is mapped unless `max_completion_tokens` took the slot.
  if (maxCompletion === undefined) mapped.add("max_tokens");
  for (const key of Object.keys(body)) {
    if (STRUCTURAL_KEYS.has(key) || mapped.has(key)) continue;
    const v = body[key];
    if (v === undefined) continue;
    // defineProperty: a key named "__proto__" must stay a plain key.
    Object.defineProperty(extra, key, { value: v, enumerable: true, writable: true, configurable: true });
  }
  if (Object.keys(extra).length > 0) params.extra = extra;
  return params;
}

// ---------------------------------------------------------------------------------------------
// Helpers

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describeShort(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "string") return value.length > 40 ? JSON.stringify(`${value.slice(0, 37)}...`) : JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return typeof value;
}

function invalid(path: string, expected: string, received: unknown): never {
  throw new PromptError({
    code: "invalid_response",
    vendor: VENDOR,
    operation: OPERATION,
    message: `Helicone prompt body: ${path} should be ${expected}, got ${describeShort(received)}.`,
  });
}
