/**
 * Parsing Langfuse templates: Mustache as the `mustache` package 4.2.0 parses it (the parser
 * `@langfuse/client` 5.11.1 uses), and `@@@langfusePrompt:…@@@` prompt-dependency tags as the
 * Langfuse server finds them.
 *
 * Both scanners are hand-written and take time linear in the text whatever the text: every
 * search is a forward `indexOf` from a position that only moves forward, and whitespace is
 * tested one character at a time. No regular expression runs over template text.
 */

/** A `{{name}}`, `{{{name}}}` or `{{&name}}` tag (Langfuse never HTML-escapes, so all three are the same). */
export interface VariableNode {
  readonly kind: "variable";
  readonly name: string;
  /** The dotted name split at `.` when Mustache treats it as a path (a `.` after the first character). */
  readonly path: readonly string[] | null;
}

/** A `{{#name}}…{{/name}}` section, or an inverted `{{^name}}…{{/name}}` one. */
export interface SectionNode {
  readonly kind: "section";
  readonly inverted: boolean;
  readonly name: string;
  readonly path: readonly string[] | null;
  readonly children: readonly TemplateNode[];
}

/** Literal text, a variable or a section. Comments, partials and delimiter changes leave nothing. */
export type TemplateNode = string | VariableNode | SectionNode;

/** A tag as met while scanning, for variable discovery (even when the template turns out malformed). */
export interface ScannedTag {
  readonly type: "variable" | "section" | "inverted";
  readonly name: string;
  /** How many `{{#…}}` sections enclose the tag (inverted sections do not change the context). */
  readonly sectionDepth: number;
}

export interface ParsedTemplate {
  /** `null` when the template is malformed. */
  readonly nodes: readonly TemplateNode[] | null;
  /** Why the template is malformed (as Mustache would refuse it), or `null`. */
  readonly error: string | null;
  /** Set when the template is refused for a limit of this engine rather than by Mustache. */
  readonly unsupported: boolean;
  /** The variable and section tags met before the end or the first error, in order. */
  readonly tags: readonly ScannedTag[];
}

/**
 * Sections nested deeper than this are refused: rendering recurses once per level, and Mustache
 * itself overflows the stack a few thousand levels down. No real prompt comes close.
 */
export const MAX_SECTION_DEPTH = 256;
/**
 * Longest delimiter a `{{=<% %>=}}` tag may set. Finding a delimiter costs up to its length per
 * character of text, so an unbounded one would make scanning quadratic.
 */
export const MAX_DELIMITER_LENGTH = 16;

/** JavaScript's `\s`: what Mustache's `\s*` skips and its `\S` test counts as space. */
export function isWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

const NEWLINE = 0x0a;
const TAG_TYPES = "#^/>{&=!";

/** Literal text on a line; blanked when the line turns out to be a standalone tag line. */
interface TextToken {
  text: string;
}

interface OpenSection {
  readonly name: string;
  readonly inverted: boolean;
  readonly children: (TemplateNode | TextToken)[];
}

class TemplateSyntaxError extends Error {
  constructor(
    message: string,
    readonly unsupported = false,
  ) {
    super(message);
  }
}

/** A Mustache name's path: split at `.` when the name has a `.` after its first character, as Mustache does. */
function pathOf(name: string): readonly string[] | null {
  return name.indexOf(".") > 0 ? Object.freeze(name.split(".")) : null;
}

/**
 * Parses a Mustache template as `mustache` 4.2.0 does: the same tags, the same whitespace
 * trimming inside tags, the same "standalone line" removal (a line holding only whitespace and
 * section, comment, partial or delimiter tags disappears with its newline), and the same errors
 * (unclosed tag, unopened, mismatched or unclosed section, invalid delimiters). Never throws.
 *
 * @example
 * parseTemplate("Hi {{name}}!").nodes; // → ["Hi ", { kind: "variable", name: "name", path: null }, "!"]
 */
export function parseTemplate(template: string): ParsedTemplate {
  const tags: ScannedTag[] = [];
  const root: (TemplateNode | TextToken)[] = [];
  const sections: OpenSection[] = [];
  let children = root;
  let sectionDepth = 0;
  let open = "{{";
  let close = "}}";
  // The current line: its text tokens, whether it has a tag, whether anything on it prints.
  let lineTexts: TextToken[] = [];
  let lineHasTag = false;
  let lineHasOutput = false;

  const endLine = (): void => {
    if (lineHasTag && !lineHasOutput) for (const token of lineTexts) token.text = "";
    lineTexts = [];
    lineHasTag = false;
    lineHasOutput = false;
  };
  const pushLineText = (from: number, to: number): void => {
    const token = { text: template.slice(from, to) };
    children.push(token);
    lineTexts.push(token);
  };
  /**
   * Text between two tags: its first line continues the current line (which may turn out
   * standalone), its last line starts a new one; the whole lines between them hold no tag, so
   * they are never removed and go in as one token (not one per line: a template of newlines
   * would otherwise allocate a token per character).
   */
  const addText = (from: number, to: number): void => {
    let i = from;
    for (; i < to; i++) {
      const code = template.charCodeAt(i);
      if (code === NEWLINE) break;
      if (!lineHasOutput && !isWhitespace(code)) lineHasOutput = true;
    }
    if (i === to) {
      if (from < to) pushLineText(from, to);
      return;
    }
    pushLineText(from, i + 1);
    endLine();
    let lastNewline = i;
    for (let j = i + 1; j < to; j++) if (template.charCodeAt(j) === NEWLINE) lastNewline = j;
    if (lastNewline > i) children.push({ text: template.slice(i + 1, lastNewline + 1) });
    for (let k = lastNewline + 1; k < to && !lineHasOutput; k++) if (!isWhitespace(template.charCodeAt(k))) lineHasOutput = true;
    if (lastNewline + 1 < to) pushLineText(lastNewline + 1, to);
  };
  const skipWhitespace = (from: number): number => {
    let i = from;
    while (i < template.length && isWhitespace(template.charCodeAt(i))) i++;
    return i;
  };
  /** The end of a tag's value: `end` moved back over whitespace, never before `start` (Mustache's `\s*` before a delimiter). */
  const trimEnd = (start: number, end: number): number => {
    let i = end;
    while (i > start && isWhitespace(template.charCodeAt(i - 1))) i--;
    return i;
  };
  const find = (needle: string, from: number): number => {
    const at = template.indexOf(needle, from);
    if (at === -1) throw new TemplateSyntaxError(`Unclosed tag at ${template.length}`);
    return at;
  };

  try {
    let pos = 0;
    while (pos < template.length) {
      const tagStart = template.indexOf(open, pos);
      addText(pos, tagStart === -1 ? template.length : tagStart);
      if (tagStart === -1) break;
      lineHasTag = true;
      let p = skipWhitespace(tagStart + open.length);
      let type = p < template.length && TAG_TYPES.includes(template.charAt(p)) ? template.charAt(p) : "name";
      if (type !== "name") p++;
      p = skipWhitespace(p);
      let value: string;
      if (type === "=") {
        const equals = find("=", p);
        value = template.slice(p, trimEnd(p, equals));
        pos = find(close, equals + 1) + close.length;
      } else if (type === "{") {
        const curly = find(`}${close}`, p);
        value = template.slice(p, trimEnd(p, curly));
        pos = curly + 1 + close.length;
        type = "&";
      } else {
        const end = find(close, p);
        value = template.slice(p, trimEnd(p, end));
        pos = end + close.length;
      }

      if (type === "#" || type === "^") {
        const inverted = type === "^";
        tags.push({ type: inverted ? "inverted" : "section", name: value, sectionDepth });
        if (sections.length >= MAX_SECTION_DEPTH) {
          throw new TemplateSyntaxError(`Sections nest deeper than ${MAX_SECTION_DEPTH} levels`, true);
        }
        const section: OpenSection = { name: value, inverted, children: [] };
        sections.push(section);
        if (!inverted) sectionDepth++;
        children = section.children;
      } else if (type === "/") {
        const section = sections.pop();
        if (section === undefined) throw new TemplateSyntaxError(`Unopened section "${value}" at ${tagStart}`);
        if (section.name !== value) throw new TemplateSyntaxError(`Unclosed section "${section.name}" at ${tagStart}`);
        if (!section.inverted) sectionDepth--;
        children = sections.length > 0 ? sections[sections.length - 1]!.children : root;
        // Children stay raw until the end: a later standalone line may still blank their text.
        children.push({
          kind: "section",
          inverted: section.inverted,
          name: section.name,
          path: pathOf(section.name),
          children: section.children as TemplateNode[],
        });
      } else if (type === "name" || type === "&") {
        lineHasOutput = true;
        tags.push({ type: "variable", name: value, sectionDepth });
        children.push({ kind: "variable", name: value, path: pathOf(value) });
      } else if (type === "=") {
        [open, close] = delimitersOf(value);
      }
      // "!" comments and ">" partials print nothing: Langfuse passes no partials to Mustache.
    }
    endLine();
    const unclosed = sections.pop();
    if (unclosed !== undefined) throw new TemplateSyntaxError(`Unclosed section "${unclosed.name}" at ${template.length}`);
    return { nodes: finish(root), error: null, unsupported: false, tags };
  } catch (err) {
    if (!(err instanceof TemplateSyntaxError)) throw err;
    return { nodes: null, error: err.message, unsupported: err.unsupported, tags };
  }
}

/** The opening and closing delimiters a `{{=open close=}}` tag sets, split as Mustache splits them. */
function delimitersOf(value: string): [string, string] {
  let i = 0;
  while (i < value.length && !isWhitespace(value.charCodeAt(i))) i++;
  const first = value.slice(0, i);
  while (i < value.length && isWhitespace(value.charCodeAt(i))) i++;
  let j = i;
  while (j < value.length && !isWhitespace(value.charCodeAt(j))) j++;
  const second = value.slice(i, j);
  if (i === first.length || first.length === 0) throw new TemplateSyntaxError(`Invalid tags: ${value}`);
  if (first.length > MAX_DELIMITER_LENGTH || second.length > MAX_DELIMITER_LENGTH) {
    throw new TemplateSyntaxError(`Delimiters longer than ${MAX_DELIMITER_LENGTH} characters are not supported`, true);
  }
  return [first, second];
}

/** Text tokens joined into strings, empty ones dropped, in sections too. */
function finish(items: readonly (TemplateNode | TextToken)[]): TemplateNode[] {
  const out: TemplateNode[] = [];
  let text = "";
  for (const item of items) {
    if (typeof item === "string") text += item;
    else if ("text" in item) text += item.text;
    else {
      if (text.length > 0) out.push(text);
      text = "";
      out.push(item.kind === "section" ? { ...item, children: finish(item.children as (TemplateNode | TextToken)[]) } : item);
    }
  }
  if (text.length > 0) out.push(text);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Prompt dependencies

/** A prompt-dependency tag: `@@@langfusePrompt:name=NAME|version=N@@@` or `…|label=LABEL@@@`. */
export interface IncludeTag {
  /** The tag as written: the include's key. */
  readonly raw: string;
  readonly name: string;
  readonly version?: number;
  readonly label?: string;
}

/** Text split into literal pieces and dependency tags. */
export type TextWithIncludes = readonly (string | IncludeTag)[];

export const INCLUDE_OPENER = "@@@langfusePrompt:";
const INCLUDE_CLOSER = "@@@";

/**
 * The prompt-dependency tags the Langfuse server finds in a text, in order (repeats included).
 * The server finds `@@@langfusePrompt:(.*?)@@@` (first opener, up to the next `@@@`; a line
 * separator U+2028/U+2029 inside stops that match), keeps tags of exactly two parts with `name`
 * first, and then replaces the exact text `name=NAME|version=N` or `name=NAME|label=LABEL`.
 * So a tag is recognized only in that exact form: non-empty name and label without `=`, a
 * version written as the server writes numbers (`3`, not `03`), and no character JSON would
 * escape (`"`, `\`, control characters). Anything else stays literal text, as on the server.
 *
 * @example
 * findIncludeTags("A @@@langfusePrompt:name=tone|label=production@@@");
 * // → [{ raw: "@@@langfusePrompt:name=tone|label=production@@@", name: "tone", label: "production" }]
 */
export function findIncludeTags(text: string): IncludeTag[] {
  const tags: IncludeTag[] = [];
  let pos = 0;
  while (pos < text.length) {
    const start = text.indexOf(INCLUDE_OPENER, pos);
    if (start === -1) break;
    const innerStart = start + INCLUDE_OPENER.length;
    const end = text.indexOf(INCLUDE_CLOSER, innerStart);
    if (end === -1) break;
    const inner = text.slice(innerStart, end);
    if (hasLineSeparator(inner)) {
      // The server's `.` stops at U+2028/U+2029: that match fails and the search goes on.
      pos = start + 1;
      continue;
    }
    pos = end + INCLUDE_CLOSER.length;
    const tag = includeTagOf(inner, text.slice(start, pos));
    if (tag !== null) tags.push(tag);
  }
  return tags;
}

/**
 * A text split at every occurrence of the `known` tags, or `null` when it has none. The server
 * replaces every occurrence of a dependency's tag, also one that its tag search skipped (inside
 * the span of a malformed tag before it), so this finds occurrences, not search results.
 * Occurrences do not overlap: the leftmost wins, as in a global `replace`.
 */
export function splitAtIncludes(text: string, known: ReadonlyMap<string, IncludeTag>): TextWithIncludes | null {
  if (known.size === 0) return null;
  let out: (string | IncludeTag)[] | null = null;
  let literalStart = 0;
  let pos = 0;
  while (pos < text.length) {
    const start = text.indexOf(INCLUDE_OPENER, pos);
    if (start === -1) break;
    // A tag has no `@@@` inside, so the first one after the opener ends any tag starting here.
    const end = text.indexOf(INCLUDE_CLOSER, start + INCLUDE_OPENER.length);
    if (end === -1) break;
    const tag = known.get(text.slice(start, end + INCLUDE_CLOSER.length));
    if (tag === undefined) {
      pos = start + 1;
      continue;
    }
    out ??= [];
    if (start > literalStart) out.push(text.slice(literalStart, start));
    out.push(tag);
    pos = literalStart = end + INCLUDE_CLOSER.length;
  }
  if (out === null) return null;
  if (literalStart < text.length) out.push(text.slice(literalStart));
  return out;
}

/**
 * A text split at its prompt-dependency tags (see `findIncludeTags`), or `null` when it has none.
 *
 * @example
 * parseIncludeTags("A @@@langfusePrompt:name=tone|label=production@@@");
 * // → ["A ", { raw: "@@@langfusePrompt:name=tone|label=production@@@", name: "tone", label: "production" }]
 */
export function parseIncludeTags(text: string): TextWithIncludes | null {
  return splitAtIncludes(text, new Map(findIncludeTags(text).map((tag) => [tag.raw, tag])));
}

function hasLineSeparator(s: string): boolean {
  return s.indexOf("\u2028") !== -1 || s.indexOf("\u2029") !== -1;
}

function includeTagOf(inner: string, raw: string): IncludeTag | null {
  const bar = inner.indexOf("|");
  if (bar === -1 || inner.indexOf("|", bar + 1) !== -1) return null;
  const first = inner.slice(0, bar);
  const second = inner.slice(bar + 1);
  if (!first.startsWith("name=")) return null;
  const name = first.slice("name=".length);
  if (!isPlainPart(name)) return null;
  if (second.startsWith("version=")) {
    const digits = second.slice("version=".length);
    const version = Number(digits);
    if (!/^[1-9][0-9]{0,14}$/.test(digits) || !Number.isSafeInteger(version)) return null;
    return Object.freeze({ raw, name, version });
  }
  if (second.startsWith("label=")) {
    const label = second.slice("label=".length);
    return isPlainPart(label) ? Object.freeze({ raw, name, label }) : null;
  }
  return null;
}

/** Non-empty, no `=`, and nothing that JSON escapes (the server matches tags inside JSON text). */
function isPlainPart(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code < 0x20 || code === 0x22 || code === 0x3d || code === 0x5c) return false;
    // Lone surrogates are escaped by JSON.stringify too.
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (code >= 0xdc00 && code <= 0xdfff) return false;
  }
  return true;
}
