/**
 * Compiling a Helicone version: every templated string is parsed once into literals and
 * references to variable slots, and JSON (tool parameters, response schemas) into a tree in
 * which subtrees without tags are deep-copied and frozen once, to be shared by every render.
 */
import type { TemplateInclude } from "../../contract/template-engine.js";
import type { ContentPart, PromptMessage, PromptTool, PromptVersion, ResponseFormat, ToolChoice } from "../../model/types.js";
import { parsePartialTags, parseVariableTags, type TextWithPartials, type TextWithVariables } from "./template-parse.js";
import { withoutPlaceholders } from "../../render/placeholders.js";

/** Where a variable is inserted, which decides what its value must be convertible to. */
export type VariablePosition = "text" | "json" | "key";

/** One distinct variable of a prompt. */
export interface VariableSlot {
  readonly name: string;
  /** The type of the name's first occurrence. */
  readonly type: string;
  /** Inserted inside a string: its value must be writable as text. */
  usedInText: boolean;
  /** A JSON string that is exactly this tag: its value must be writable as JSON. */
  usedAsJsonValue: boolean;
  /** A JSON key that is exactly this tag: its value must be a string. */
  usedAsKey: boolean;
}

/** The distinct variables of a prompt, numbered in order of first occurrence; the first type wins. */
export class VariableTable {
  readonly slotByName = new Map<string, number>();
  readonly slots: VariableSlot[] = [];

  /** The slot number of `name`, added with `type` if new, and marked as used in `position`. */
  slotOf(name: string, type: string, position: VariablePosition): number {
    let slot = this.slotByName.get(name);
    if (slot === undefined) {
      slot = this.slots.length;
      this.slotByName.set(name, slot);
      this.slots.push(newSlot(name, type, position));
      return slot;
    }
    markUse(this.slots[slot]!, position);
    return slot;
  }
}

/** A slot for a name, used in `position`. */
export function newSlot(name: string, type: string, position: VariablePosition): VariableSlot {
  const slot: VariableSlot = { name, type, usedInText: false, usedAsJsonValue: false, usedAsKey: false };
  markUse(slot, position);
  return slot;
}

function markUse(slot: VariableSlot, position: VariablePosition): void {
  if (position === "text") slot.usedInText = true;
  else if (position === "json") slot.usedAsJsonValue = true;
  else slot.usedAsKey = true;
}

/** A variable tag in compiled text: which slot fills it, and the tag as written (for keep mode). */
export interface VariableReference {
  readonly slot: number;
  readonly raw: string;
}

/** A string parsed once: `segments === null` means "no tag, use `source` as it is". */
export interface CompiledText {
  readonly source: string;
  readonly segments: readonly (string | VariableReference)[] | null;
}

/** A message text: its variables parsed from the source; `partials` set when it holds partials. */
export interface MessageText {
  readonly text: CompiledText;
  readonly partials: TextWithPartials | null;
}

export type CompiledPart = { readonly text: MessageText } | { readonly other: ContentPart };

export interface CompiledMessage {
  /** The message without `content` (and with `toolCalls` copied), frozen. */
  readonly base: Readonly<Omit<PromptMessage, "content">>;
  readonly content: MessageText | readonly CompiledPart[];
}

/** A JSON value with tags: only containers on a path to a tag are rebuilt on render. */
export type JsonTemplate =
  /** No tag inside: the value itself, deep-frozen and shared by every render. */
  | { readonly kind: "fixed"; readonly value: unknown }
  /** A string with tags among other text: rendered as text. */
  | { readonly kind: "text"; readonly text: CompiledText }
  /** A string that is exactly one tag: replaced by the variable's JSON value. */
  | { readonly kind: "variable"; readonly slot: number; readonly raw: string }
  | { readonly kind: "array"; readonly items: readonly JsonTemplate[] }
  | { readonly kind: "object"; readonly entries: readonly JsonEntryTemplate[] };

/** An object key, with the same three cases as a string value; a whole-tag key takes a string. */
export type JsonKeyTemplate =
  | { readonly kind: "fixed"; readonly key: string }
  | { readonly kind: "text"; readonly text: CompiledText }
  | { readonly kind: "variable"; readonly slot: number; readonly raw: string };

export interface JsonEntryTemplate {
  readonly key: JsonKeyTemplate;
  readonly value: JsonTemplate;
}

export interface CompiledTool {
  readonly name: CompiledText;
  readonly description: CompiledText | undefined;
  readonly parameters: JsonTemplate | undefined;
  readonly strict: boolean | undefined;
}

export type CompiledResponseFormat =
  | { readonly kind: "simple"; readonly type: "text" | "json_object" }
  | {
      readonly kind: "schema";
      readonly name: CompiledText | undefined;
      readonly description: CompiledText | undefined;
      readonly schema: JsonTemplate;
      readonly strict: boolean | undefined;
    };

/** Everything a render needs, built once per version. */
export interface CompiledVersion {
  readonly variables: VariableTable;
  readonly messages: readonly CompiledMessage[];
  readonly tools: readonly CompiledTool[];
  readonly responseFormat: CompiledResponseFormat | undefined;
  readonly toolChoice: ToolChoice | undefined;
  readonly includes: readonly TemplateInclude[];
  /** The message texts that hold partials, in order. */
  readonly textsWithPartials: readonly MessageText[];
}

/** Sets an own property, even `__proto__`. */
export function setOwnProperty(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** Compiled text from already-found tags, each registered in `table` as used in `position`. */
export function toCompiledText(
  source: string,
  parsed: TextWithVariables | null,
  table: VariableTable,
  position: VariablePosition,
): CompiledText {
  if (parsed === null) return { source, segments: null };
  return {
    source,
    segments: parsed.map((segment) =>
      typeof segment === "string" ? segment : { slot: table.slotOf(segment.name, segment.type, position), raw: segment.raw },
    ),
  };
}

/** Parses a string whose tags are inserted as text. */
export function compileText(source: string, table: VariableTable): CompiledText {
  return toCompiledText(source, parseVariableTags(source), table, "text");
}

/** Parses a JSON value: strings and keys are templated, everything else kept. */
export function compileJson(value: unknown, table: VariableTable): JsonTemplate {
  if (typeof value === "string") {
    const parsed = parseVariableTags(value);
    if (parsed === null) return { kind: "fixed", value };
    const only = parsed.length === 1 ? parsed[0] : undefined;
    if (only !== undefined && typeof only !== "string") {
      return { kind: "variable", slot: table.slotOf(only.name, only.type, "json"), raw: only.raw };
    }
    return { kind: "text", text: toCompiledText(value, parsed, table, "text") };
  }
  if (Array.isArray(value)) {
    const items = value.map((item) => compileJson(item, table));
    if (items.every((item) => item.kind === "fixed")) {
      return { kind: "fixed", value: Object.freeze(items.map((item) => (item as { value: unknown }).value)) };
    }
    return { kind: "array", items };
  }
  if (typeof value === "object" && value !== null) {
    const entries: JsonEntryTemplate[] = [];
    let isFixed = true;
    for (const key of Object.keys(value)) {
      const keyTemplate = compileKey(key, table);
      if (keyTemplate.kind !== "fixed") isFixed = false;
      const valueTemplate = compileJson((value as Record<string, unknown>)[key], table);
      if (valueTemplate.kind !== "fixed") isFixed = false;
      entries.push({ key: keyTemplate, value: valueTemplate });
    }
    if (isFixed) {
      const copy: Record<string, unknown> = {};
      for (const entry of entries) {
        setOwnProperty(copy, (entry.key as { key: string }).key, (entry.value as { value: unknown }).value);
      }
      return { kind: "fixed", value: Object.freeze(copy) };
    }
    return { kind: "object", entries };
  }
  return { kind: "fixed", value };
}

function compileKey(key: string, table: VariableTable): JsonKeyTemplate {
  const parsed = parseVariableTags(key);
  if (parsed === null) return { kind: "fixed", key };
  const only = parsed.length === 1 ? parsed[0] : undefined;
  return only !== undefined && typeof only !== "string"
    ? { kind: "variable", slot: table.slotOf(only.name, only.type, "key"), raw: only.raw }
    : { kind: "text", text: toCompiledText(key, parsed, table, "text") };
}

/**
 * Compiles a version's messages, tools and response format. `vendor` is the vendor of the
 * prompts its partials include.
 */
export function compileVersion(version: PromptVersion, vendor: string): CompiledVersion {
  const variables = new VariableTable();
  const includes = new Map<string, TemplateInclude>();
  const textsWithPartials: MessageText[] = [];

  const compileMessageText = (source: string): MessageText => {
    const partials = parsePartialTags(source);
    const messageText: MessageText = { text: compileText(source, variables), partials };
    if (partials !== null) {
      textsWithPartials.push(messageText);
      for (const segment of partials) {
        if (typeof segment === "string" || includes.has(segment.key)) continue;
        const ref: TemplateInclude["ref"] = { vendor, promptId: segment.promptId };
        if (segment.environment !== undefined) ref.environment = segment.environment;
        includes.set(segment.key, { key: segment.key, ref: Object.freeze(ref), messageIndex: segment.messageIndex });
      }
    }
    return messageText;
  };

  const compileMessage = (message: PromptMessage): CompiledMessage => {
    const { content, ...rest } = message;
    const base: Omit<PromptMessage, "content"> = { ...rest };
    if (rest.toolCalls !== undefined) base.toolCalls = rest.toolCalls.map((call) => Object.freeze({ ...call }));
    let compiled: MessageText | CompiledPart[];
    if (typeof content === "string") compiled = compileMessageText(content);
    else if (Array.isArray(content)) {
      compiled = content.map(
        (part): CompiledPart =>
          part.type === "text" && typeof part.text === "string"
            ? { text: compileMessageText(part.text) }
            : { other: Object.freeze({ ...part }) },
      );
    } else compiled = compileMessageText("");
    return { base: Object.freeze(base), content: compiled };
  };

  const compileTool = (tool: PromptTool): CompiledTool => ({
    name: compileText(tool.name, variables),
    description: tool.description === undefined ? undefined : compileText(tool.description, variables),
    parameters: tool.parameters === undefined ? undefined : compileJson(tool.parameters, variables),
    strict: tool.strict,
  });

  const compileResponseFormat = (format: ResponseFormat): CompiledResponseFormat => {
    if (format.type !== "json_schema") return { kind: "simple", type: format.type };
    return {
      kind: "schema",
      name: format.name === undefined ? undefined : compileText(format.name, variables),
      description: format.description === undefined ? undefined : compileText(format.description, variables),
      schema: compileJson(format.schema, variables),
      strict: format.strict,
    };
  };

  // Order matters: a name's type is that of its first occurrence (messages, tools, format).
  const messages = withoutPlaceholders(version.messages ?? [], "helicone").map(compileMessage);
  const tools = (version.tools ?? []).map(compileTool);
  const responseFormat = version.responseFormat === undefined ? undefined : compileResponseFormat(version.responseFormat);
  return {
    variables,
    messages,
    tools,
    responseFormat,
    toolChoice: version.toolChoice,
    includes: Object.freeze([...includes.values()].map((include) => Object.freeze(include))),
    textsWithPartials,
  };
}

/** Whether a message's content is one text (not a list of parts). */
export function isMessageText(content: MessageText | readonly CompiledPart[]): content is MessageText {
  return !Array.isArray(content);
}
