/**
 * Langfuse's templates in the neutral form (see `translate/dialect.ts`): Mustache variables and
 * sections, `@@@langfusePrompt:name=…|label=…@@@` / `…|version=N@@@` dependencies as includes,
 * and message placeholders. Only message text is a template. Comments, partials and delimiter
 * changes render nothing and are not kept.
 *
 * Escaping when writing: a literal `{{` (and a `{` right before a tag) is written inside a
 * delimiter change, `{{=<% %>=}}{{<%={{ }}=%>`, so Mustache prints it; a literal
 * `@@@langfusePrompt:` is broken by an empty comment, `@@@langfuse{{! }}Prompt:`, so the server
 * does not take it for a dependency and Mustache still prints it whole.
 */
import { PromptError } from "../../errors/prompt-error.js";
import { defineDialect, lowerCommon, type DialectGrammar } from "../../translate/dialect.js";
import type { NeutralIncludePart, NeutralText } from "../../translate/neutral.js";
import { INCLUDE_OPENER, parseIncludeTags, parseTemplate, type TemplateNode } from "./template-parse.js";

/** A name Mustache reads back as the same single name: no spaces, braces, sigils or dots (dots are paths). */
const NAME = /^(?:\.|[^\s{}#^/!>=&.][^\s{}.]*)$/u;
/** A name only a triple mustache can write (Mustache read it from `{{{…}}}`): it holds braces. */
const TRIPLE_NAME = /^[^\s.](?:[^.]*[^\s.}])?$/u;
// `{{}}` reads as the variable with an empty name (it renders as empty text) and is written back as it was.
const nameProblem = (name: string): string | null =>
  name === "" || NAME.test(name) || (TRIPLE_NAME.test(name) && !name.includes("}}}"))
    ? null
    : "a Mustache name has no surrounding spaces, `}}}`, trailing `}` or dots (a dot is a path)";
/** A dependency's name or label: no `=`, `|`, `@`, nor anything JSON escapes. */
function isPlain(part: string): boolean {
  if (part.length === 0) return false;
  for (let i = 0; i < part.length; i++) {
    const code = part.charCodeAt(i);
    if (code < 0x20 || code === 0x22 || code === 0x3d || code === 0x40 || code === 0x5c || code === 0x7c) return false;
  }
  return true;
}
const VERSION = /^[1-9][0-9]{0,14}$/;
const ESCAPED_BRACES = "{{=<% %>=}}{{<%={{ }}=%>";
const ESCAPED_BRACE = "{{=<% %>=}}{<%={{ }}=%>";
const ESCAPED_OPENER = "@@@langfuse{{! }}Prompt:";

function readText(text: string, vendor: string): NeutralText {
  // Dependencies are spliced before Mustache runs, so they may sit inside sections: stand each
  // in for a private-use marker, parse, then turn the markers back into includes.
  const pieces = parseIncludeTags(text);
  const includes: NeutralIncludePart[] = [];
  let marker = 0xe000;
  while (text.includes(String.fromCharCode(marker))) marker++;
  const open = String.fromCharCode(marker);
  let source = text;
  if (pieces !== null) {
    source = pieces
      .map((piece) => {
        if (typeof piece === "string") return piece;
        const ref =
          piece.version === undefined
            ? { vendor, promptId: piece.name, environment: piece.label! }
            : { vendor, promptId: piece.name, version: String(piece.version) };
        includes.push({ kind: "include", ref, messageIndex: 0 });
        return `${open}${includes.length - 1}${open}`;
      })
      .join("");
  }
  const parsed = parseTemplate(source);
  if (parsed.nodes === null) {
    throw new PromptError({
      code: "invalid_prompt",
      vendor,
      operation: "translate",
      message: `A malformed Mustache template: ${parsed.error}.`,
    });
  }
  const convert = (nodes: readonly TemplateNode[]): NeutralText =>
    nodes.flatMap((node): NeutralText => {
      if (typeof node === "string") {
        if (includes.length === 0) return [{ kind: "text", text: node }];
        return node.split(open).map((piece, index) => (index % 2 === 1 ? includes[Number(piece)]! : { kind: "text", text: piece }));
      }
      if (node.name.includes(open)) {
        // The server would splice the dependency's text into the tag's name: no neutral form says that.
        throw new PromptError({
          code: "unsupported",
          vendor,
          operation: "translate",
          message: `A dependency inside the Mustache tag "${node.name.split(open).join("@@@")}" cannot be translated.`,
        });
      }
      if (node.kind === "variable") return [{ kind: "variable", name: node.name }];
      return [{ kind: "section", name: node.name, inverted: node.inverted, body: convert(node.children) }];
    });
  return convert(parsed.nodes);
}

function escapeLiteral(text: string, followedByTag: boolean): string {
  let out = text
    .split(INCLUDE_OPENER)
    .map((piece) => piece.split("{{").join(ESCAPED_BRACES))
    .join(ESCAPED_OPENER);
  if (followedByTag && out.endsWith("{")) out = out.slice(0, -1) + ESCAPED_BRACE;
  return out;
}

function print(parts: NeutralText, followedByTag: boolean): string {
  let out = "";
  parts.forEach((part, index) => {
    const next = parts[index + 1];
    if (part.kind === "text") {
      out += escapeLiteral(part.text, next === undefined ? followedByTag : next.kind === "variable" || next.kind === "section");
    } else if (part.kind === "variable") out += part.name === "" || NAME.test(part.name) ? `{{${part.name}}}` : `{{{${part.name}}}}`;
    else if (part.kind === "section") out += `{{${part.inverted ? "^" : "#"}${part.name}}}${print(part.body, true)}{{/${part.name}}}`;
    else {
      const selector = part.ref.version !== undefined ? `version=${part.ref.version}` : `label=${part.ref.environment}`;
      out += `${INCLUDE_OPENER}name=${part.ref.promptId}|${selector}@@@`;
    }
  });
  return out;
}

const grammar: DialectGrammar = {
  syntax: "langfuse",
  templatesTools: false,
  includeTarget: "text-prompt",
  placeholders: true,
  fileVariables: false,
  readText: (text, context) => readText(text, context.vendor),
  lower: (parts, context) =>
    lowerCommon(parts, context, {
      syntax: "langfuse",
      sections: true,
      fileVariables: false,
      nameProblem,
      includeProblem: (part) => {
        if (part.messageIndex !== 0) return `a langfuse dependency includes a whole prompt, not message ${part.messageIndex}`;
        if (!isPlain(part.ref.promptId)) return "a langfuse dependency name has no =, |, @, quotes, backslashes or control characters";
        if (part.ref.version !== undefined)
          return VERSION.test(part.ref.version) ? null : "a langfuse dependency version is a positive integer";
        if (part.ref.environment !== undefined)
          return isPlain(part.ref.environment) ? null : "a langfuse label has no =, |, @, quotes, backslashes or control characters";
        return "a langfuse dependency names a label or a version";
      },
    }),
  print: (parts) => print(parts, false),
};

/**
 * Langfuse's template dialect, for `translateVersion`.
 *
 * @example
 * const { version, losses } = translateVersion(heliconeVersion, { from: heliconeDialect, to: langfuseDialect, allowLossy: true });
 */
export const langfuseDialect = /* @__PURE__ */ defineDialect(grammar);
