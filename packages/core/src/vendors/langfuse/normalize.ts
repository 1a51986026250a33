/**
 * Langfuse prompt versions → the normalized model.
 *
 * A Langfuse version is a text prompt (one template string) or a chat prompt (messages and
 * placeholders), with a free-form `config`. By convention teams keep OpenAI-style settings in
 * `config` (`model`, `temperature`, `max_tokens`, `tools`, `tool_choice`, `response_format` or
 * `json_schema`); nothing enforces it, so each conventional key is mapped only when it has a
 * form the model can hold, and otherwise kept in `params.extra` under its own key: nothing is
 * lost, and a config the model cannot read never makes a prompt unreadable.
 */
import type { LangfuseChatMessageWithPlaceholders, LangfusePrompt } from "@polyprompt/langfuse-types";
import type { VendorPromptVersion, VendorPromptVersionInfo } from "../../contract/vendor.js";
import { PromptError } from "../../errors/prompt-error.js";
import { isoDate } from "../../model/iso-date.js";
import { describeShort, isRecord, setOwn } from "../../model/json-value.js";
import { hasParamKind, OPENAI_PARAMS, PARAM_NAMES, type ParamName } from "../../model/openai-params.js";
import { CHAT_ROLES, chatRole } from "../../model/roles.js";
import type {
  JsonSchema,
  PromptParams,
  PromptTool,
  PromptVariable,
  ResponseFormat,
  ToolChoice,
  VersionMessage,
} from "../../model/types.js";
import { langfuseTemplate, langfuseVariables } from "./template.js";

export const LANGFUSE = "langfuse";

/**
 * The label Langfuse maintains on the newest version. It is the `@latest` selector, not an
 * environment, so it is left out of `environments` (it stays in `raw`).
 */
export const LATEST_LABEL = "latest";

/** The model parts of a Langfuse `config`. */
export type NormalizedLangfuseConfig = Pick<VendorPromptVersion, "model" | "params" | "tools" | "toolChoice" | "responseFormat"> & {
  /** Variable types polyprompt recorded under `config.polyprompt.variables` (Langfuse has no slot for them). */
  declaredVariables?: PromptVariable[];
};

/**
 * A Langfuse version with its body in the normalized model. `raw` is every payload it was
 * built from, in request order.
 *
 * - A text prompt is one `user` message, with `type: "completion"`: it is the whole request,
 *   so OpenAI and Anthropic both get it as the user's turn.
 * - A chat prompt's messages keep their order; `{ type: "placeholder", name }` becomes
 *   `{ role: "placeholder", name }`, filled with the caller's messages at render time.
 * - `version` and `versionId` are both the version number as a string (`"3"`).
 * - `labels` → `environments`, without `latest`.
 *
 * @example
 * normalizeLangfuseVersion({ type: "text", name: "welcome", version: 2, prompt: "Hi {{name}}", config: {}, labels: ["production"], tags: [] }, []);
 * // → { promptId: "welcome", versionId: "2", version: "2", environments: ["production"], type: "completion",
 * //     messages: [{ role: "user", content: "Hi {{name}}" }], variables: [{ name: "name", … }], … }
 */
export function normalizeLangfuseVersion(payload: LangfusePrompt, raw: unknown[]): VendorPromptVersion {
  const messages: VersionMessage[] =
    payload.type === "text" ? [{ role: "user", content: payload.prompt }] : payload.prompt.map((m, i) => chatMessage(m, i));
  const config = normalizeLangfuseConfig(payload.config);
  return {
    ...normalizeLangfuseInfo(payload, raw),
    ...(config.model !== undefined ? { model: config.model } : {}),
    template: langfuseTemplate.syntax,
    type: payload.type === "text" ? "completion" : "chat",
    params: config.params,
    messages,
    tools: config.tools,
    ...(config.toolChoice !== undefined ? { toolChoice: config.toolChoice } : {}),
    ...(config.responseFormat !== undefined ? { responseFormat: config.responseFormat } : {}),
    variables: withDeclaredTypes(langfuseVariables(messages), config.declaredVariables),
  };
}

/**
 * A version's metadata. `createdAt` and `updatedAt` are undocumented fields the API sends; they
 * are read when present, and `createdAt` is `""` otherwise.
 */
export function normalizeLangfuseInfo(payload: LangfusePrompt, raw: unknown[]): VendorPromptVersionInfo {
  const extra = payload as { createdAt?: unknown; updatedAt?: unknown };
  const model = isRecord(payload.config) && typeof payload.config.model === "string" ? payload.config.model : undefined;
  return {
    vendor: LANGFUSE,
    promptId: payload.name,
    versionId: String(payload.version),
    version: String(payload.version),
    environments: payload.labels.filter((label) => label !== LATEST_LABEL),
    draft: false,
    ...(typeof payload.commitMessage === "string" && payload.commitMessage !== "" ? { commitMessage: payload.commitMessage } : {}),
    ...(model !== undefined ? { model } : {}),
    createdAt: typeof extra.createdAt === "string" ? isoDate(extra.createdAt) : "",
    ...(typeof extra.updatedAt === "string" ? { updatedAt: isoDate(extra.updatedAt) } : {}),
    raw,
  };
}

function chatMessage(message: LangfuseChatMessageWithPlaceholders, index: number): VersionMessage {
  if ("name" in message && message.type === "placeholder") return { role: "placeholder", name: message.name };
  const { role, content } = message as { role: string; content: string };
  // Langfuse takes any role string; the model (and every provider) knows only these.
  const mapped = chatRole(role);
  if (mapped === undefined) {
    throw new PromptError({
      code: "invalid_response",
      vendor: LANGFUSE,
      operation: "normalize",
      message: `Langfuse prompt: prompt[${index}].role should be one of ${Object.keys(CHAT_ROLES)
        .map((r) => JSON.stringify(r))
        .join(", ")}, got ${describeShort(role)}.`,
    });
  }
  return { role: mapped, content };
}

// ---------------------------------------------------------------------------------------------
// config

/** Each parameter by its OpenAI wire key (`max_tokens`) and its camelCase name (`maxTokens`). */
const PARAM_KEYS: ReadonlyMap<string, ParamName> = /* @__PURE__ */ (() =>
  new Map(PARAM_NAMES.flatMap((name) => [[OPENAI_PARAMS[name].wire, name] as const, [name, name] as const])))();

/**
 * Maps a free-form `config` to the model: `model`, parameters through the shared OpenAI map
 * (snake_case or camelCase), `tools`, `tool_choice`, `response_format` or a top-level
 * `json_schema`. A key that is absent, `null`, or in a form the model cannot hold is kept as
 * it is in `params.extra`; so is every other key. A config that is not an object is kept
 * whole as `params.extra.config`.
 *
 * - `max_completion_tokens` becomes `maxTokens` (it wins over `max_tokens`) and stays in
 *   `extra`, so `toOpenAIChat` sends it under the same name; `max_tokens` then stays in `extra`.
 * - `tools`: OpenAI function tools `{ type: "function", function: { name, … } }` or flat
 *   `{ name, description?, parameters? }` (also `input_schema`); all or nothing.
 * - `json_schema`: OpenAI's `{ name, schema, strict? }`, or a bare JSON Schema; `response_format`
 *   wins when both are given.
 *
 * @example
 * normalizeLangfuseConfig({ model: "gpt-4o", temperature: 0.2, max_tokens: 300, provider: "azure" });
 * // → { model: "gpt-4o", params: { temperature: 0.2, maxTokens: 300, extra: { provider: "azure" } }, tools: [] }
 */
export function normalizeLangfuseConfig(config: unknown): NormalizedLangfuseConfig {
  if (config === undefined || config === null) return { params: {}, tools: [] };
  if (!isRecord(config)) return { params: { extra: { config } }, tools: [] };
  const out: NormalizedLangfuseConfig = { params: {}, tools: [] };
  const params: Record<string, unknown> = {};
  const extra: Record<string, unknown> = {};
  const keep = (key: string) => setOwn(extra, key, config[key]);
  /** Which config key each mapped parameter came from. */
  const from = new Map<ParamName, string>();

  for (const key of Object.keys(config)) {
    const value = config[key];
    if (value === undefined) continue;
    switch (key) {
      case "model":
        if (typeof value === "string") out.model = value;
        else keep(key);
        continue;
      case "tools": {
        const tools = readTools(value);
        if (tools) out.tools = tools;
        else keep(key);
        continue;
      }
      case "tool_choice": {
        const choice = readToolChoice(value);
        if (choice) out.toolChoice = choice;
        else keep(key);
        continue;
      }
      case "response_format": {
        const format = readResponseFormat(value);
        if (format) out.responseFormat = format;
        else keep(key);
        continue;
      }
      case POLYPROMPT_CONFIG_KEY: {
        const declared = readDeclaredVariables(value);
        if (declared) out.declaredVariables = declared;
        else keep(key);
        continue;
      }
      case "json_schema":
      case "max_completion_tokens":
        continue; // read below, once the keys they compete with are known
    }
    const name = PARAM_KEYS.get(key);
    // The first spelling wins (`max_tokens` over a later `maxTokens`); the other stays in extra.
    if (name !== undefined && params[name] === undefined && value !== null && hasParamKind(OPENAI_PARAMS[name].kind, value)) {
      params[name] = name === "stop" ? (typeof value === "string" ? [value] : [...(value as string[])]) : value;
      from.set(name, key);
    } else keep(key);
  }

  const maxCompletion = config.max_completion_tokens;
  if (maxCompletion !== undefined) {
    keep("max_completion_tokens");
    if (hasParamKind("number", maxCompletion)) {
      const replaced = from.get("maxTokens");
      if (replaced !== undefined) keep(replaced);
      params.maxTokens = maxCompletion;
    }
  }
  if (config.json_schema !== undefined) {
    const format = out.responseFormat === undefined ? readJsonSchema(config.json_schema) : undefined;
    if (format) out.responseFormat = format;
    else keep("json_schema");
  }
  if (Object.keys(extra).length > 0) params.extra = extra;
  out.params = params as PromptParams;
  return out;
}

/**
 * The config key under which polyprompt's Langfuse writer records what Langfuse has no slot for:
 * `{ variables: [{ name, type, required, description? }] }`, so typed variables written from
 * another vendor keep their types.
 */
export const POLYPROMPT_CONFIG_KEY = "polyprompt";

function readDeclaredVariables(value: unknown): PromptVariable[] | undefined {
  if (!isRecord(value) || !Array.isArray(value.variables)) return undefined;
  const variables: PromptVariable[] = [];
  for (const item of value.variables) {
    if (!isRecord(item) || typeof item.name !== "string" || typeof item.type !== "string") return undefined;
    variables.push({
      name: item.name,
      type: item.type,
      required: item.required !== false,
      ...(typeof item.description === "string" ? { description: item.description } : {}),
    });
  }
  return variables;
}

/** The variables the templates use, with the types declared in the config where it declares them. */
function withDeclaredTypes(used: PromptVariable[], declared: PromptVariable[] | undefined): PromptVariable[] {
  if (!declared) return used;
  const byName = new Map(declared.map((variable) => [variable.name, variable]));
  const merged = used.map((variable) => byName.get(variable.name) ?? variable);
  return [...merged, ...declared.filter((variable) => !used.some((u) => u.name === variable.name))];
}

function readTools(value: unknown): PromptTool[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const tools: PromptTool[] = [];
  for (const item of value) {
    const tool = readTool(item);
    if (!tool) return undefined;
    tools.push(tool);
  }
  return tools;
}

function readTool(value: unknown): PromptTool | undefined {
  if (!isRecord(value)) return undefined;
  // OpenAI's wrapper, or the flat form teams write by hand (and Anthropic's `input_schema`).
  const fn = value.type === "function" && isRecord(value.function) ? value.function : value.type === undefined ? value : undefined;
  if (!fn || typeof fn.name !== "string" || fn.name === "") return undefined;
  const tool: PromptTool = { name: fn.name };
  if (fn.description !== undefined && fn.description !== null) {
    if (typeof fn.description !== "string") return undefined;
    tool.description = fn.description;
  }
  const parameters = fn.parameters ?? fn.input_schema;
  if (parameters !== undefined && parameters !== null) {
    if (!isRecord(parameters)) return undefined;
    tool.parameters = parameters as JsonSchema;
  }
  if (fn.strict !== undefined && fn.strict !== null) {
    if (typeof fn.strict !== "boolean") return undefined;
    tool.strict = fn.strict;
  }
  return tool;
}

function readToolChoice(value: unknown): ToolChoice | undefined {
  if (value === "auto" || value === "none" || value === "required") return value;
  if (!isRecord(value)) return undefined;
  // OpenAI `{ type: "function", function: { name } }`, or the model's own `{ type: "tool", name }`.
  if (value.type === "function" && isRecord(value.function) && typeof value.function.name === "string") {
    return { type: "tool", name: value.function.name };
  }
  if (value.type === "tool" && typeof value.name === "string") return { type: "tool", name: value.name };
  return undefined;
}

function readResponseFormat(value: unknown): ResponseFormat | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case "text":
      return { type: "text" };
    case "json_object":
      return { type: "json_object" };
    case "json_schema":
      return isRecord(value.json_schema) ? readSchemaWrapper(value.json_schema) : undefined;
    default:
      return undefined;
  }
}

/** A top-level `json_schema`: OpenAI's `{ name, schema, strict? }`, or a bare JSON Schema. */
function readJsonSchema(value: unknown): ResponseFormat | undefined {
  if (!isRecord(value)) return undefined;
  return isRecord(value.schema) ? readSchemaWrapper(value) : { type: "json_schema", schema: value as JsonSchema };
}

function readSchemaWrapper(js: Record<string, unknown>): ResponseFormat | undefined {
  if (!isRecord(js.schema)) return undefined;
  const format: ResponseFormat = { type: "json_schema", schema: js.schema as JsonSchema };
  if (js.name !== undefined && js.name !== null) {
    if (typeof js.name !== "string") return undefined;
    format.name = js.name;
  }
  if (js.description !== undefined && js.description !== null) {
    if (typeof js.description !== "string") return undefined;
    format.description = js.description;
  }
  if (js.strict !== undefined && js.strict !== null) {
    if (typeof js.strict !== "boolean") return undefined;
    format.strict = js.strict;
  }
  return format;
}
