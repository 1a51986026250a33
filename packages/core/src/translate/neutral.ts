/**
 * The neutral template form: what every dialect's templates mean, without any dialect's syntax.
 * Each dialect reads its templates into this form and writes it back (see `dialect.ts`);
 * `translateVersion` goes through it. Variable types travel in the version's `variables`.
 */
import type { ContentPart, PlaceholderMessage, PromptMessage, PromptVersion, ResponseFormat } from "../model/types.js";
import type { PromptRefObject } from "../refs/types.js";

/** Literal text, exactly as it renders. */
export interface NeutralTextPart {
  kind: "text";
  text: string;
}
/** A value inserted as text. `type` is set when the dialect writes it in the tag. */
export interface NeutralVariablePart {
  kind: "variable";
  name: string;
  type?: string;
}
/** A Mustache-style section: `body` renders when `name` is truthy (or falsy, when `inverted`). */
export interface NeutralSectionPart {
  kind: "section";
  name: string;
  inverted: boolean;
  body: NeutralText;
}
/** Text taken from message `messageIndex` of another prompt (a partial, a dependency). */
export interface NeutralIncludePart {
  kind: "include";
  ref: PromptRefObject;
  messageIndex: number;
}
export type NeutralPart = NeutralTextPart | NeutralVariablePart | NeutralSectionPart | NeutralIncludePart;
/** One templated text: its parts in order. */
export type NeutralText = NeutralPart[];

/** A JSON value whose strings and keys are templated texts (tool parameters, schemas). */
export type NeutralJson =
  | { kind: "string"; text: NeutralText }
  | { kind: "array"; items: NeutralJson[] }
  | { kind: "object"; entries: { key: NeutralText; value: NeutralJson }[] }
  | { kind: "value"; value: number | boolean | null };

export type NeutralContentPart = { type: "text"; text: NeutralText } | Exclude<ContentPart, { type: "text" }>;
export type NeutralMessage = (Omit<PromptMessage, "content"> & { content: NeutralText | NeutralContentPart[] }) | PlaceholderMessage;

export interface NeutralTool {
  name: NeutralText;
  description?: NeutralText;
  parameters?: NeutralJson;
  strict?: boolean;
}
export type NeutralResponseFormat =
  | Exclude<ResponseFormat, { type: "json_schema" }>
  | { type: "json_schema"; name?: NeutralText; description?: NeutralText; schema: NeutralJson; strict?: boolean };

/** A version with its templates in neutral form; every other field as in `PromptVersion`. */
export interface NeutralVersion extends Omit<PromptVersion, "messages" | "tools" | "responseFormat" | "template"> {
  /** The dialect it was read from. */
  from: string;
  messages: NeutralMessage[];
  tools: NeutralTool[];
  responseFormat?: NeutralResponseFormat;
}

/**
 * The same text with adjacent literals merged and empty literals dropped (in sections too), so
 * two reads that mean the same compare equal.
 *
 * @example
 * normalizeText([{ kind: "text", text: "a" }, { kind: "text", text: "b" }]); // → [{ kind: "text", text: "ab" }]
 */
export function normalizeText(parts: NeutralText): NeutralText {
  const out: NeutralText = [];
  for (const part of parts) {
    if (part.kind === "text") {
      if (part.text === "") continue;
      const last = out[out.length - 1];
      if (last?.kind === "text") out[out.length - 1] = { kind: "text", text: last.text + part.text };
      else out.push({ kind: "text", text: part.text });
    } else if (part.kind === "section") out.push({ ...part, body: normalizeText(part.body) });
    else out.push(part);
  }
  return out;
}

/** Whether message content is one text (not content parts). */
export function isNeutralText(content: NeutralText | NeutralContentPart[]): content is NeutralText {
  return content.every((part) => "kind" in part);
}

/** Plain text as a neutral text. */
export function literal(text: string): NeutralText {
  return text === "" ? [] : [{ kind: "text", text }];
}

/**
 * Whether two texts read the same (after `normalizeText`): same literals, variable names,
 * sections and include targets. Variable types and an include's vendor are not compared: a
 * dialect's tag may carry them or not, and the version's variables carry the types.
 */
export function sameText(a: NeutralText, b: NeutralText): boolean {
  return JSON.stringify(comparable(normalizeText(a))) === JSON.stringify(comparable(normalizeText(b)));
}

function comparable(parts: NeutralText): unknown[] {
  return parts.map((part) => {
    if (part.kind === "variable") return ["variable", part.name];
    if (part.kind === "section") return ["section", part.name, part.inverted, comparable(part.body)];
    if (part.kind === "include")
      return ["include", part.ref.promptId, part.messageIndex, part.ref.environment ?? null, part.ref.version ?? null];
    return ["text", part.text];
  });
}
