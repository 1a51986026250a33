/**
 * The normalized prompt model: one shape for every vendor.
 *
 * Vendor adapters turn their payloads into these types; everything after the adapter
 * (cache, renderer, provider output) works on these alone.
 */

/** JSON value, as carried in tool parameters, schemas and `params.extra`. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A JSON Schema object (tool parameters, structured output). Kept open on purpose. */
export type JsonSchema = { [key: string]: unknown };

export type Role = "system" | "developer" | "user" | "assistant" | "tool";

export interface TextPart {
  type: "text";
  text: string;
}
export interface ImagePart {
  type: "image";
  /** An https URL or a data: URL. */
  url: string;
  mimeType?: string;
  detail?: "auto" | "low" | "high";
}
export interface FilePart {
  type: "file";
  /** An https URL, a data: URL or a vendor reference (e.g. `vault://…`). */
  url: string;
  mimeType?: string;
  /** The variable that supplied the file, when it came from one. */
  variable?: string;
}
export type ContentPart = TextPart | ImagePart | FilePart;

export interface ToolCall {
  id: string;
  name: string;
  /** The arguments as the model produced them: a JSON string. */
  arguments: string;
}

export interface PromptMessage {
  role: Role;
  content: string | ContentPart[];
  name?: string;
  /** For `role: "tool"`: the call this message answers. */
  toolCallId?: string;
  /** For `role: "assistant"`: calls the model made (few-shot examples). */
  toolCalls?: ToolCall[];
}

/**
 * A slot in a chat prompt for messages supplied at render time: chat history, few-shot examples.
 * Only versions hold placeholders; a render puts the caller's messages in their place, and never
 * expands templates inside them.
 */
export interface PlaceholderMessage {
  role: "placeholder";
  /** The variable that fills the slot: at render time, `variables[name]` is an array of messages. */
  name: string;
}

/** What a version's `messages` hold: messages, and placeholders filled at render time. */
export type VersionMessage = PromptMessage | PlaceholderMessage;

export interface PromptTool {
  name: string;
  description?: string;
  parameters?: JsonSchema;
  strict?: boolean;
}

export type ToolChoice = "auto" | "none" | "required" | { type: "tool"; name: string };

export type ResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | { type: "json_schema"; name?: string; schema: JsonSchema; strict?: boolean; description?: string };

/**
 * Model parameters, camelCased. Anything the model does not know stays in `extra`
 * under the vendor's own key, so nothing is lost on the way to the provider.
 */
export interface PromptParams {
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  topK?: number;
  stop?: string[];
  seed?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  parallelToolCalls?: boolean;
  reasoningEffort?: string;
  extra?: Record<string, unknown>;
}

/**
 * A variable the prompt expects. `type` is the vendor's own type name: `string`, `number`,
 * `boolean`, any custom name a registry declares; `string` or `file`; `"placeholder"` for a
 * variable that fills a `PlaceholderMessage` with an array of messages.
 */
export interface PromptVariable {
  name: string;
  type: string;
  required: boolean;
  description?: string;
}

/**
 * Where a result came from, so callers can alert on stale or fallback serving. `"bootstrap"`:
 * from the snapshot given as `createPromptClient({ bootstrap })`, served while (or because) the
 * vendor has not answered yet; a background refresh replaces it as soon as the vendor does.
 */
export type PromptSource = "network" | "cache" | "stale" | "fallback" | "bootstrap";

/**
 * The template dialect a version's text is written in. The renderer looks the engine up
 * by this id; each vendor module contributes its own engine.
 */
export type TemplateSyntax = string;

/** A version's metadata, as listed. */
export interface PromptVersionInfo {
  vendor: string;
  promptId: string;
  versionId: string;
  /** Display label: `"2.1"` or `"3"`, as the vendor shows it. */
  version: string;
  environments: string[];
  draft: boolean;
  title?: string;
  commitMessage?: string;
  model?: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601. */
  updatedAt?: string;
  /** The untouched vendor payloads this was built from, in request order. */
  raw: unknown[];
  source: PromptSource;
  /** ISO 8601: when this was fetched from the vendor (not when it was served). */
  fetchedAt: string;
}

/** A version with its body: everything needed to render it. */
export interface PromptVersion extends PromptVersionInfo {
  template: TemplateSyntax;
  /** `"completion"` for single-text prompts (a vendor's completion or text type); absent means chat. */
  type?: "chat" | "completion";
  params: PromptParams;
  /** The template messages, with placeholders where the caller's messages go at render time. */
  messages: VersionMessage[];
  tools: PromptTool[];
  toolChoice?: ToolChoice;
  responseFormat?: ResponseFormat;
  variables: PromptVariable[];
}

/** A rendered prompt: ready for `toOpenAIChat` or `toAnthropicMessages`. */
export interface RenderedPrompt {
  vendor: string;
  promptId: string;
  versionId: string;
  version: string;
  model?: string;
  params: PromptParams;
  messages: PromptMessage[];
  tools: PromptTool[];
  toolChoice?: ToolChoice;
  responseFormat?: ResponseFormat;
  source: PromptSource;
  fetchedAt: string;
}

/** Values for a render. A file variable takes a URL or `{ url, mimeType? }`. */
export type PromptVariables = Record<string, unknown>;
