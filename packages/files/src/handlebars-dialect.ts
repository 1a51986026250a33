/**
 * The Handlebars of dotprompt bodies in the neutral form (see core's `translate/dialect.ts`):
 * `{{name}}` and `{{a.b}}` variables (`{{[odd name]}}` for names Handlebars would not read as one),
 * `{{#name}}…{{/name}}` / `{{^name}}…{{/name}}` sections (`{{#if}}` and `{{#unless}}` read as
 * sections too), and `{{> promptId}}` partials as includes of message 0 of the prompt's
 * production version, in the file's vendor. Only message text is a template: dotprompt's tools
 * and output schema are plain JSON.
 *
 * dotprompt compiles with `noEscape`, so a variable inserts its value as it is. A literal `{{`
 * is written `\{{`. Handlebars drops a block tag that stands alone on its line together with
 * that line's whitespace; the reader does the same, so a translation that would be changed by it
 * is caught by the read-back check and reported instead of being written.
 *
 * Role markers (`{{role "user"}}`) and the `{{history}}` slot sit between messages: the
 * prompt-file layer handles them, not this dialect.
 */
import { defineDialect, lowerCommon, PromptError, type DialectGrammar, type NeutralText, type WriteContext } from "@polyprompt/core";

export const DOTPROMPT_SYNTAX = "dotprompt";

/** A path segment Handlebars reads as an identifier. */
const ID = /^[^\s!"#%&'()*+,./;<=>@[\\\]^`{|}~]+$/u;
const RESERVED = new Set(["true", "false", "null", "undefined", "else", "this"]);
/** A partial name written bare: segments of identifier characters, separated by `/`. */
const PARTIAL = /^[A-Za-z0-9_][\w-]*(?:\/[A-Za-z0-9_][\w-]*)*$/;

function printSegment(segment: string): string | null {
  if (ID.test(segment) && !/^-?\d/.test(segment) && !RESERVED.has(segment)) return segment;
  return segment.includes("]") || segment === "" ? null : `[${segment}]`;
}

/** `{{…}}` content for a variable or section name, or null when Handlebars cannot name it. */
function printName(name: string): string | null {
  if (name === ".") return ".";
  const segments = name.split(".").map(printSegment);
  return segments.some((segment) => segment === null) ? null : segments.join(".");
}

function invalid(vendor: string, message: string): PromptError {
  return new PromptError({ code: "invalid_prompt", vendor, operation: "translate", message });
}

/** Reads a path expression (`a.b`, `[odd name]`, `this`, `.`) into a neutral name. */
function readName(expression: string, vendor: string, tag: string): string {
  if (expression === "." || expression === "this") return ".";
  const segments: string[] = [];
  let rest = expression.startsWith("this.") ? expression.slice(5) : expression;
  while (rest.length > 0) {
    let segment: string;
    if (rest.startsWith("[")) {
      const end = rest.indexOf("]");
      if (end < 0) throw invalid(vendor, `The tag ${tag} has an unclosed [.`);
      segment = rest.slice(1, end);
      rest = rest.slice(end + 1);
    } else {
      const match = /^[^.[\]]+/.exec(rest);
      segment = match?.[0] ?? "";
      rest = rest.slice(segment.length);
      if (!ID.test(segment))
        throw invalid(vendor, `The tag ${tag} is a helper call or an expression, which polyprompt does not translate.`);
    }
    segments.push(segment);
    if (rest.startsWith(".") || rest.startsWith("/")) rest = rest.slice(1);
    else if (rest.length > 0) throw invalid(vendor, `The tag ${tag} is not a name.`);
  }
  return segments.join(".");
}

interface Token {
  kind: "text" | "variable" | "open" | "close" | "partial" | "comment";
  text: string;
  name: string;
  inverted: boolean;
  stripBefore: boolean;
  stripAfter: boolean;
}

const BLOCK_KINDS = new Set<Token["kind"]>(["open", "close", "partial", "comment"]);

/** Splits Handlebars text into literal text and tags, honouring `\{{` escapes. */
function tokenize(text: string, vendor: string): Token[] {
  const tokens: Token[] = [];
  const literal = (piece: string): void => {
    if (piece === "") return;
    const last = tokens[tokens.length - 1];
    if (last?.kind === "text") last.text += piece;
    else tokens.push({ kind: "text", text: piece, name: "", inverted: false, stripBefore: false, stripAfter: false });
  };
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf("{{", at);
    if (open < 0) {
      literal(text.slice(at));
      break;
    }
    // `\{{` is a literal `{{`; `\\{{` is a literal `\` and then a tag.
    if (text[open - 1] === "\\" && text[open - 2] !== "\\") {
      literal(text.slice(at, open - 1));
      const next = text.indexOf("{{", open + 2);
      const end = next < 0 ? text.length : next;
      literal(text.slice(open, end));
      at = end;
      continue;
    }
    literal(text.slice(at, text[open - 1] === "\\" ? open - 1 : open));
    const triple = text.startsWith("{{{", open) || text.startsWith("{{~{", open);
    const commentBlock = /^\{\{~?!--/.test(text.slice(open, open + 6));
    const closer = triple ? "}}}" : commentBlock ? "--}}" : "}}";
    const close = text.indexOf(closer, open + 2);
    if (close < 0) throw invalid(vendor, `A tag opened at character ${open} is never closed.`);
    if (!triple && !commentBlock && text[close + 2] === "}")
      throw invalid(vendor, `The tag at character ${open} is followed by "}": Handlebars reads "}}}" as the end of a triple stash.`);
    const raw = text.slice(open, close + closer.length);
    let inner = text.slice(open + 2, close + (commentBlock ? 2 : 0));
    const stripBefore = inner.startsWith("~");
    if (stripBefore) inner = inner.slice(1);
    const stripAfter = inner.endsWith("~") && !triple;
    if (stripAfter) inner = inner.slice(0, -1);
    at = close + closer.length;
    const token: Token = { kind: "variable", text: raw, name: "", inverted: false, stripBefore, stripAfter };
    if (triple) {
      token.name = readName(inner.slice(1).replace(/~$/, "").trim(), vendor, raw);
    } else if (inner.startsWith("!")) {
      token.kind = "comment";
    } else if (inner.startsWith("#") || inner.startsWith("^")) {
      const body = inner.slice(1).trim();
      const helper = /^(if|unless|each|with)\s+(.+)$/.exec(body);
      if (helper && (helper[1] === "each" || helper[1] === "with")) {
        throw invalid(vendor, `The block ${raw} (#${helper[1]}) has no polyprompt form; write a section {{#name}}…{{/name}}.`);
      }
      token.kind = "open";
      token.inverted = inner.startsWith("^") !== (helper?.[1] === "unless");
      token.name = readName(helper ? helper[2]!.trim() : body, vendor, raw);
    } else if (inner.startsWith("/")) {
      token.kind = "close";
      const body = inner.slice(1).trim();
      token.name = body === "if" || body === "unless" ? body : readName(body, vendor, raw);
    } else if (inner.startsWith(">")) {
      token.kind = "partial";
      token.name = inner.slice(1).trim();
      if (!PARTIAL.test(token.name)) throw invalid(vendor, `The partial ${raw} is not a plain partial name.`);
    } else {
      const body = inner.startsWith("&") ? inner.slice(1).trim() : inner.trim();
      if (body === "else") throw invalid(vendor, `${raw} has no polyprompt form; write an inverted section {{^name}}…{{/name}}.`);
      token.name = readName(body, vendor, raw);
    }
    tokens.push(token);
  }
  applyWhitespaceControl(tokens);
  return tokens.filter((token) => token.kind !== "text" || token.text !== "");
}

/** `~` strips the whitespace next to a tag; a block tag alone on its line takes that line with it. */
function applyWhitespaceControl(tokens: Token[]): void {
  tokens.forEach((token, index) => {
    const before = tokens[index - 1];
    const after = tokens[index + 1];
    if (token.kind === "text") return;
    if (token.stripBefore && before?.kind === "text") before.text = before.text.replace(/\s+$/u, "");
    if (token.stripAfter && after?.kind === "text") after.text = after.text.replace(/^\s+/u, "");
    if (!BLOCK_KINDS.has(token.kind)) return;
    const lineBefore = before === undefined ? "" : before.kind === "text" ? before.text : null;
    const lineAfter = after === undefined ? "" : after.kind === "text" ? after.text : null;
    if (lineBefore === null || lineAfter === null) return;
    // The text's own start (end) is a line edge only at the start (end) of the whole text.
    const startOfLine = (index <= 1 ? /(^|\n)[ \t]*$/ : /(\n)[ \t]*$/).exec(lineBefore);
    const endOfLine = (index >= tokens.length - 2 ? /^[ \t]*(\r?\n|$)/ : /^[ \t]*(\r?\n)/).exec(lineAfter);
    if (!startOfLine || !endOfLine) return;
    // Standalone: the line's indentation, the tag and the line's end go.
    if (before?.kind === "text") before.text = lineBefore.slice(0, startOfLine.index + startOfLine[1]!.length);
    if (after?.kind === "text") after.text = lineAfter.slice(endOfLine[0].length);
  });
}

function readText(text: string, vendor: string): NeutralText {
  const tokens = tokenize(text, vendor);
  let index = 0;
  const parse = (closing: string | undefined): NeutralText => {
    const out: NeutralText = [];
    while (index < tokens.length) {
      const token = tokens[index++]!;
      switch (token.kind) {
        case "text":
          out.push({ kind: "text", text: token.text });
          break;
        case "comment":
          break;
        case "variable":
          out.push({ kind: "variable", name: token.name });
          break;
        case "partial":
          out.push({ kind: "include", ref: { vendor, promptId: token.name, environment: "production" }, messageIndex: 0 });
          break;
        case "open": {
          const body = parse(token.name);
          out.push({ kind: "section", name: token.name, inverted: token.inverted, body });
          break;
        }
        case "close":
          if (closing === undefined || (token.name !== closing && token.name !== "if" && token.name !== "unless")) {
            throw invalid(vendor, `${token.text} closes a section that is not open.`);
          }
          return out;
      }
    }
    if (closing !== undefined) throw invalid(vendor, `The section "${closing}" is never closed.`);
    return out;
  };
  return parse(undefined);
}

/** Literal text with every `{{` escaped; a `\` right before a tag is doubled so it stays literal. */
function escapeLiteral(text: string, followedByTag: boolean): string {
  const out = text.split("{{").join("\\{{");
  return followedByTag && out.endsWith("\\") ? `${out}\\` : out;
}

/**
 * Whether a section's body looks anything up besides the section's own value (`.`). Mustache
 * looks such names up in the value first and then outside it; Handlebars only in the value, so
 * such a section is written as `{{#if}}`, which keeps the outside context but renders once:
 * exact for a boolean, a loss for anything that may be a list or an object.
 */
function looksOutside(body: NeutralText): boolean {
  return body.some((part) => (part.kind === "variable" ? part.name !== "." : part.kind === "section" || part.kind === "include"));
}

/** An empty comment after a block tag keeps Handlebars from taking the tag's line away with it. */
const GUARD = "{{!}}";

const endsLine = (text: string, atEnd: boolean): boolean => (atEnd ? /^[ \t]*(\r?\n|$)/ : /^[ \t]*\r?\n/).test(text);
const startsLine = (text: string, atStart: boolean): boolean => (atStart ? /(^|\n)[ \t]*$/ : /\n[ \t]*$/).test(text);

/**
 * Prints parts. `atStart`/`atEnd`: whether the parts begin/end the message text (a line edge
 * for Handlebars), rather than sit inside a section.
 */
function print(parts: NeutralText, followedByTag: boolean, atStart = true, atEnd = true): string {
  const last = parts.length - 1;
  // Whether the line is empty up to part `index` / after it (a block tag there would stand alone).
  const clearBefore = (index: number): boolean => {
    if (index === 0) return atStart;
    const prev = parts[index - 1]!;
    return prev.kind === "text" && startsLine(prev.text, atStart && index - 1 === 0);
  };
  const clearAfter = (index: number): boolean => {
    if (index === last) return atEnd;
    const next = parts[index + 1]!;
    return next.kind === "text" && endsLine(next.text, atEnd && index + 1 === last);
  };
  // A literal `}` right after a tag would close it as `}}}`: an empty comment keeps them apart.
  const braceAfter = (index: number): string => {
    const next = parts[index + 1];
    return next?.kind === "text" && next.text.startsWith("}") ? GUARD : "";
  };
  let out = "";
  parts.forEach((part, index) => {
    if (part.kind === "text") out += escapeLiteral(part.text, index === last ? followedByTag : true);
    else if (part.kind === "variable") out += `{{${printName(part.name)}}}${braceAfter(index)}`;
    else if (part.kind === "section") {
      const name = printName(part.name);
      const [first, final] = [part.body[0], part.body.at(-1)];
      const openGuard = clearBefore(index) && first?.kind === "text" && endsLine(first.text, false) ? GUARD : "";
      const closeGuard = final?.kind === "text" && startsLine(final.text, false) && clearAfter(index) ? GUARD : "";
      const bodyGuard = openGuard === "" && first?.kind === "text" && first.text.startsWith("}") ? GUARD : openGuard;
      // An inverted section renders in the outside context in both languages.
      const [open, close] = part.inverted ? [`^${name}`, name] : looksOutside(part.body) ? [`#if ${name}`, "if"] : [`#${name}`, name];
      out += `{{${open}}}${bodyGuard}${print(part.body, true, false, false)}{{/${close}}}${closeGuard || braceAfter(index)}`;
    } else {
      const guard = clearBefore(index) && clearAfter(index) ? GUARD : "";
      out += `{{> ${part.ref.promptId}}}${guard || braceAfter(index)}`;
    }
  });
  return out;
}

/**
 * Handlebars has no way to write a literal `{` right before a tag (`{{{` opens a triple
 * stash), nor a literal `\` right before a literal `{{`: each is dropped, and reported.
 */
function withoutUnwritableLiterals(parts: NeutralText, context: WriteContext): NeutralText {
  return parts.map((part, index) => {
    if (part.kind === "section") {
      const type = context.variables.find((variable) => variable.name === part.name)?.type;
      if (!part.inverted && looksOutside(part.body) && type !== "boolean") {
        context.losses.push({
          kind: "section",
          name: part.name,
          where: context.where,
          detail: `its body uses other variables, which Handlebars does not look up outside the section's value; written as {{#if ${part.name}}}, it renders once even for a list (exact for a boolean variable)`,
        });
      }
      return { ...part, body: withoutUnwritableLiterals(part.body, context) };
    }
    if (part.kind !== "text") return part;
    let text = part.text;
    if (text.includes("\\{{")) {
      context.losses.push({
        kind: "colliding-text",
        name: "\\{{",
        where: context.where,
        detail: "Handlebars cannot write a literal \\ before a literal {{; allowLossy leaves the backslash out",
      });
      text = text.split("\\{{").join("{{");
    }
    const next = parts[index + 1];
    if (next !== undefined && next.kind !== "text" && text.endsWith("{")) {
      context.losses.push({
        kind: "colliding-text",
        name: "{",
        where: context.where,
        detail: "Handlebars cannot write a literal { right before a tag; allowLossy leaves it out",
      });
      text = text.slice(0, -1);
    }
    return { ...part, text };
  });
}

const grammar: DialectGrammar = {
  syntax: DOTPROMPT_SYNTAX,
  templatesTools: false,
  placeholders: true,
  fileVariables: false,
  readText: (text, context) => readText(text, context.vendor),
  lower: (parts, context) =>
    withoutUnwritableLiterals(
      lowerCommon(parts, context, {
        syntax: DOTPROMPT_SYNTAX,
        sections: true,
        fileVariables: false,
        nameProblem: (name) => (printName(name) === null ? "a Handlebars name cannot hold `]` or an empty path segment" : null),
        includeProblem: (part) => {
          if (part.messageIndex !== 0) return `a dotprompt partial is a whole text, not message ${part.messageIndex} of a prompt`;
          if (part.ref.version !== undefined || part.ref.versionId !== undefined)
            return "a dotprompt partial names a prompt, not a version";
          if (part.ref.environment !== undefined && part.ref.environment !== "production")
            return `a dotprompt partial is the included prompt's production version, not "${part.ref.environment}"`;
          if (!PARTIAL.test(part.ref.promptId)) return `a dotprompt partial name is ${PARTIAL.source}`;
          return null;
        },
      }),
      context,
    ),
  print: (parts) => print(parts, false),
};

/**
 * The Handlebars of dotprompt `.prompt` bodies, for `translateVersion` and the prompt files.
 *
 * @example
 * const { version } = translateVersion(acmeVersion, { from: acmeDialect, to: handlebarsDialect });
 */
export const handlebarsDialect = defineDialect(grammar);
