/**
 * Tela's template dialect.
 *
 * Tela fills variables server-side, so there is no reference client renderer; this engine
 * reproduces what the Canvas editor documents:
 *
 * - **Placeholders are the version's declared variables only** (`version.variables`, names
 *   taken exactly as declared, case-sensitive), written `{name}` (the editor's form) or
 *   `{{name}}` (the form in Tela's API examples). `{{name}}` is matched as a whole before
 *   `{name}`, so it never leaves stray braces. Any other brace text is left exactly as it
 *   is: JSON in a prompt (`{"a": 1}`), `{unknown}`, `{{ name }}`.
 * - **No whitespace inside the braces.** Neither the editor docs nor any API example shows
 *   `{ name }` or `{{ name }}`, and treating it as a placeholder would rewrite JSON-like
 *   text, so it stays literal.
 * - **Only message text is templated**: string contents and text parts. Tela prompts have
 *   no tools, and the structured-output schema is not text the model reads as a template,
 *   so `tools`, `toolChoice` and `responseFormat` pass through unchanged.
 * - **Single pass**: each placeholder is replaced once; a value that itself contains
 *   `{name}` is never expanded again.
 *
 * Values:
 * - text variables (any type but `file`): strings as they are; numbers, booleans and
 *   bigints through `String(v)`; objects and arrays through `JSON.stringify`.
 * - `file` variables: a URL string (`https:`, `data:`, `vault://`…), `{ url, mimeType? }`,
 *   Tela's own wire form `{ file_url }` / `{ fileUrl }` (its `options` are not carried), or
 *   an array of these for several files. A message holding a file placeholder becomes
 *   multi-part content: the text before it, one {@link FilePart} per file (always a
 *   `FilePart`, with `variable` set and `mimeType` only when given; the provider converters
 *   tell images from documents by `mimeType`, `data:` header or URL extension), the text
 *   after it. Text parts left empty by the split are dropped.
 * - A required variable that is `undefined`/`null` (or an empty file array) is a problem;
 *   an optional one renders as `""` (no file for file variables). Values for names that
 *   are not declared are ignored.
 *
 * Problems are collected for every declared variable (used in the text or not) and thrown
 * together as one `invalid_variables` {@link PromptError}. With `missing: "keep"` nothing
 * throws: every missing (required or optional) or mistyped variable leaves its placeholder
 * text in place, so rendering with no values returns the messages unchanged.
 *
 * Placeholders are found in time linear in the text and the declared names
 * (`template-parse.ts`), so no prompt can stall a render.
 *
 * @example
 * const compiled = telaTemplate.compile(version);
 * compiled.render({ query: "Summarize", document: { url: "https://x.test/a.pdf", mimeType: "application/pdf" } });
 */
import { PromptError, type VariableProblem } from "../../errors/prompt-error.js";
import { describe } from "../../http/shape.js";
import type {
  ContentPart,
  FilePart,
  PromptMessage,
  PromptTool,
  PromptVariable,
  PromptVersion,
  ResponseFormat,
  ToolChoice,
} from "../../model/types.js";
import type { CompiledTemplate, RenderedBody, RenderOptions, TemplateEngine } from "../../contract/template-engine.js";
import { PlaceholderFinder, type Segments } from "./template-parse.js";
import { withoutPlaceholders } from "../../render/placeholders.js";

/** What a file variable accepts, as reported in `VariableProblem.expected`. */
export const TELA_FILE_EXPECTED = "file (URL or {url, mimeType})";

type CompiledPart = { readonly text: Segments } | { readonly other: ContentPart };

type CompiledMessage = {
  /** The message without its content, copied at compile time. */
  readonly base: Omit<PromptMessage, "content">;
  /** The raw text, for `includeText`. */
  readonly text: string;
} & ({ readonly segments: Segments } | { readonly parts: readonly CompiledPart[] });

/** How one variable renders this time: as text, as files, or by keeping its placeholder. */
type VariableRendering = { kind: "text"; text: string } | { kind: "files"; files: FilePart[] } | { kind: "keep" };

export const telaTemplate: TemplateEngine = {
  syntax: "tela",
  compile(version: PromptVersion): CompiledTemplate {
    return new TelaCompiledTemplate(version);
  },
};

class TelaCompiledTemplate implements CompiledTemplate {
  readonly includes = Object.freeze([]);
  readonly #vendor: string;
  readonly #label: string;
  readonly #variables: readonly PromptVariable[];
  readonly #messages: readonly CompiledMessage[];
  /** Passed through untemplated; copied per render. Nested schemas are shared: read-only. */
  readonly #tools: readonly PromptTool[];
  readonly #toolChoice: ToolChoice | undefined;
  readonly #responseFormat: ResponseFormat | undefined;

  constructor(version: PromptVersion) {
    this.#vendor = version.vendor;
    this.#label = `${version.vendor}:${version.promptId} (version ${version.version})`;
    const seen = new Set<string>();
    const declared: PromptVariable[] = [];
    for (const variable of version.variables ?? []) {
      if (typeof variable?.name !== "string" || variable.name === "" || seen.has(variable.name)) continue;
      seen.add(variable.name);
      declared.push({ ...variable });
    }
    this.#variables = declared;
    const finder = new PlaceholderFinder(declared.map((v) => v.name));
    this.#messages = withoutPlaceholders(version.messages ?? [], "tela").map((message) => compileMessage(message, finder));
    this.#tools = version.tools ?? [];
    this.#toolChoice = version.toolChoice;
    this.#responseFormat = version.responseFormat;
  }

  render(variables: Record<string, unknown>, options?: RenderOptions): RenderedBody {
    const keep = options?.missing === "keep";
    const values = resolveAll(this.#variables, variables, keep);
    if (Array.isArray(values)) {
      throw new PromptError({
        code: "invalid_variables",
        vendor: this.#vendor,
        operation: "render",
        problems: values,
        message: `Cannot render ${this.#label}: ${values.map((p) => `"${p.name}" expected ${p.expected}, received ${p.received}`).join("; ")}`,
      });
    }
    const body: RenderedBody = {
      messages: this.#messages.map((message) => renderMessage(message, values)),
      tools: this.#tools.map((tool) => ({ ...tool })),
    };
    const toolChoice = this.#toolChoice;
    if (toolChoice !== undefined) body.toolChoice = typeof toolChoice === "string" ? toolChoice : { ...toolChoice };
    if (this.#responseFormat !== undefined) body.responseFormat = { ...this.#responseFormat };
    return body;
  }

  /** Message `messageIndex`'s text with placeholders in place (text parts joined with "\n"). */
  includeText(messageIndex: number): string {
    const message = this.#messages[messageIndex];
    if (!Number.isInteger(messageIndex) || message === undefined) {
      throw new PromptError({
        code: "invalid_ref",
        vendor: this.#vendor,
        operation: "render",
        message: `${this.#label} has no message ${String(messageIndex)} (it has ${this.#messages.length}).`,
      });
    }
    return message.text;
  }
}

// ---------------------------------------------------------------- compile

function compileMessage(message: PromptMessage, finder: PlaceholderFinder): CompiledMessage {
  const { content, ...base } = message;
  if (base.toolCalls) base.toolCalls = base.toolCalls.map((call) => ({ ...call }));
  if (typeof content === "string") {
    return { base, segments: finder.parse(content), text: content };
  }
  const parts = Array.isArray(content) ? content : [];
  return {
    base,
    parts: parts.map(
      (part): CompiledPart =>
        part?.type === "text" && typeof part.text === "string" ? { text: finder.parse(part.text) } : { other: { ...part } },
    ),
    text: parts
      .filter((part) => part?.type === "text")
      .map((part) => (part as { text: string }).text)
      .join("\n"),
  };
}

// ---------------------------------------------------------------- values

/** An own property's value (never an inherited one such as `constructor`). */
const ownValue = (object: object, key: string): unknown =>
  Object.hasOwn(object, key) ? (object as Record<string, unknown>)[key] : undefined;

/** A variable's rendering, or the problem that prevents it. */
type Resolution = { ok: true; value: VariableRendering } | { ok: false; expected: string; received: string };

function resolveText(value: unknown, expected: string): Resolution {
  switch (typeof value) {
    case "string":
      return { ok: true, value: { kind: "text", text: value } };
    case "number":
    case "boolean":
    case "bigint":
      return { ok: true, value: { kind: "text", text: String(value) } };
    case "object": {
      let json: string | undefined;
      try {
        json = JSON.stringify(value);
      } catch {
        return { ok: false, expected, received: `${describe(value)} that is not JSON-serializable` };
      }
      if (typeof json === "string") return { ok: true, value: { kind: "text", text: json } };
      return { ok: false, expected, received: `${describe(value)} that is not JSON-serializable` };
    }
    default:
      return { ok: false, expected, received: describe(value) };
  }
}

/** A file value as a file part, or `undefined` when it is not one. */
function toFilePart(value: unknown, name: string): FilePart | undefined {
  if (typeof value === "string") return value === "" ? undefined : { type: "file", url: value, variable: name };
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const url = ownValue(value, "url") ?? ownValue(value, "file_url") ?? ownValue(value, "fileUrl");
  const mimeType = ownValue(value, "mimeType");
  if (typeof url !== "string" || url === "" || (mimeType !== undefined && typeof mimeType !== "string")) return undefined;
  return mimeType === undefined ? { type: "file", url, variable: name } : { type: "file", url, mimeType, variable: name };
}

function resolveFiles(value: unknown, name: string): Resolution {
  const items = Array.isArray(value) ? value : [value];
  const files: FilePart[] = [];
  for (const [index, item] of items.entries()) {
    const file = toFilePart(item, name);
    if (file === undefined) {
      const received = Array.isArray(value) ? `item ${index}: ${describe(item)}` : describe(item);
      return { ok: false, expected: TELA_FILE_EXPECTED, received };
    }
    files.push(file);
  }
  return { ok: true, value: { kind: "files", files } };
}

const isMissing = (value: unknown): boolean => value === undefined || value === null || (Array.isArray(value) && value.length === 0);

/** Every declared variable's rendering, or every problem found. */
function resolveAll(
  declared: readonly PromptVariable[],
  variables: unknown,
  keep: boolean,
): Map<string, VariableRendering> | VariableProblem[] {
  const values = new Map<string, VariableRendering>();
  const problems: VariableProblem[] = [];
  const given = typeof variables === "object" && variables !== null ? variables : {};
  for (const variable of declared) {
    const { name } = variable;
    const isFile = variable.type === "file";
    let resolution: Resolution;
    try {
      const value = ownValue(given, name);
      if (isMissing(value)) {
        // "keep" leaves every missing placeholder, optional or not; otherwise optional ones render empty.
        if (keep) resolution = { ok: true, value: { kind: "keep" } };
        else if (!variable.required) resolution = { ok: true, value: { kind: "text", text: "" } };
        else {
          const expected = value === undefined || value === null ? "defined" : TELA_FILE_EXPECTED;
          resolution = { ok: false, expected, received: describe(value) };
        }
      } else {
        resolution = isFile ? resolveFiles(value, name) : resolveText(value, variable.type || "text");
      }
    } catch {
      // A getter or proxy that throws: report it like any other bad value.
      resolution = {
        ok: false,
        expected: isFile ? TELA_FILE_EXPECTED : variable.type || "text",
        received: "a value that could not be read",
      };
    }
    if (resolution.ok) values.set(name, resolution.value);
    else if (keep) values.set(name, { kind: "keep" });
    else problems.push({ name, expected: resolution.expected, received: resolution.received });
  }
  return problems.length > 0 ? problems : values;
}

// ---------------------------------------------------------------- render

/** A text's rendering: one string, or text and files in order when a file was inserted. */
function renderSegments(segments: Segments, values: ReadonlyMap<string, VariableRendering>): string | ContentPart[] {
  if (segments.length === 1 && typeof segments[0] === "string") return segments[0];
  let text = "";
  let parts: ContentPart[] | undefined;
  for (const segment of segments) {
    if (typeof segment === "string") {
      text += segment;
      continue;
    }
    const value = values.get(segment.name);
    if (value === undefined || value.kind === "keep") text += segment.raw;
    else if (value.kind === "text") text += value.text;
    else if (value.files.length > 0) {
      parts ??= [];
      if (text !== "") parts.push({ type: "text", text });
      text = "";
      for (const file of value.files) parts.push({ ...file });
    }
  }
  if (parts === undefined) return text;
  if (text !== "") parts.push({ type: "text", text });
  return parts;
}

function renderMessage(message: CompiledMessage, values: ReadonlyMap<string, VariableRendering>): PromptMessage {
  const base: Omit<PromptMessage, "content"> = { ...message.base };
  if (base.toolCalls) base.toolCalls = base.toolCalls.map((call) => ({ ...call }));
  if ("segments" in message) return { ...base, content: renderSegments(message.segments, values) };
  const content: ContentPart[] = [];
  for (const part of message.parts) {
    if ("other" in part) {
      content.push({ ...part.other });
      continue;
    }
    const rendered = renderSegments(part.text, values);
    if (typeof rendered === "string") content.push({ type: "text", text: rendered });
    else content.push(...rendered);
  }
  return { ...base, content };
}
