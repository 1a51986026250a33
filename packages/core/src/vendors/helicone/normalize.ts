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
import type { HeliconePromptVersion } from "@polyprompt/helicone-types";
import type { VendorPromptVersion, VendorPromptVersionInfo } from "../../contract/vendor.js";
import { PromptError } from "../../errors/prompt-error.js";
import { isoDate } from "../../model/iso-date.js";
import { describeShort, isRecord, setOwn } from "../../model/json-value.js";
import { mediaTypeOfName, OPENAI_FILE_SCHEME, parseDataUrl } from "../../model/media.js";
import { hasParamKind, OPENAI_PARAMS, PARAM_NAMES, type ParamKind } from "../../model/openai-params.js";
import { CHAT_ROLES, chatRole } from "../../model/roles.js";
import { heliconeTemplate, heliconeVariables } from "./template.js";
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
  ToolCall,
  ToolChoice,
} from "../../model/types.js";

/** The model parts of a Helicone prompt body. */
export type NormalizedHeliconeBody = Pick<PromptVersion, "model" | "params" | "tools" | "toolChoice" | "responseFormat"> & {
  messages: PromptMessage[];
};

const ROOT = "prompt_body";
export const HELICONE = "helicone";
const VENDOR = HELICONE;
const OPERATION = "normalize";

/** Keys that are not parameters (they have their own slot in the model). */
const STRUCTURAL_KEYS = new Set(["model", "messages", "tools", "tool_choice", "response_format"]);

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
// Versions

/** A Helicone version's metadata in the normalized model. */
export function normalizeHeliconeInfo(v: HeliconePromptVersion, raw: unknown[]): VendorPromptVersionInfo {
  // Quirk: server builds from before environments became a list send one `environment`
  // (fixture v2-version-legacy-environment.json).
  const environments = v.environments ?? (typeof v.environment === "string" && v.environment !== "" ? [v.environment] : []);
  return {
    vendor: HELICONE,
    promptId: v.prompt_id,
    versionId: v.id,
    version: `${v.major_version}.${v.minor_version}`,
    environments: [...environments],
    draft: false,
    ...(v.commit_message !== "" ? { commitMessage: v.commit_message } : {}),
    ...(v.model !== "" ? { model: v.model } : {}),
    createdAt: isoDate(v.created_at),
    raw,
  };
}

/** A Helicone version with its body (a v2 query answer) in the normalized model. */
export function normalizeHeliconeVersion(v: HeliconePromptVersion, raw: unknown[]): VendorPromptVersion {
  if (v.prompt_body === undefined) {
    throw new PromptError({
      code: "invalid_response",
      vendor: HELICONE,
      operation: "getVersion",
      message: `helicone returned version ${v.id} without its prompt_body (at $.data.prompt_body).`,
    });
  }
  const body = normalizeHeliconeBody(v.prompt_body);
  const info = normalizeHeliconeInfo(v, raw);
  return {
    ...info,
    ...(body.model !== undefined ? { model: body.model } : {}),
    template: heliconeTemplate.syntax,
    params: body.params,
    messages: body.messages,
    tools: body.tools,
    ...(body.toolChoice !== undefined ? { toolChoice: body.toolChoice } : {}),
    ...(body.responseFormat !== undefined ? { responseFormat: body.responseFormat } : {}),
    variables: heliconeVariables(body),
  };
}

// ---------------------------------------------------------------------------------------------
// Messages

/** An optional array of the body (`messages`, `tools`), each item read by `read` with its path. */
function optionalList<T>(value: unknown, key: string, read: (item: unknown, path: string) => T): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) invalid(`${ROOT}.${key}`, "an array", value);
  return value.map((item, i) => read(item, `${ROOT}.${key}[${i}]`));
}

const normalizeMessages = (value: unknown): PromptMessage[] => optionalList(value, "messages", normalizeMessage);

function normalizeMessage(value: unknown, path: string): PromptMessage {
  if (!isRecord(value)) invalid(path, "an object", value);
  // The legacy OpenAI `function` role becomes `tool` (the shared role table).
  const role = chatRole(value.role);
  if (role === undefined) {
    invalid(
      `${path}.role`,
      `one of ${Object.keys(CHAT_ROLES)
        .map((r) => JSON.stringify(r))
        .join(", ")}`,
      value.role,
    );
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

const normalizeTools = (value: unknown): PromptTool[] => optionalList(value, "tools", normalizeTool);

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
  const params: Record<string, unknown> = {};
  const mapped = new Set(STRUCTURAL_KEYS);
  for (const name of PARAM_NAMES) {
    const { wire, kind, openai } = OPENAI_PARAMS[name];
    // A Helicone body is an OpenAI request: parameters OpenAI lacks (`top_k`) stay in `extra`.
    if (!openai) continue;
    mapped.add(wire);
    const value = readParam(body, wire, kind);
    if (value !== undefined) params[name] = value;
  }
  // `max_completion_tokens` is the newer name; when both are set, it wins and `max_tokens`
  // stays in `extra` so nothing is lost.
  mapped.add("max_completion_tokens");
  const maxCompletion = readParam(body, "max_completion_tokens", "number");
  if (maxCompletion !== undefined) {
    params.maxTokens = maxCompletion;
    mapped.delete(OPENAI_PARAMS.maxTokens.wire);
  }
  const extra: Record<string, unknown> = {};
  for (const key of Object.keys(body)) {
    if (mapped.has(key) || body[key] === undefined) continue;
    setOwn(extra, key, body[key]);
  }
  if (Object.keys(extra).length > 0) params.extra = extra;
  return params as PromptParams;
}

/** A parameter's value, checked against its kind; `undefined` when absent or null. */
function readParam(body: Record<string, unknown>, key: string, kind: ParamKind): unknown {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (kind === "stop") {
    if (typeof value === "string") return [value];
    if (!Array.isArray(value)) invalid(`${ROOT}.${key}`, "a string or an array of strings", value);
    value.forEach((s, i) => {
      if (typeof s !== "string") invalid(`${ROOT}.${key}[${i}]`, "a string", s);
    });
    return [...(value as string[])];
  }
  if (!hasParamKind(kind, value)) invalid(`${ROOT}.${key}`, `a ${kind}`, value);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Helpers

function invalid(path: string, expected: string, received: unknown): never {
  throw new PromptError({
    code: "invalid_response",
    vendor: VENDOR,
    operation: OPERATION,
    message: `Helicone prompt body: ${path} should be ${expected}, got ${describeShort(received)}.`,
  });
}
