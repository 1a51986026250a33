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
 * response format object itself are fresh on every render. Regexes run at render time only on
 * strings that contain a partial, after splicing (with a small cache).
 */
import { PromptError } from "../../errors/prompt-error.js";
import type { VariableProblem } from "../../errors/prompt-error.js";
import { describe as describeValue } from "../../http/shape.js";
import type {
  ContentPart,
  JsonSchema,
  PromptMessage,
  PromptTool,
  PromptVariable,
  PromptVariables,
  PromptVersion,
  ResponseFormat,
  ToolChoice,
} from "../../model/types.js";
import type {
  CompiledTemplate,
  RenderOptions,
  RenderedBody,
  TemplateEngine,
  TemplateInclude,
} from "../../contract/template-engine.js";

/** A `{{hc:name:type}}` variable tag (the vendor's own regex). Global: reset `lastIndex` or copy before use. */
export const HELICONE_TAG = /\{\{\s*hc\s*:\s*([a-zA-Z_-][a-zA-Z0-9_-]*)\s*:\s*([a-zA-Z_-][a-zA-Z0-9_-]*)\s*\}\}/g;
/** A `{{hcp:promptId:index[:environment]}}` prompt-partial tag (the vendor's own regex). Global, like `HELICONE_TAG`. */
export const HELICONE_PARTIAL = /\{\{\s*hcp\s*:\s*([a-zA-Z0-9]{6})\s*:\s*(\d+)\s*(?::\s*([a-zA-Z_-][a-zA-Z0-9_-]*))?\s*\}\}/g;

/** The `expected` of a problem for a value that cannot be written as JSON (cycles, BigInt, …). */
export const JSON_SERIALIZABLE = "JSON-serializable value";

// Private copies: the exported ones may have their `lastIndex` moved by callers.
const TAG_RE = new RegExp(HELICONE_TAG.source, "g");
const PARTIAL_RE = new RegExp(HELICONE_PARTIAL.source, "g");
const BOOLEAN_WORDS: ReadonlySet<string> = new Set(["true", "false", "yes", "no"]);
const VENDOR_DEFAULT = "helicone";

// ---------------------------------------------------------------------------------------------
// Parsing

interface Tag {
  readonly name: string;
  readonly type: string;
  /** The tag exactly as written, for keep mode. */
  readonly raw: string;
}
type TagSegments = (string | Tag)[];

/** Splits a string into literals and variable tags; `null` when it has no tag. */
function parseTags(src: string): TagSegments | null {
  if (!src.includes("{{")) return null;
  TAG_RE.lastIndex = 0;
  let segs: TagSegments | null = null;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = TAG_RE.exec(src)) !== null) {
    segs ??= [];
    if (m.index > last) segs.push(src.slice(last, m.index));
    segs.push({ name: m[1]!, type: m[2]!, raw: m[0] });
    last = TAG_RE.lastIndex;
  }
  if (segs !== null && last < src.length) segs.push(src.slice(last));
  return segs;
}

interface PartialTag {
  readonly key: string;
  readonly raw: string;
  readonly promptId: string;
  readonly messageIndex: number;
  readonly environment: string | undefined;
}

/** Splits a string into literals and partial tags; `null` when it has no partial. */
function parsePartials(src: string): (string | PartialTag)[] | null {
  if (!src.includes("hcp")) return null;
  PARTIAL_RE.lastIndex = 0;
  let segs: (string | PartialTag)[] | null = null;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = PARTIAL_RE.exec(src)) !== null) {
    segs ??= [];
    if (m.index > last) segs.push(src.slice(last, m.index));
    const promptId = m[1]!;
    const index = m[2]!.replace(/^0+(?=\d)/, "");
    const environment = m[3];
    segs.push({
      key: `hcp:${promptId}:${index}${environment === undefined ? "" : `:${environment}`}`,
      raw: m[0],
      promptId,
      messageIndex: Number(index),
      environment,
    });
    last = PARTIAL_RE.lastIndex;
  }
  if (segs !== null && last < src.length) segs.push(src.slice(last));
  return segs;
}

// ---------------------------------------------------------------------------------------------
// Variable table: one slot per distinct name, first type wins

const USE_TEXT = 1;
const USE_RAW = 2;
const USE_KEY = 4;

class SlotTable {
  readonly ids = new Map<string, number>();
  readonly names: string[] = [];
  readonly types: string[] = [];
  readonly uses: number[] = [];

  slot(name: string, type: string, use: number): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
      this.types.push(type);
      this.uses.push(0);
    }
    this.uses[id]! |= use;
    return id;
  }
}

interface SlotRef {
  readonly slot: number;
  readonly raw: string;
}
/** A string parsed once: `segs === null` means "no tag, use `src`". */
interface CText {
  readonly src: string;
  readonly segs: readonly (string | SlotRef)[] | null;
}

function toCText(src: string, segs: TagSegments | null, table: SlotTable, use: number): CText {
  if (segs === null) return { src, segs: null };
  return {
    src,
    segs: segs.map((s) => (typeof s === "string" ? s : { slot: table.slot(s.name, s.type, use), raw: s.raw })),
  };
}

const compileText = (src: string, table: SlotTable, use = USE_TEXT): CText => toCText(src, parseTags(src), table, use);

// ---------------------------------------------------------------------------------------------
// Compiled structures

/** A message text: variables parsed from the source; `inc` set when it holds partials. */
interface MText {
  readonly ct: CText;
  readonly inc: readonly (string | PartialTag)[] | null;
}

type PartPlan = { readonly text: MText } | { readonly other: ContentPart };

interface MessagePlan {
  /** The message without `content` (and with `toolCalls` copied), frozen. */
  readonly base: Readonly<Omit<PromptMessage, "content">>;
  readonly content: MText | readonly PartPlan[];
}

const J_STATIC = 0;
const J_TEXT = 1;
const J_EXACT = 2;
const J_ARRAY = 3;
const J_OBJECT = 4;

type JNode =
  | { readonly k: typeof J_STATIC; readonly v: unknown }
  | { readonly k: typeof J_TEXT; readonly t: CText }
  | { readonly k: typeof J_EXACT; readonly slot: number; readonly raw: string }
  | { readonly k: typeof J_ARRAY; readonly items: readonly JNode[] }
  | { readonly k: typeof J_OBJECT; readonly entries: readonly JEntry[] };

type JKey =
  | { readonly k: typeof J_STATIC; readonly key: string }
  | { readonly k: typeof J_TEXT; readonly t: CText }
  | { readonly k: typeof J_EXACT; readonly slot: number; readonly raw: string };

interface JEntry {
  readonly key: JKey;
  readonly value: JNode;
}

interface ToolPlan {
  readonly name: CText;
  readonly description: CText | undefined;
  readonly parameters: JNode | undefined;
  readonly strict: boolean | undefined;
}

type FormatPlan =
  | { readonly kind: "simple"; readonly type: "text" | "json_object" }
  | {
      readonly kind: "schema";
      readonly name: CText | undefined;
      readonly description: CText | undefined;
      readonly schema: JNode;
      readonly strict: boolean | undefined;
    };

/** Sets an own property, even `__proto__`. */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

function compileJson(value: unknown, table: SlotTable): JNode {
  if (typeof value === "string") {
    const segs = parseTags(value);
    if (segs === null) return { k: J_STATIC, v: value };
    const only = segs.length === 1 ? segs[0] : undefined;
    if (only !== undefined && typeof only !== "string") {
      return { k: J_EXACT, slot: table.slot(only.name, only.type, USE_RAW), raw: only.raw };
    }
    return { k: J_TEXT, t: toCText(value, segs, table, USE_TEXT) };
  }
  if (Array.isArray(value)) {
    const items = value.map((item) => compileJson(item, table));
    if (items.every((n) => n.k === J_STATIC)) {
      return { k: J_STATIC, v: Object.freeze(items.map((n) => (n as { v: unknown }).v)) };
    }
    return { k: J_ARRAY, items };
  }
  if (typeof value === "object" && value !== null) {
    const entries: JEntry[] = [];
    let isStatic = true;
    for (const key of Object.keys(value)) {
      const segs = parseTags(key);
      let jkey: JKey;
      if (segs === null) jkey = { k: J_STATIC, key };
      else {
        isStatic = false;
        const only = segs.length === 1 ? segs[0] : undefined;
        jkey =
          only !== undefined && typeof only !== "string"
            ? { k: J_EXACT, slot: table.slot(only.name, only.type, USE_KEY), raw: only.raw }
            : { k: J_TEXT, t: toCText(key, segs, table, USE_TEXT) };
      }
      const node = compileJson((value as Record<string, unknown>)[key], table);
      if (node.k !== J_STATIC) isStatic = false;
      entries.push({ key: jkey, value: node });
    }
    if (isStatic) {
      const copy: Record<string, unknown> = {};
      for (const e of entries) put(copy, (e.key as { key: string }).key, (e.value as { v: unknown }).v);
      return { k: J_STATIC, v: Object.freeze(copy) };
    }
    return { k: J_OBJECT, entries };
  }
  return { k: J_STATIC, v: value };
}

// ---------------------------------------------------------------------------------------------
// Values

function typeOk(value: unknown, type: string): boolean {
  const t = typeof value;
  if (t === "function" || t === "symbol") return false;
  switch (type) {
    case "number":
      if (t === "number") return true;
      try {
        return !Number.isNaN(Number(value));
      } catch {
        return false; // objects whose conversion throws (null prototype, throwing valueOf)
      }
    case "boolean":
      return t === "boolean" || (t === "string" && BOOLEAN_WORDS.has((value as string).toLowerCase()));
    default:
      return true;
  }
}

/** The text a value is inserted as; `null` when it cannot be written. */
function toText(value: unknown): string | null {
  switch (typeof value) {
    case "string":
      return value;
    case "number":
    case "boolean":
    case "bigint":
      return String(value);
    case "object":
      try {
        const json = JSON.stringify(value) as string | undefined;
        if (json === undefined) return null;
        return json.charCodeAt(0) === 34 /* " */ ? (JSON.parse(json) as string) : json;
      } catch {
        return null;
      }
    default:
      return null;
  }
}

/** The JSON value a value is inserted as in JSON positions; `null` when it cannot be written. */
function toJson(value: unknown): { v: unknown } | null {
  switch (typeof value) {
    case "string":
    case "number":
    case "boolean":
      return { v: value };
    case "object":
      try {
        const json = JSON.stringify(value) as string | undefined;
        return json === undefined ? null : { v: JSON.parse(json) as unknown };
      } catch {
        return null;
      }
    default:
      return null;
  }
}

function received(value: unknown): string {
  try {
    return describeValue(value);
  } catch {
    return typeof value;
  }
}

interface SlotState {
  readonly ok: boolean;
  readonly v: unknown;
  text?: string | null;
  json?: { v: unknown } | null;
  key?: string | null;
}

/** Resolves variables once per render, memoized per slot. */
class Resolver {
  readonly states: (SlotState | undefined)[] = [];
  readonly problems: VariableProblem[] = [];
  private readonly seen = new Set<string>();
  readonly names: string[];
  readonly types: string[];
  readonly uses: number[];
  private extra: Map<string, number> | undefined;

  constructor(
    private readonly table: SlotTable,
    private readonly vars: object,
    readonly keep: boolean,
    extensible: boolean,
  ) {
    // Names found only in a partial's text get render-local slots; copy only then.
    this.names = extensible ? table.names.slice() : table.names;
    this.types = extensible ? table.types.slice() : table.types;
    this.uses = extensible ? table.uses.slice() : table.uses;
  }

  /** The slot for a name met at render time (in spliced partial text). */
  slotFor(name: string, type: string): number {
    const id = this.table.ids.get(name) ?? this.extra?.get(name);
    if (id !== undefined) return id;
    this.extra ??= new Map();
    const fresh = this.names.length;
    this.extra.set(name, fresh);
    this.names.push(name);
    this.types.push(type);
    this.uses.push(USE_TEXT);
    return fresh;
  }

  private problem(slot: number, expected: string, value: unknown): void {
    if (this.keep) return;
    const name = this.names[slot]!;
    const id = `${name}\u0000${expected}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.problems.push({ name, expected, received: received(value) });
  }

  state(slot: number): SlotState {
    let s = this.states[slot];
    if (s !== undefined) return s;
    const name = this.names[slot]!;
    const v = Object.hasOwn(this.vars, name) ? (this.vars as Record<string, unknown>)[name] : undefined;
    if (v === undefined || v === null) {
      s = { ok: false, v };
      this.problem(slot, "defined", v);
    } else if (!typeOk(v, this.types[slot]!)) {
      s = { ok: false, v };
      this.problem(slot, this.types[slot]!, v);
    } else {
      s = { ok: true, v };
    }
    this.states[slot] = s;
    return s;
  }

  text(slot: number): string | null {
    const s = this.state(slot);
    if (!s.ok) return null;
    if (s.text === undefined) {
      s.text = toText(s.v);
      if (s.text === null) this.problem(slot, JSON_SERIALIZABLE, s.v);
    }
    return s.text;
  }

  json(slot: number): { v: unknown } | null {
    const s = this.state(slot);
    if (!s.ok) return null;
    if (s.json === undefined) {
      s.json = toJson(s.v);
      if (s.json === null) this.problem(slot, JSON_SERIALIZABLE, s.v);
    }
    return s.json;
  }

  key(slot: number): string | null {
    const s = this.state(slot);
    if (!s.ok) return null;
    if (s.key === undefined) {
      s.key = typeof s.v === "string" ? s.v : null;
      if (s.key === null) this.problem(slot, "string", s.v);
    }
    return s.key;
  }

  /** Error mode: resolve every slot in every position it is used, collecting all problems. */
  checkAll(): void {
    for (let slot = 0; slot < this.names.length; slot++) {
      const use = this.uses[slot]!;
      if (!this.state(slot).ok) continue;
      if (use & USE_TEXT) this.text(slot);
      if (use & USE_RAW) this.json(slot);
      if (use & USE_KEY) this.key(slot);
    }
  }
}

function renderCText(ct: CText, r: Resolver): string {
  const segs = ct.segs;
  if (segs === null) return ct.src;
  let out = "";
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    if (typeof seg === "string") out += seg;
    else {
      const text = r.text(seg.slot);
      out += text === null ? seg.raw : text;
    }
  }
  return out;
}

function renderJson(node: JNode, r: Resolver): unknown {
  switch (node.k) {
    case J_STATIC:
      return node.v;
    case J_TEXT:
      return renderCText(node.t, r);
    case J_EXACT: {
      const json = r.json(node.slot);
      return json === null ? node.raw : json.v;
    }
    case J_ARRAY: {
      const out = new Array<unknown>(node.items.length);
      for (let i = 0; i < node.items.length; i++) out[i] = renderJson(node.items[i]!, r);
      return out;
    }
    case J_OBJECT: {
      const out: Record<string, unknown> = {};
      for (const { key, value } of node.entries) {
        let k: string;
        if (key.k === J_STATIC) k = key.key;
        else if (key.k === J_TEXT) k = renderCText(key.t, r);
        else k = r.key(key.slot) ?? key.raw;
        put(out, k, renderJson(value, r));
      }
      return out;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The compiled template

const PARSE_CACHE_LIMIT = 64;

class HeliconeCompiled implements CompiledTemplate {
  readonly includes: readonly TemplateInclude[];
  private readonly table = new SlotTable();
  private readonly messages: readonly MessagePlan[];
  private readonly tools: readonly ToolPlan[];
  private readonly format: FormatPlan | undefined;
  private readonly toolChoice: ToolChoice | undefined;
  /** Message texts holding partials, in order. */
  private readonly partialTexts: MText[] = [];
  /** Spliced partial text → its tags, so repeated renders with the same partials parse once. */
  private readonly spliceCache = new Map<string, TagSegments | null>();

  constructor(private readonly version: PromptVersion) {
    const includes = new Map<string, TemplateInclude>();
    this.messages = (version.messages ?? []).map((m) => this.compileMessage(m, includes));
    this.tools = (version.tools ?? []).map((t) => this.compileTool(t));
    this.format = version.responseFormat === undefined ? undefined : this.compileFormat(version.responseFormat);
    this.toolChoice = version.toolChoice;
    this.includes = Object.freeze([...includes.values()].map((i) => Object.freeze(i)));
  }

  private compileMText(src: string, includes: Map<string, TemplateInclude>): MText {
    const inc = parsePartials(src);
    const mt: MText = { ct: compileText(src, this.table), inc };
    if (inc !== null) {
      this.partialTexts.push(mt);
      for (const seg of inc) {
        if (typeof seg === "string" || includes.has(seg.key)) continue;
        const ref: TemplateInclude["ref"] = { vendor: this.version.vendor ?? VENDOR_DEFAULT, promptId: seg.promptId };
        if (seg.environment !== undefined) ref.environment = seg.environment;
        includes.set(seg.key, { key: seg.key, ref: Object.freeze(ref), messageIndex: seg.messageIndex });
      }
    }
    return mt;
  }

  private compileMessage(message: PromptMessage, includes: Map<string, TemplateInclude>): MessagePlan {
    const { content, ...rest } = message;
    const base: Omit<PromptMessage, "content"> = { ...rest };
    if (rest.toolCalls !== undefined) base.toolCalls = rest.toolCalls.map((c) => Object.freeze({ ...c }));
    let plan: MText | PartPlan[];
    if (typeof content === "string") plan = this.compileMText(content, includes);
    else if (Array.isArray(content)) {
      plan = content.map((part): PartPlan =>
        part.type === "text" && typeof part.text === "string"
          ? { text: this.compileMText(part.text, includes) }
          : { other: Object.freeze({ ...part }) },
      );
    } else plan = this.compileMText("", includes);
    return { base: Object.freeze(base), content: plan };
  }

  private compileTool(tool: PromptTool): ToolPlan {
    return {
      name: compileText(tool.name, this.table),
      description: tool.description === undefined ? undefined : compileText(tool.description, this.table),
      parameters: tool.parameters === undefined ? undefined : compileJson(tool.parameters, this.table),
      strict: tool.strict,
    };
  }

  private compileFormat(format: ResponseFormat): FormatPlan {
    if (format.type !== "json_schema") return { kind: "simple", type: format.type };
    return {
      kind: "schema",
      name: format.name === undefined ? undefined : compileText(format.name, this.table),
      description: format.description === undefined ? undefined : compileText(format.description, this.table),
      schema: compileJson(format.schema, this.table),
      strict: format.strict,
    };
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
    const vars: object = typeof variables === "object" && variables !== null ? variables : {};
    const hasPartials = this.partialTexts.length > 0;
    const r = new Resolver(this.table, vars, keep, hasPartials);

    // Partials first: their text is template, so its tags must be known before validation.
    let spliced: Map<MText, CText> | undefined;
    if (hasPartials) {
      const included = options?.included;
      if (!keep) {
        const absent = this.includes.filter((i) => typeof included?.get(i.key) !== "string").map((i) => i.key);
        if (absent.length > 0) {
          throw new PromptError({
            code: "unsupported",
            vendor: this.vendorName,
            operation: "render",
            message:
              `${capitalize(this.label)} includes other prompts (${absent.join(", ")}). ` +
              `Render it with prompts.render(), which resolves prompt partials, or pass their text in options.included.`,
          });
        }
      }
      spliced = new Map();
      for (const mt of this.partialTexts) {
        const text = splice(mt.inc!, included);
        const segs = this.parseSpliced(text);
        spliced.set(mt, {
          src: text,
          segs: segs === null ? null : segs.map((s) => (typeof s === "string" ? s : { slot: r.slotFor(s.name, s.type), raw: s.raw })),
        });
      }
    }

    if (!keep) {
      r.checkAll();
      if (r.problems.length > 0) {
        throw new PromptError({
          code: "invalid_variables",
          vendor: this.vendorName,
          operation: "render",
          message: `Cannot render ${this.label}: ${formatProblems(r.problems)}`,
          problems: r.problems,
        });
      }
    }

    const text = (mt: MText): string => renderCText(spliced?.get(mt) ?? mt.ct, r);
    const messages = this.messages.map((plan): PromptMessage => {
      const base = plan.base;
      const message: PromptMessage = {
        ...base,
        content: isMText(plan.content)
          ? text(plan.content)
          : plan.content.map((p): ContentPart => ("text" in p ? { type: "text", text: text(p.text) } : { ...p.other })),
      };
      if (base.toolCalls !== undefined) message.toolCalls = base.toolCalls.map((c) => ({ ...c }));
      return message;
    });

    const tools = this.tools.map((plan): PromptTool => {
      const tool: PromptTool = { name: renderCText(plan.name, r) };
      if (plan.description !== undefined) tool.description = renderCText(plan.description, r);
      if (plan.parameters !== undefined) tool.parameters = renderJson(plan.parameters, r) as JsonSchema;
      if (plan.strict !== undefined) tool.strict = plan.strict;
      return tool;
    });

    const body: RenderedBody = { messages, tools };
    if (this.toolChoice !== undefined) {
      body.toolChoice = typeof this.toolChoice === "string" ? this.toolChoice : { ...this.toolChoice };
    }
    const format = this.format;
    if (format !== undefined) {
      if (format.kind === "simple") body.responseFormat = { type: format.type };
      else {
        const rf: ResponseFormat = { type: "json_schema", schema: renderJson(format.schema, r) as JsonSchema };
        if (format.name !== undefined) rf.name = renderCText(format.name, r);
        if (format.description !== undefined) rf.description = renderCText(format.description, r);
        if (format.strict !== undefined) rf.strict = format.strict;
        body.responseFormat = rf;
      }
    }
    return body;
  }

  private parseSpliced(text: string): TagSegments | null {
    const hit = this.spliceCache.get(text);
    if (hit !== undefined || this.spliceCache.has(text)) return hit ?? null;
    const segs = parseTags(text);
    if (this.spliceCache.size >= PARSE_CACHE_LIMIT) this.spliceCache.clear();
    this.spliceCache.set(text, segs);
    return segs;
  }

  includeText(messageIndex: number, included?: ReadonlyMap<string, string>): string {
    try {
      const plan = Number.isInteger(messageIndex) && messageIndex >= 0 ? this.messages[messageIndex] : undefined;
      if (plan === undefined) return "";
      const textOf = (mt: MText): string => (mt.inc === null ? mt.ct.src : splice(mt.inc, included));
      if (isMText(plan.content)) return textOf(plan.content);
      const texts: string[] = [];
      for (const p of plan.content) {
        if ("text" in p) {
          const t = textOf(p.text);
          if (t.length > 0) texts.push(t);
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

function isMText(content: MText | readonly PartPlan[]): content is MText {
  return !Array.isArray(content);
}

/** Partials replaced by their text; a partial without text stays as written. */
function splice(segs: readonly (string | PartialTag)[], included: ReadonlyMap<string, string> | undefined): string {
  let out = "";
  for (const seg of segs) {
    if (typeof seg === "string") out += seg;
    else {
      const text = included?.get(seg.key);
      out += typeof text === "string" ? text : seg.raw;
    }
  }
  return out;
}

function formatProblems(problems: readonly VariableProblem[]): string {
  const lines = problems.map((p) =>
    p.expected === "defined"
      ? `"${p.name}" is missing (got ${p.received})`
      : `"${p.name}" should be ${p.expected === JSON_SERIALIZABLE ? "a " + JSON_SERIALIZABLE : p.expected}, got ${p.received}`,
  );
  return `${problems.length} variable problem${problems.length === 1 ? "" : "s"}: ${lines.join("; ")}.`;
}

function errorText(err: unknown): string {
  try {
    return err instanceof Error ? err.message : String(err);
  } catch {
    return "unknown error";
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Public API

/**
 * The template engine for versions whose `template` is `"helicone"`.
 *
 * @example
 * const compiled = heliconeTemplate.compile(version);
 * const { messages } = compiled.render({ name: "Bob", count: 0 });
 */
export const heliconeTemplate: TemplateEngine = Object.freeze({
  syntax: "helicone",
  compile(version: PromptVersion): CompiledTemplate {
    try {
      return new HeliconeCompiled(version);
    } catch (err) {
      if (PromptError.is(err)) throw err;
      throw new PromptError({
        code: "invalid_response",
        vendor: version?.vendor ?? VENDOR_DEFAULT,
        operation: "compile",
        message: `Could not compile the Helicone template: ${errorText(err)}`,
        cause: err,
      });
    }
  },
});

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
  messages: readonly PromptMessage[];
  tools: readonly PromptTool[];
  responseFormat?: ResponseFormat | undefined;
}): PromptVariable[] {
  const table = new SlotTable();
  const scan = (s: string | undefined): void => {
    if (typeof s === "string") toCText(s, parseTags(s), table, USE_TEXT);
  };
  for (const m of parts.messages ?? []) {
    if (typeof m.content === "string") scan(m.content);
    else if (Array.isArray(m.content)) for (const p of m.content) if (p.type === "text") scan(p.text);
  }
  for (const t of parts.tools ?? []) {
    scan(t.name);
    scan(t.description);
    if (t.parameters !== undefined) compileJson(t.parameters, table);
  }
  const rf = parts.responseFormat;
  if (rf?.type === "json_schema") {
    scan(rf.name);
    scan(rf.description);
    compileJson(rf.schema, table);
  }
  return table.names.map((name, i) => ({ name, type: table.types[i]!, required: true }));
}
