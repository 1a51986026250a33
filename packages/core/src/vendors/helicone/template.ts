/**
 * The Helicone template engine: `{{hc:name:type}}` variables and `{{hcp:id:index[:env]}}`
 * prompt partials, with the grammar and type rules of `@helicone/helpers@1.8.3`
 * (`HeliconeTemplateManager`, see notes/helicone-api.md §4).
 *
 * What is substituted, as in the vendor SDK:
 * - message text: string content and the `text` of text parts (not images, files, names,
 *   tool calls);
 * - tools: name, description and every key and string value of `parameters`;
 * - the response format: the json_schema's name, description and every key and string value
 *   of its schema.
 * In JSON (tool parameters, schemas) a string that is exactly one tag becomes the raw value
 * (`"enum": "{{hc:tiers:array}}"` → `["a", "b"]`), a tag inside a longer string is replaced as
 * text, and a key that is exactly one tag takes a string value. A tool's name and description
 * are always text: an exact tag there is replaced by the value's text, never by a raw value.
 *
 * Types: `number` accepts a number or anything `Number()` turns into a non-NaN (`"42"`, `true`),
 * `boolean` accepts a boolean or `"true"|"false"|"yes"|"no"` in any case, every other type name
 * accepts anything. A function or symbol is never a valid value, whatever the type.
 *
 * Deliberate deviations from `@helicone/helpers@1.8.3` `mergePromptBody`:
 * 1. Falsy values `0`, `false` and `""` are substituted. The SDK leaves their tag in place; its
 *    pending fix (Helicone PR #5714) does what we do.
 * 2. Missing (`undefined`/`null`) and mistyped variables are errors. With `missing: "error"`
 *    (the default) render throws ONE `PromptError` `invalid_variables` whose `problems` list
 *    every problem (`expected` is the type, `"defined"` for a missing value, `"string"` for a
 *    non-string value in a key position, `"JSON-serializable value"` when the value cannot be
 *    written as JSON). The SDK never throws: it returns `errors` and leaves a message string
 *    with a missing variable partly substituted. With `missing: "keep"` each problem tag stays
 *    as literal text and every other tag is still substituted; the SDK instead leaves the
 *    WHOLE string untouched when any of its variables is mistyped, and the WHOLE tools array /
 *    response format untouched when any of their variables is missing or mistyped.
 * 3. Objects and arrays inserted into text are JSON (`{"a":1}`, `["a","b"]`), not
 *    `[object Object]` / `a,b`. An object whose JSON is a string (a Date) is inserted as that
 *    string, without quotes.
 * 4. Single pass: a value is inserted once and never scanned for tags, so a value containing
 *    `{{hc:…}}` text appears verbatim. (The 1.8.3 SDK happens to behave the same; we guarantee
 *    it.) Text spliced in from a partial, by contrast, IS template: its tags are filled from the
 *    caller's variables, as in the SDK.
 * 5. Prompt partials are exposed as `compiled.includes` and their text is supplied through
 *    `options.included` (`prompts.render()` fetches it). The SDK's `getPromptBody` never
 *    resolves them (the tag stays literal). Without the text, render throws `unsupported` in
 *    error mode and keeps the tag literally in keep mode.
 * Smaller differences, for exactness:
 * - A name is looked up as an own property of the variables (`{}` never supplies `constructor`).
 * - A name's type is the type of its first occurrence in the whole prompt (messages, then
 *   tools, then response format), not per string as in the SDK; names that only occur in a
 *   partial's text take the type of their first occurrence there.
 * - Raw values inserted into JSON are JSON copies of the caller's value (never aliases).
 *
 * Performance: `compile()` parses every string once into literal / variable / include
 * segments and JSON into a tree in which subtrees without tags are deep-copied and FROZEN once.
 * `render()` concatenates segments and rebuilds only the containers on a path to a tag; frozen
 * tag-free subtrees (inside tool `parameters` and response schemas) are shared between renders,
 * so treat rendered JSON schemas as read-only. Messages, parts, tool calls, tools and the
 * response format object itself are fresh on every render. Text is scanned at render time only
 * when it contains a partial, after splicing (with a small cache). Every scan takes time linear
 * in the text, whatever the text (see `template-parse.ts`).
 *
 * The engine is split by job: `template-parse.ts` finds tags, `template-compile.ts` builds the
 * compiled form, `template-coerce.ts` holds the type rules and value conversions,
 * `template-render.ts` renders; this file assembles them.
 */
import type { CompiledTemplate, RenderOptions, RenderedBody, TemplateEngine, TemplateInclude } from "../../contract/template-engine.js";
import { PromptError } from "../../errors/prompt-error.js";
import { capitalize, defineTemplateEngine, errorText, formatVariableProblems } from "../../render/engine-kit.js";
import type { PromptTool, PromptVariable, PromptVariables, PromptVersion, ResponseFormat, VersionMessage } from "../../model/types.js";
import { withoutPlaceholders } from "../../render/placeholders.js";
import {
  compileJson,
  compileVersion,
  isMessageText,
  toCompiledText,
  VariableTable,
  type CompiledText,
  type CompiledVersion,
  type MessageText,
} from "./template-compile.js";
import { parseVariableTags, type TextWithVariables } from "./template-parse.js";
import { renderBody, splicePartials, VariableResolver } from "./template-render.js";

export { HELICONE_PARTIAL, HELICONE_TAG } from "./template-parse.js";
export { JSON_SERIALIZABLE } from "../../render/engine-kit.js";

const VENDOR_DEFAULT = "helicone";
/** How many distinct spliced texts a compiled template remembers the tags of. */
const SPLICED_TEXT_CACHE_LIMIT = 64;

class HeliconeCompiledTemplate implements CompiledTemplate {
  readonly includes: readonly TemplateInclude[];
  private readonly compiled: CompiledVersion;
  /** Spliced partial text → its tags, so repeated renders with the same partials parse once. */
  private readonly splicedTextCache = new Map<string, TextWithVariables | null>();

  constructor(private readonly version: PromptVersion) {
    this.compiled = compileVersion(version, this.vendorName);
    this.includes = this.compiled.includes;
  }

  render(variables: PromptVariables, options?: RenderOptions): RenderedBody {
    try {
      return this.renderUnchecked(variables, options);
    } catch (err) {
      if (PromptError.is(err)) throw err;
      // Only hostile inputs get here (a Proxy whose traps throw, …): still a PromptError.
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

  private get vendorName(): string {
    return this.version.vendor ?? VENDOR_DEFAULT;
  }

  private get label(): string {
    const v = this.version;
    return `${this.vendorName} prompt ${JSON.stringify(v.promptId)}${v.version === undefined ? "" : ` (version ${v.version})`}`;
  }

  private renderUnchecked(variables: PromptVariables, options: RenderOptions | undefined): RenderedBody {
    const keep = options?.missing === "keep";
    const values: object = typeof variables === "object" && variables !== null ? variables : {};
    const compiled = this.compiled;
    const hasPartials = compiled.textsWithPartials.length > 0;
    const resolver = new VariableResolver(compiled.variables, values, keep, hasPartials);

    // Partials first: their text is template, so its tags must be known before validation.
    let spliced: Map<MessageText, CompiledText> | undefined;
    if (hasPartials) {
      const included = options?.included;
      // Absent partials are found while splicing: reading every text once more beforehand would
      // charge it to the render limits twice.
      const absent = new Set<string>();
      spliced = new Map();
      for (const messageText of compiled.textsWithPartials) {
        const text = splicePartials(messageText.partials!, included, absent);
        if (!keep && absent.size > 0) break;
        const parsed = this.parseSplicedText(text);
        spliced.set(messageText, {
          source: text,
          segments:
            parsed === null
              ? null
              : parsed.map((segment) =>
                  typeof segment === "string" ? segment : { slot: resolver.slotFor(segment.name, segment.type), raw: segment.raw },
                ),
        });
      }
      if (!keep && absent.size > 0) {
        const missing = this.includes.filter((i) => absent.has(i.key)).map((i) => i.key);
        throw new PromptError({
          code: "unsupported",
          vendor: this.vendorName,
          operation: "render",
          message: `${capitalize(this.label)} includes other prompts (${missing.join(", ")}). Render it with prompts.render(), which resolves prompt partials, or pass their text in options.included.`,
        });
      }
    }

    if (!keep) {
      resolver.checkAll();
      if (resolver.problems.length > 0) {
        throw new PromptError({
          code: "invalid_variables",
          vendor: this.vendorName,
          operation: "render",
          message: `Cannot render ${this.label}: ${formatVariableProblems(resolver.problems)}`,
          problems: resolver.problems,
        });
      }
    }
    return renderBody(compiled, resolver, spliced);
  }

  private parseSplicedText(text: string): TextWithVariables | null {
    const cached = this.splicedTextCache.get(text);
    if (cached !== undefined || this.splicedTextCache.has(text)) return cached ?? null;
    const parsed = parseVariableTags(text);
    if (this.splicedTextCache.size >= SPLICED_TEXT_CACHE_LIMIT) this.splicedTextCache.clear();
    this.splicedTextCache.set(text, parsed);
    return parsed;
  }

  includeText(messageIndex: number, included?: ReadonlyMap<string, string>): string {
    try {
      const message = Number.isInteger(messageIndex) && messageIndex >= 0 ? this.compiled.messages[messageIndex] : undefined;
      if (message === undefined) return "";
      const textOf = (messageText: MessageText): string =>
        messageText.partials === null ? messageText.text.source : splicePartials(messageText.partials, included);
      if (isMessageText(message.content)) return textOf(message.content);
      const texts: string[] = [];
      for (const part of message.content) {
        if ("text" in part) {
          const text = textOf(part.text);
          if (text.length > 0) texts.push(text);
        }
      }
      return texts.join(" ");
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
 * The template engine for versions whose `template` is `"helicone"`.
 *
 * @example
 * const compiled = heliconeTemplate.compile(version);
 * const { messages } = compiled.render({ name: "Bob", count: 0 });
 */
export const heliconeTemplate: TemplateEngine = /* @__PURE__ */ defineTemplateEngine(
  "helicone",
  "Helicone",
  (version) => new HeliconeCompiledTemplate(version),
);

/**
 * Every `{{hc:name:type}}` variable of a prompt: in message text (string content and text
 * parts), then tools (name, description, parameter keys and values), then the response format
 * (json_schema name, description, schema keys and values). A name appears once, with the type
 * of its first occurrence. All Helicone variables are required.
 *
 * @example
 * heliconeVariables({ messages: [{ role: "user", content: "Hi {{hc:name:string}}" }], tools: [] });
 * // → [{ name: "name", type: "string", required: true }]
 */
export function heliconeVariables(parts: {
  messages: readonly VersionMessage[];
  tools: readonly PromptTool[];
  responseFormat?: ResponseFormat | undefined;
}): PromptVariable[] {
  const table = new VariableTable();
  const scan = (text: string | undefined): void => {
    if (typeof text === "string") toCompiledText(text, parseVariableTags(text), table, "text");
  };
  for (const message of withoutPlaceholders(parts.messages ?? [], "helicone")) {
    if (typeof message.content === "string") scan(message.content);
    else if (Array.isArray(message.content)) for (const part of message.content) if (part.type === "text") scan(part.text);
  }
  for (const tool of parts.tools ?? []) {
    scan(tool.name);
    scan(tool.description);
    if (tool.parameters !== undefined) compileJson(tool.parameters, table);
  }
  const format = parts.responseFormat;
  if (format?.type === "json_schema") {
    scan(format.name);
    scan(format.description);
    compileJson(format.schema, table);
  }
  return table.slots.map(({ name, type }) => ({ name, type, required: true }));
}
