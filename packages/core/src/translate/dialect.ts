/**
 * A template dialect as translation sees it: how to read a version's templates into the neutral
 * form and write them back. A dialect describes only its grammar (`DialectGrammar`);
 * `defineDialect` walks messages, tools and the response format the same way for all of them,
 * and checks every text it writes by reading it back, so literal text that the target would
 * read as a tag is reported (`colliding-text`) instead of silently becoming a variable.
 */
import { PromptError } from "../errors/prompt-error.js";
import type { PromptMessage, PromptTool, PromptVariable, PromptVersion, ResponseFormat, VersionMessage } from "../model/types.js";
import type { TranslationLoss } from "./loss.js";
import {
  isNeutralText,
  literal,
  normalizeText,
  sameText,
  type NeutralContentPart,
  type NeutralJson,
  type NeutralMessage,
  type NeutralResponseFormat,
  type NeutralText,
  type NeutralTool,
  type NeutralVersion,
} from "./neutral.js";

/** What a dialect's reader knows about the version it reads. */
export interface ReadContext {
  readonly vendor: string;
  /** The declared variables (some registries substitute only these). */
  readonly variables: readonly PromptVariable[];
}

/** What a dialect's writer knows, and where it reports losses. */
export interface WriteContext {
  /** The variables the written version declares (types travel here). */
  readonly variables: readonly PromptVariable[];
  /** Where the text being written sits, for loss reports. */
  readonly where: string;
  /** True for tool and response-format text, false for message text. */
  readonly inTool: boolean;
  readonly losses: TranslationLoss[];
}

/** The grammar of one dialect: what a vendor folder implements. */
export interface DialectGrammar {
  readonly syntax: string;
  /** Whether tool names, descriptions, parameters and the response format are templates too. */
  readonly templatesTools: boolean;
  /** Whether the dialect has message placeholders. */
  readonly placeholders: boolean;
  /** Whether a variable can supply files (not only text). */
  readonly fileVariables: boolean;
  /**
   * What an include names: a message of another prompt (`"message"`, the default: message
   * partials), or a whole text prompt (`"text-prompt"`: prompt dependencies). A migration writes
   * the prompts it includes as text prompts for the second kind.
   */
  readonly includeTarget?: "message" | "text-prompt";
  /**
   * For dialects whose includes name a prompt by an id the vendor assigns: an id of
   * the right form for the `index`-th prompt not written yet, so a migration can judge an include
   * before the real id exists. Absent: prompts are named by their names.
   */
  standInPromptId?(index: number): string;
  /** Reads one text. `inTool` for tool and response-format text. */
  readText(text: string, context: ReadContext, inTool: boolean): NeutralText;
  /**
   * Replaces what the dialect cannot write by what it can, pushing one loss for each. Sections,
   * includes and names: `lowerCommon` does the common part.
   */
  lower(parts: NeutralText, context: WriteContext): NeutralText;
  /** Prints parts that `lower` returned, escaping literal text where the dialect can. */
  print(parts: NeutralText, context: WriteContext): string;
}

/** A dialect: reads a version into the neutral form and writes the neutral form back. */
export interface TemplateDialect {
  readonly syntax: string;
  readonly grammar: DialectGrammar;
  /** The version's templates in neutral form. Throws `invalid_prompt` on a malformed template. */
  read(version: PromptVersion): NeutralVersion;
  /** A version in this dialect; `losses` lists what could not be written as it was. */
  write(neutral: NeutralVersion): { version: PromptVersion; losses: TranslationLoss[] };
}

/**
 * Builds a dialect from its grammar.
 *
 * @example
 * export const acmeDialect = defineDialect(acmeGrammar);
 * const { version, losses } = acmeDialect.write(otherDialect.read(source));
 */
/* @__NO_SIDE_EFFECTS__ */ export function defineDialect(grammar: DialectGrammar): TemplateDialect {
  return Object.freeze({
    syntax: grammar.syntax,
    grammar,
    read: (version: PromptVersion) => readVersion(grammar, version),
    write: (neutral: NeutralVersion) => writeVersion(grammar, neutral),
  });
}

function readVersion(grammar: DialectGrammar, version: PromptVersion): NeutralVersion {
  const { messages, tools, responseFormat, template: _template, ...rest } = version;
  const context: ReadContext = { vendor: version.vendor, variables: version.variables ?? [] };
  const text = (source: string, inTool: boolean): NeutralText =>
    grammar.templatesTools || !inTool ? normalizeText(grammar.readText(source, context, inTool)) : literal(source);
  const json = (value: unknown): NeutralJson => readJson(value, (source) => text(source, true));
  const neutral: NeutralVersion = {
    ...rest,
    from: grammar.syntax,
    variables: (version.variables ?? []).map((variable) => ({ ...variable })),
    messages: (messages ?? []).map((message): NeutralMessage => {
      if (message.role === "placeholder") return { role: "placeholder", name: message.name };
      const { content, ...base } = message;
      return {
        ...base,
        content:
          typeof content === "string"
            ? text(content, false)
            : content.map(
                (part): NeutralContentPart => (part.type === "text" ? { type: "text", text: text(part.text, false) } : { ...part }),
              ),
      };
    }),
    tools: (tools ?? []).map((tool): NeutralTool => {
      const out: NeutralTool = { name: text(tool.name, true) };
      if (tool.description !== undefined) out.description = text(tool.description, true);
      if (tool.parameters !== undefined) out.parameters = json(tool.parameters);
      if (tool.strict !== undefined) out.strict = tool.strict;
      return out;
    }),
  };
  if (responseFormat !== undefined) {
    if (responseFormat.type !== "json_schema") neutral.responseFormat = { ...responseFormat };
    else {
      const format: NeutralResponseFormat & { type: "json_schema" } = { type: "json_schema", schema: json(responseFormat.schema) };
      if (responseFormat.name !== undefined) format.name = text(responseFormat.name, true);
      if (responseFormat.description !== undefined) format.description = text(responseFormat.description, true);
      if (responseFormat.strict !== undefined) format.strict = responseFormat.strict;
      neutral.responseFormat = format;
    }
  }
  return neutral;
}

function readJson(value: unknown, text: (source: string) => NeutralText): NeutralJson {
  if (typeof value === "string") return { kind: "string", text: text(value) };
  if (Array.isArray(value)) return { kind: "array", items: value.map((item) => readJson(item, text)) };
  if (typeof value === "object" && value !== null) {
    return {
      kind: "object",
      entries: Object.keys(value).map((key) => ({ key: text(key), value: readJson((value as Record<string, unknown>)[key], text) })),
    };
  }
  if (typeof value === "number" || typeof value === "boolean" || value === null) return { kind: "value", value };
  throw new PromptError({
    code: "invalid_prompt",
    operation: "translate",
    message: `A JSON template holds a ${typeof value}, which JSON cannot carry.`,
  });
}

/** Whether printed text reads back as the parts it was printed from (text the dialect cannot even read counts as not). */
function readsBackAs(grammar: DialectGrammar, printed: string, parts: NeutralText, context: ReadContext, inTool: boolean): boolean {
  try {
    return sameText(grammar.readText(printed, context, inTool), parts);
  } catch (err) {
    if (PromptError.is(err) && err.code === "invalid_prompt") return false;
    throw err;
  }
}

function writeVersion(grammar: DialectGrammar, neutral: NeutralVersion): { version: PromptVersion; losses: TranslationLoss[] } {
  const losses: TranslationLoss[] = [];
  const { messages, tools, responseFormat, from: _from, ...rest } = neutral;
  const variables = writtenVariables(grammar, neutral);
  const text = (parts: NeutralText, where: string, inTool: boolean): string => {
    const context: WriteContext = { variables, where, inTool, losses };
    if (inTool && !grammar.templatesTools) return untemplatedText(parts, context);
    const lowered = normalizeText(grammar.lower(parts, context));
    const printed = grammar.print(lowered, context);
    if (!readsBackAs(grammar, printed, lowered, { vendor: neutral.vendor, variables }, inTool)) {
      const excerpt = lowered
        .filter((part) => part.kind === "text")
        .map((part) => part.text)
        .join("…");
      losses.push({
        kind: "colliding-text",
        name: excerpt.length > 60 ? `${excerpt.slice(0, 57)}...` : excerpt,
        where,
        detail: `literal text reads as a ${grammar.syntax} tag and ${grammar.syntax} has no escape for it; allowLossy writes it as it is, so it becomes a tag`,
      });
    }
    return printed;
  };
  const json = (value: NeutralJson, where: string): unknown => {
    switch (value.kind) {
      case "string":
        return text(value.text, where, true);
      case "value":
        return value.value;
      case "array":
        return value.items.map((item, index) => json(item, `${where}[${index}]`));
      case "object": {
        const out: Record<string, unknown> = {};
        for (const entry of value.entries) {
          const key = text(entry.key, `${where} key`, true);
          Object.defineProperty(out, key, {
            value: json(entry.value, `${where}.${key}`),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        return out;
      }
    }
  };
  const outMessages: VersionMessage[] = [];
  messages.forEach((message, index) => {
    const where = `messages[${index}]`;
    if (message.role === "placeholder") {
      if (grammar.placeholders) outMessages.push({ role: "placeholder", name: message.name });
      else {
        losses.push({
          kind: "placeholder",
          name: message.name,
          where,
          detail: `${grammar.syntax} templates have no message placeholders; allowLossy leaves the message out`,
        });
      }
      return;
    }
    const { content, ...base } = message;
    const out: PromptMessage = {
      ...base,
      content: isNeutralText(content)
        ? text(content, where, false)
        : content.map((part, partIndex) =>
            part.type === "text" ? { type: "text", text: text(part.text, `${where}.content[${partIndex}]`, false) } : { ...part },
          ),
    };
    outMessages.push(out);
  });
  const outTools = tools.map((tool, index): PromptTool => {
    const where = `tools[${index}]`;
    const out: PromptTool = { name: text(tool.name, `${where}.name`, true) };
    if (tool.description !== undefined) out.description = text(tool.description, `${where}.description`, true);
    if (tool.parameters !== undefined) out.parameters = json(tool.parameters, `${where}.parameters`) as PromptTool["parameters"];
    if (tool.strict !== undefined) out.strict = tool.strict;
    return out;
  });
  // A name the target could not write is not declared either: nothing fills it any more.
  const unwritable = new Set(losses.filter((loss) => loss.kind === "variable-name").map((loss) => loss.name));
  const declared = variables
    .filter((variable) => !unwritable.has(variable.name))
    .map((variable) => (variable.type === "file" && !grammar.fileVariables ? { ...variable, type: "string" } : variable));
  const version: PromptVersion = {
    ...rest,
    template: grammar.syntax,
    raw: [],
    messages: outMessages,
    tools: outTools,
    variables: declared,
  };
  if (responseFormat !== undefined) {
    if (responseFormat.type !== "json_schema") version.responseFormat = { ...responseFormat };
    else {
      const format: ResponseFormat & { type: "json_schema" } = {
        type: "json_schema",
        schema: json(responseFormat.schema, "responseFormat.schema") as Record<string, unknown>,
      };
      if (responseFormat.name !== undefined) format.name = text(responseFormat.name, "responseFormat.name", true);
      if (responseFormat.description !== undefined)
        format.description = text(responseFormat.description, "responseFormat.description", true);
      if (responseFormat.strict !== undefined) format.strict = responseFormat.strict;
      version.responseFormat = format;
    }
  }
  return { version, losses };
}

/**
 * The variables the written version declares: the neutral version's, plus any name its texts use
 * without declaring it (with the type its tag gave), minus placeholders when the target has none.
 * File variables keep their type here, so that `lowerCommon` sees them; `writeVersion` turns
 * them into text variables afterwards where the target has no files.
 */
function writtenVariables(grammar: DialectGrammar, neutral: NeutralVersion): PromptVariable[] {
  const out = new Map<string, PromptVariable>();
  for (const variable of neutral.variables ?? []) {
    if (variable.type === "placeholder" && !grammar.placeholders) continue;
    out.set(variable.name, { ...variable });
  }
  const visit = (parts: NeutralText): void => {
    for (const part of parts) {
      if (part.kind === "variable" && !out.has(part.name))
        out.set(part.name, { name: part.name, type: part.type ?? "string", required: true });
      else if (part.kind === "section") visit(part.body);
    }
  };
  const visitJson = (value: NeutralJson | undefined): void => {
    if (value === undefined) return;
    if (value.kind === "string") visit(value.text);
    else if (value.kind === "array") value.items.forEach(visitJson);
    else if (value.kind === "object") {
      for (const entry of value.entries) {
        visit(entry.key);
        visitJson(entry.value);
      }
    }
  };
  for (const message of neutral.messages) {
    if (message.role === "placeholder") continue;
    if (isNeutralText(message.content)) visit(message.content);
    else for (const part of message.content) if (part.type === "text") visit(part.text);
  }
  if (grammar.templatesTools) {
    for (const tool of neutral.tools) {
      visit(tool.name);
      if (tool.description !== undefined) visit(tool.description);
      visitJson(tool.parameters);
    }
    const format = neutral.responseFormat;
    if (format?.type === "json_schema") {
      if (format.name !== undefined) visit(format.name);
      if (format.description !== undefined) visit(format.description);
      visitJson(format.schema);
    }
  }
  return [...out.values()];
}

/** Tool text in a dialect that does not template tools: only literal text can be written. */
function untemplatedText(parts: NeutralText, context: WriteContext): string {
  let out = "";
  for (const part of normalizeText(parts)) {
    if (part.kind === "text") out += part.text;
    else {
      const name = part.kind === "include" ? `${part.ref.promptId}:${part.messageIndex}` : part.name;
      context.losses.push({
        kind: "tool-variable",
        name,
        where: context.where,
        detail: `this dialect templates only messages, so a ${part.kind} in tool or response-format text cannot be filled; allowLossy leaves it out`,
      });
    }
  }
  return out;
}

/** What a grammar accepts, for `lowerCommon`. */
export interface LoweringRules {
  readonly syntax: string;
  readonly sections: boolean;
  /** Why this include cannot be written, or `null` when it can. */
  includeProblem(part: Extract<NeutralText[number], { kind: "include" }>, context: WriteContext): string | null;
  /** Why this variable name cannot be written, or `null` when it can. */
  nameProblem(name: string): string | null;
  readonly fileVariables: boolean;
}

/**
 * The lowering every grammar shares: sections where there are none (the body is kept for a
 * normal section, dropped for an inverted one), includes and names the target cannot write
 * (left out), file variables where variables are text only (written as text). One loss each.
 */
export function lowerCommon(parts: NeutralText, context: WriteContext, rules: LoweringRules): NeutralText {
  const out: NeutralText = [];
  const typeOf = (name: string): string | undefined => context.variables.find((variable) => variable.name === name)?.type;
  for (const part of parts) {
    if (part.kind === "text") out.push(part);
    else if (part.kind === "section") {
      if (rules.sections) {
        const problem = rules.nameProblem(part.name);
        if (problem === null) {
          out.push({ ...part, body: lowerCommon(part.body, context, rules) });
          continue;
        }
        context.losses.push({
          kind: "variable-name",
          name: part.name,
          where: context.where,
          detail: `${problem}; allowLossy leaves the section out`,
        });
        continue;
      }
      context.losses.push({
        kind: "section",
        name: part.name,
        where: context.where,
        detail: `${rules.syntax} templates have no sections; allowLossy ${part.inverted ? "leaves the inverted section out" : "keeps its body unconditionally"}`,
      });
      if (!part.inverted) out.push(...lowerCommon(part.body, context, rules));
    } else if (part.kind === "include") {
      const problem = rules.includeProblem(part, context);
      if (problem === null) out.push(part);
      else {
        context.losses.push({
          kind: "include",
          name: `${part.ref.promptId}:${part.messageIndex}${part.ref.environment ? `@${part.ref.environment}` : part.ref.version ? `@v${part.ref.version}` : ""}`,
          where: context.where,
          detail: `${problem}; allowLossy leaves it out`,
        });
      }
    } else {
      const problem = rules.nameProblem(part.name);
      if (problem !== null) {
        context.losses.push({
          kind: "variable-name",
          name: part.name,
          where: context.where,
          detail: `${problem}; allowLossy leaves it out`,
        });
        continue;
      }
      const type = part.type ?? typeOf(part.name);
      if (type === "file" && !rules.fileVariables) {
        context.losses.push({
          kind: "file-variable",
          name: part.name,
          where: context.where,
          detail: `${rules.syntax} variables insert text, not files; allowLossy inserts the file's URL as text`,
        });
        out.push({ kind: "variable", name: part.name, type: "string" });
        continue;
      }
      out.push(part);
    }
  }
  return out;
}
