import type { TelaHistoryItem, TelaMessage, TelaPromptVersion } from "@polyprompt/tela-types";
import type { TelaVersionPayload } from "./shapes.js";
import type { VendorPromptVersion, VendorPromptVersionInfo } from "../../contract/vendor.js";
import type { PromptMessage, PromptParams, PromptVariable, ResponseFormat } from "../../model/types.js";
import { isoDate } from "../../model/iso-date.js";
import { setOwn } from "../../model/json-value.js";
import { hasParamKind, OPENAI_PARAMS, paramLookup } from "../../model/openai-params.js";
import { chatRole } from "../../model/roles.js";
import { telaTemplate } from "./template.js";

export const TELA = "tela";

/** Configuration keys that are not model parameters. */
const CONFIG_KEYS = new Set(["model", "type", "structuredOutput", "temperature"]);
/**
 * Quirk: Tela's configuration is open; beside `temperature` it may carry more parameters.
 * Tela writes camelCase, some clients snake_case; both are read (fixture
 * content-only.json). A lookup without prototype: `constructor` finds nothing.
 */
const PARAM_KEYS = /* @__PURE__ */ paramLookup(["maxTokens", "topP", "topK", "seed", "stop", "frequencyPenalty", "presencePenalty"], {
  camel: true,
  snake: true,
});

/**
 * A full Tela version (from `/prompt-version/{id}`, promoted-version or latest-version) in the
 * normalized model. `listed` is the version's history entry, when the adapter looked it up.
 */
export function normalizeTelaVersion(payload: TelaVersionPayload, raw: unknown[], listed?: TelaHistoryItem): VendorPromptVersion {
  const config = payload.configuration;
  const responseFormat = structuredOutputFormat(config.structuredOutput);
  // Quirk: the by-id route of older deployments carries neither versionIndex nor
  // environments; the history entry has both.
  const merged = listed
    ? { ...payload, versionIndex: payload.versionIndex ?? listed.versionIndex, environments: payload.environments ?? listed.environments }
    : payload;
  return {
    ...normalizeInfo(merged, raw),
    template: telaTemplate.syntax,
    type: config.type,
    params: params(config),
    messages: messages(payload),
    tools: [],
    ...(responseFormat ? { responseFormat } : {}),
    variables: payload.variables.map(variable),
  };
}

/**
 * A prompt's history (no content) as version metadata, newest first.
 *
 * Quirk: a legacy canvas is live through `promoted: true` rather than a production
 * publication, and may carry the flag on several versions; Tela serves the most recently
 * updated one, so that one alone is listed in "production".
 */
export function normalizeTelaHistory(items: TelaHistoryItem[]): VendorPromptVersionInfo[] {
  const infos = items.map((item) => normalizeInfo(item, [item]));
  if (!infos.some((info) => info.environments.includes("production"))) {
    const live = items
      .map((item, index) => ({ item, index }))
      .filter(({ item }) => item.promoted === true)
      .sort((a, b) => (b.item.updatedAt ?? b.item.createdAt ?? "").localeCompare(a.item.updatedAt ?? a.item.createdAt ?? ""))[0];
    if (live) infos[live.index]!.environments.unshift("production");
  }
  return infos;
}

/** The version Tela serves as production: listed in "production" whether published or legacy-promoted. */
export function asProduction(version: VendorPromptVersion): VendorPromptVersion {
  return version.environments.includes("production") ? version : { ...version, environments: ["production", ...version.environments] };
}

function normalizeInfo(
  payload: Pick<
    TelaPromptVersion,
    "id" | "promptId" | "draft" | "promoted" | "environments" | "versionIndex" | "createdAt" | "updatedAt"
  > & {
    title?: string;
    configuration?: TelaPromptVersion["configuration"];
  },
  raw: unknown[],
): VendorPromptVersionInfo {
  const environments = [...(payload.environments ?? [])];
  return {
    vendor: TELA,
    promptId: payload.promptId,
    versionId: payload.id,
    version: payload.versionIndex === undefined ? "" : String(payload.versionIndex),
    environments,
    draft: payload.draft === true,
    ...(payload.title !== undefined ? { title: payload.title } : {}),
    ...(payload.configuration?.model !== undefined ? { model: payload.configuration.model } : {}),
    createdAt: payload.createdAt === undefined ? "" : isoDate(payload.createdAt),
    ...(payload.updatedAt !== undefined ? { updatedAt: isoDate(payload.updatedAt) } : {}),
    raw,
  };
}

/**
 * Quirk: a version's text can sit in four places. Newest first: the singular `message`
 * (the system message), the deprecated `messages` (one object or an array), and when
 * neither is there, `content` (or `markdownContent`).
 */
function messages(payload: TelaVersionPayload): PromptMessage[] {
  const listed = payload.message
    ? [payload.message]
    : payload.messages === undefined
      ? []
      : Array.isArray(payload.messages)
        ? payload.messages
        : [payload.messages];
  if (listed.length > 0) {
    return [...listed].sort((a, b) => (a.index ?? 0) - (b.index ?? 0)).map(message);
  }
  const text = payload.content ?? payload.markdownContent;
  if (text === null || text === undefined || text === "") return [];
  // A completion-type canvas's text is the user's prompt; a chat canvas's is its system prompt.
  return [{ role: payload.configuration.type === "completion" ? "user" : "system", content: text }];
}

function message(m: TelaMessage): PromptMessage {
  // Tela still lists OpenAI's legacy `function` role; its modern name is `tool`. The shape
  // admits only Tela's four roles, so the lookup always finds one.
  return { role: chatRole(m.role) ?? "system", content: m.content ?? m.markdownContent ?? "" };
}

function variable(v: TelaPromptVersion["variables"][number]): PromptVariable {
  return {
    name: v.name,
    // Tela calls plain text "text"; the model calls it "string", as Helicone does.
    type: v.type === "text" ? "string" : v.type,
    required: v.required,
    ...(v.description !== undefined ? { description: v.description } : {}),
  };
}

/** A parameter of the wrong type is not refused: it stays in `extra` under its own key. */
function params(config: TelaPromptVersion["configuration"]): PromptParams {
  const out: Record<string, unknown> = {};
  const extra: Record<string, unknown> = {};
  if (config.temperature !== undefined) out.temperature = config.temperature;
  for (const [key, value] of Object.entries(config)) {
    if (CONFIG_KEYS.has(key) || value === undefined) continue;
    const mapped = PARAM_KEYS.get(key);
    if (mapped !== undefined && hasParamKind(OPENAI_PARAMS[mapped].kind, value))
      out[mapped] = mapped === "stop" && typeof value === "string" ? [value] : value;
    // A key named `__proto__` stays a plain key of `extra`.
    else setOwn(extra, key, value);
  }
  if (Object.keys(extra).length > 0) out.extra = extra;
  return out as PromptParams;
}

function structuredOutputFormat(structured: TelaPromptVersion["configuration"]["structuredOutput"]): ResponseFormat | undefined {
  if (!structured?.enabled || !structured.schema) return undefined;
  return { type: "json_schema", schema: structured.schema };
}
