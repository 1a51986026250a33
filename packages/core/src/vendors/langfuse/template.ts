/**
 * The Langfuse template engine: Mustache as `@langfuse/client@5.11.1` `compile()` renders it
 * (the `mustache` package with HTML escaping off, see notes/langfuse-api.md §5), plus message
 * placeholders and `@@@langfusePrompt:…@@@` prompt dependencies. Written from scratch: no
 * runtime dependency, linear scanning (see `template-parse.ts`), and no process-wide state
 * (the Langfuse client sets `mustache.escape` globally on import; this engine has no such knob).
 *
 * Same as Langfuse: `{{name}}`, `{{{name}}}` and `{{&name}}` (all unescaped), dotted names,
 * sections over arrays, objects and truthy values, inverted sections, comments, set delimiters
 * (`{{=<% %>=}}`), standalone-line trimming, partials (`{{> x}}`) rendering empty, and the
 * same malformed templates refused (unclosed tag or section, unopened or mismatched section,
 * invalid delimiters) — as `invalid_prompt` on render.
 *
 * Deliberate deviations from `@langfuse/client@5.11.1`:
 * 1. Missing values are errors. With `missing: "error"` (the default) render throws ONE
 *    `invalid_variables` listing every problem met: a `{{name}}` whose value is missing,
 *    `undefined` or `null` (`expected: "defined"`), a section or inverted section whose value
 *    is missing or `undefined` (`null`, `false` and `[]` are deliberate "no"s), a value that
 *    cannot be written (functions, symbols, cyclic objects), and every unfilled placeholder.
 *    Langfuse renders all of those as `""` (and leaves an unfilled placeholder in its output).
 *    `missing: "keep"` means "do what the vendor's SDK does", which for Langfuse is to render
 *    them empty: missing values give `""`, an unfilled placeholder gives no messages, and the
 *    output equals Langfuse's (a placeholder filled with something other than messages is
 *    still an error). There is no literal tag to keep: a missing section has no text form.
 * 2. Objects and arrays inserted as text are JSON (`{"a":1}`, `["a","b"]`), not
 *    `[object Object]` / `a,b`; an object whose JSON is a string (a Date) is that string.
 * 3. Messages spliced into a placeholder are never template-expanded: a user turn containing
 *    `{{name}}` stays as written (Langfuse runs Mustache over them: a template injection).
 * 4. Only own properties are looked up (`{}` never supplies `constructor`); functions are
 *    values that cannot be written, not Mustache lambdas.
 * 5. Bounds: sections nest at most 256 deep and delimiters are at most 16 characters
 *    (`unsupported`), and one render visits at most 10 000 000 nodes and writes at most
 *    64 MiB of text (`invalid_prompt`), where Mustache would overflow its stack or run for hours.
 * 6. Prompt dependencies are `compiled.includes`, fetched by `prompts.render()` and passed in
 *    `options.included`; the text is spliced in before Mustache runs, exactly where the
 *    Langfuse server splices it when it resolves a prompt (so its variables are filled by this
 *    render). Without the text, render throws `unsupported` (error mode) or keeps the tag.
 *    Like the server, every occurrence of a found tag is replaced, in every message. One known
 *    difference, on malformed text only: a tag the server's search skips (inside the span of a
 *    malformed `@@@langfusePrompt:` before it) that names a found dependency in another form
 *    (its version where the found tag has a label) is replaced by the server, which knows the
 *    dependency's version and labels, and stays literal here.
 *
 * Split by job: `template-parse.ts` scans Mustache and dependency tags, `template-render.ts`
 * looks names up and renders; this file assembles messages, placeholders and includes.
 */
import type { CompiledTemplate, RenderOptions, RenderedBody, TemplateEngine, TemplateInclude } from "../../contract/template-engine.js";
import { PromptError } from "../../errors/prompt-error.js";
import { capitalize, defineTemplateEngine, errorText, formatVariableProblems } from "../../render/engine-kit.js";
import type { ContentPart, PromptMessage, PromptVariable, PromptVariables, PromptVersion, VersionMessage } from "../../model/types.js";
import { placeholderMessages } from "../../render/placeholders.js";
import {
  findIncludeTags,
  type IncludeTag,
  parseTemplate,
  splitAtIncludes,
  type ParsedTemplate,
  type TextWithIncludes,
} from "./template-parse.js";
import { RenderLimitError, RenderState, renderNodes } from "./template-render.js";

export {
  findIncludeTags,
  INCLUDE_OPENER,
  MAX_DELIMITER_LENGTH,
  MAX_SECTION_DEPTH,
  parseIncludeTags,
  parseTemplate,
} from "./template-parse.js";
export { MAX_RENDER_CHARS, MAX_RENDER_STEPS } from "./template-render.js";

const VENDOR_DEFAULT = "langfuse";
/** How many distinct spliced texts a compiled template remembers the parse of. */
const SPLICED_TEXT_CACHE_LIMIT = 64;
/** Langfuse's own rule for what inside `{{…}}` is a variable name (its UI and server use it). */
const VARIABLE_NAME = /^\p{L}[\p{L}\p{N}_]*$/u;

/** One templated text of a message: parsed once, or split at its includes to parse after splicing. */
interface CompiledText {
  readonly source: string;
  /** Set when the text has dependency tags. */
  readonly includes: TextWithIncludes | null;
  /** The parse of `source`, when it has no dependency tags. */
  readonly parsed: ParsedTemplate | null;
}

type CompiledContent = CompiledText | readonly ({ readonly text: CompiledText } | { readonly other: ContentPart })[];

type CompiledMessage =
  | { readonly placeholder: string }
  | { readonly base: Readonly<Omit<PromptMessage, "content">>; readonly content: CompiledContent };

function isText(content: CompiledContent): content is CompiledText {
  return !Array.isArray(content);
}

class LangfuseCompiledTemplate implements CompiledTemplate {
  readonly includes: readonly TemplateInclude[];
  private readonly messages: readonly CompiledMessage[];
  private readonly splicedCache = new Map<string, ParsedTemplate>();

  constructor(private readonly version: PromptVersion) {
    const vendor = this.vendorName;
    // The server collects the dependency tags of the whole prompt, then replaces every
    // occurrence of each in every message: first every tag of every text, then the split.
    const known = new Map<string, IncludeTag>();
    for (const message of version.messages ?? []) {
      if (message.role === "placeholder") continue;
      const texts = typeof message.content === "string" ? [message.content] : Array.isArray(message.content) ? message.content : [];
      for (const item of texts) {
        const text = typeof item === "string" ? item : item.type === "text" ? item.text : undefined;
        if (typeof text === "string") for (const tag of findIncludeTags(text)) if (!known.has(tag.raw)) known.set(tag.raw, tag);
      }
    }
    const includes: TemplateInclude[] = [];
    for (const tag of known.values()) {
      const ref: TemplateInclude["ref"] =
        tag.version === undefined
          ? { vendor, promptId: tag.name, environment: tag.label! }
          : { vendor, promptId: tag.name, version: String(tag.version) };
      includes.push(Object.freeze({ key: tag.raw, ref: Object.freeze(ref), messageIndex: 0 }));
    }
    const compileText = (source: string): CompiledText => {
      const tags = splitAtIncludes(source, known);
      return tags === null ? { source, includes: null, parsed: parseTemplate(source) } : { source, includes: tags, parsed: null };
    };
    this.messages = (version.messages ?? []).map((message): CompiledMessage => {
      if (message.role === "placeholder") return { placeholder: message.name };
      const { content, ...rest } = message;
      const base: Omit<PromptMessage, "content"> = { ...rest };
      if (rest.toolCalls !== undefined) base.toolCalls = rest.toolCalls.map((call) => Object.freeze({ ...call }));
      const compiled: CompiledContent =
        typeof content === "string"
          ? compileText(content)
          : Array.isArray(content)
            ? content.map((part) =>
                part.type === "text" && typeof part.text === "string"
                  ? { text: compileText(part.text) }
                  : { other: Object.freeze({ ...part }) },
              )
            : compileText("");
      return { base: Object.freeze(base), content: compiled };
    });
    this.includes = Object.freeze(includes);
  }

  private get vendorName(): string {
    return this.version.vendor ?? VENDOR_DEFAULT;
  }

  private get label(): string {
    const v = this.version;
    return `${this.vendorName} prompt ${JSON.stringify(v.promptId)}${v.version === undefined ? "" : ` (version ${v.version})`}`;
  }

  render(variables: PromptVariables, options?: RenderOptions): RenderedBody {
    try {
      return this.renderUnchecked(variables, options);
    } catch (err) {
      if (PromptError.is(err)) throw err;
      if (err instanceof RenderLimitError) {
        throw new PromptError({
          code: "invalid_prompt",
          vendor: this.vendorName,
          operation: "render",
          message: `Rendering ${this.label} ${err.message}.`,
        });
      }
      // Only hostile inputs get here (a Proxy whose traps throw, a throwing getter, …): still a PromptError.
      throw new PromptError({
        code: "invalid_variables",
        vendor: this.vendorName,
        operation: "render",
        message: `Could not render ${this.label}: ${errorText(err)}`,
        problems: [],
        cause: err,
      });
    }
  }

  private renderUnchecked(variables: PromptVariables, options: RenderOptions | undefined): RenderedBody {
    const lenient = options?.missing === "keep";
    const values: object = typeof variables === "object" && variables !== null ? variables : {};
    const included = options?.included;
    // Keys of includes without text. Found while splicing, so each text is read (and charged to
    // the render's limits) once per occurrence, never once more for a check beforehand.
    // Made only for a text with includes: most renders have none.
    let absent: Set<string> | undefined;
    const state = new RenderState(values, lenient);
    const stack: unknown[] = [values];
    const renderText = (text: CompiledText): string => {
      let parsed = text.parsed;
      if (parsed === null) {
        absent ??= new Set();
        parsed = this.parseSpliced(splice(text.includes!, included, absent));
      }
      if (parsed.nodes === null) {
        throw new PromptError({
          code: parsed.unsupported ? "unsupported" : "invalid_prompt",
          vendor: this.vendorName,
          operation: "render",
          message: `${capitalize(this.label)} has a malformed Mustache template: ${parsed.error}.`,
        });
      }
      return renderNodes(parsed.nodes, stack, state);
    };

    const messages: PromptMessage[] = [];
    for (const message of this.messages) {
      if ("placeholder" in message) {
        const name = message.placeholder;
        const value = Object.hasOwn(values, name) ? (values as Record<string, unknown>)[name] : undefined;
        // Lenient: an unfilled placeholder gives no messages (Langfuse would leave the placeholder object).
        if (value === undefined && lenient) continue;
        // Never template-expanded: history is data, not template.
        messages.push(...placeholderMessages(name, value, state.problems));
        continue;
      }
      const content = message.content;
      const { base } = message;
      // Built field by field: an object spread here cost more than the rest of the message.
      const rendered: PromptMessage = {
        role: base.role,
        content: isText(content)
          ? renderText(content)
          : content.map((part): ContentPart => ("text" in part ? { type: "text", text: renderText(part.text) } : { ...part.other })),
      };
      if (base.name !== undefined) rendered.name = base.name;
      if (base.toolCallId !== undefined) rendered.toolCallId = base.toolCallId;
      if (base.toolCalls !== undefined) rendered.toolCalls = base.toolCalls.map((call) => ({ ...call }));
      messages.push(rendered);
    }

    if (absent !== undefined && absent.size > 0 && !lenient) {
      throw new PromptError({
        code: "unsupported",
        vendor: this.vendorName,
        operation: "render",
        message:
          `${capitalize(this.label)} includes other prompts (${[...absent].join(", ")}). ` +
          `Render it with prompts.render(), which resolves prompt dependencies, or pass their text in options.included.`,
      });
    }
    if (state.problems.length > 0) {
      throw new PromptError({
        code: "invalid_variables",
        vendor: this.vendorName,
        operation: "render",
        message: `Cannot render ${this.label}: ${formatVariableProblems(state.problems)}`,
        problems: state.problems,
      });
    }

    const v = this.version;
    const body: RenderedBody = { messages, tools: (v.tools ?? []).map((tool) => ({ ...tool })) };
    if (v.toolChoice !== undefined) body.toolChoice = typeof v.toolChoice === "string" ? v.toolChoice : { ...v.toolChoice };
    if (v.responseFormat !== undefined) body.responseFormat = { ...v.responseFormat };
    return body;
  }

  private parseSpliced(text: string): ParsedTemplate {
    const cached = this.splicedCache.get(text);
    if (cached !== undefined) return cached;
    const parsed = parseTemplate(text);
    if (this.splicedCache.size >= SPLICED_TEXT_CACHE_LIMIT) this.splicedCache.clear();
    this.splicedCache.set(text, parsed);
    return parsed;
  }

  includeText(messageIndex: number, included?: ReadonlyMap<string, string>): string {
    try {
      const message = Number.isInteger(messageIndex) && messageIndex >= 0 ? this.messages[messageIndex] : undefined;
      if (message === undefined || "placeholder" in message) return "";
      const textOf = (text: CompiledText): string => (text.includes === null ? text.source : splice(text.includes, included));
      if (isText(message.content)) return textOf(message.content);
      const texts: string[] = [];
      for (const part of message.content) if ("text" in part) texts.push(textOf(part.text));
      return texts.join("");
    } catch (err) {
      if (PromptError.is(err)) throw err;
      throw new PromptError({
        code: "unsupported",
        vendor: this.vendorName,
        operation: "render",
        message: `Could not read the included text of ${this.label}: ${errorText(err)}`,
        cause: err,
      });
    }
  }
}

/**
 * Dependency tags replaced by their text (read through `get`, which the render's limits meter);
 * a tag without text stays as written and its key goes in `absent`.
 */
function splice(segments: TextWithIncludes, included: ReadonlyMap<string, string> | undefined, absent?: Set<string>): string {
  let out = "";
  for (const segment of segments) {
    if (typeof segment === "string") out += segment;
    else {
      const text = included?.get(segment.raw);
      if (typeof text === "string") out += text;
      else {
        out += segment.raw;
        absent?.add(segment.raw);
      }
    }
  }
  return out;
}

/**
 * The template engine for versions whose `template` is `"langfuse"`.
 *
 * @example
 * const compiled = langfuseTemplate.compile(version);
 * const { messages } = compiled.render({ name: "Ada", history: [{ role: "user", content: "Hi" }] });
 */
export const langfuseTemplate: TemplateEngine = /* @__PURE__ */ defineTemplateEngine(
  "langfuse",
  "Langfuse",
  (version) => new LangfuseCompiledTemplate(version),
  {
    // Mustache writes any scalar as text; a dotted name reads an object; a section is shown,
    // hidden or repeated by its value (see `langfuseVariables`).
    string: "string | number | boolean",
    object: "Record<string, unknown>",
    section: "boolean | readonly unknown[] | Record<string, unknown>",
  },
);

/**
 * The variables of a Langfuse prompt's messages, in order of first occurrence:
 * - `{{name}}`, `{{{name}}}`, `{{&name}}` outside any `{{#…}}` section → type `"string"`;
 * - a dotted `{{user.name}}` there → its root, type `"object"`;
 * - `{{#name}}` / `{{^name}}` outside any `{{#…}}` section → type `"section"` (its value picks
 *   the branch or is iterated: an array, an object, a boolean, …);
 * - a placeholder message → type `"placeholder"`.
 * Names inside a `{{#…}}` section are looked up in its items first, so they are not listed; only
 * names that match Langfuse's `^\p{L}[\p{L}\p{N}_]*$` are listed (`{{.}}`, `{{a-b}}` are not).
 * A name is listed once, with the type of its first occurrence; all are required. Text of
 * included prompts is not known here and not scanned. Never throws: a malformed template
 * lists the tags before its first error.
 *
 * @example
 * langfuseVariables([{ role: "user", content: "Hi {{name}}{{#vip}}!{{/vip}}" }, { role: "placeholder", name: "history" }]);
 * // → [{ name: "name", type: "string", required: true }, { name: "vip", type: "section", required: true },
 * //    { name: "history", type: "placeholder", required: true }]
 */
export function langfuseVariables(messages: readonly VersionMessage[]): PromptVariable[] {
  const found = new Map<string, PromptVariable>();
  const add = (name: string, type: string): void => {
    if (!found.has(name)) found.set(name, { name, type, required: true });
  };
  const scan = (text: unknown): void => {
    if (typeof text !== "string" || text.indexOf("{{") === -1) return;
    for (const tag of parseTemplate(text).tags) {
      if (tag.sectionDepth > 0) continue;
      const dot = tag.name.indexOf(".");
      const root = dot > 0 ? tag.name.slice(0, dot) : tag.name;
      if (!VARIABLE_NAME.test(root)) continue;
      add(root, tag.type === "variable" ? (dot > 0 ? "object" : "string") : "section");
    }
  };
  for (const message of messages ?? []) {
    if (message.role === "placeholder") add(message.name, "placeholder");
    else if (typeof message.content === "string") scan(message.content);
    else if (Array.isArray(message.content)) for (const part of message.content) if (part.type === "text") scan(part.text);
  }
  return [...found.values()];
}
