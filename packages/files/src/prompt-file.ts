/**
 * One version as a dotprompt `.prompt` file, and back. The front matter holds what dotprompt
 * reads (`model`, `config`, `input.schema` in Picoschema, `toolDefs`, `output`) and, under
 * `polyprompt.*`, what it has no field for (vendor, prompt id, environments, content hash, the
 * source dialect, tool choice, the history slot's name). The body is Handlebars: each message
 * starts with `{{role "…"}}`, and a placeholder is dotprompt's one `{{history}}` slot.
 *
 * Vendor-assigned version ids are not in the file but in `polyprompt.lock.json`, so the same
 * content pushed elsewhere and pulled again gives the same bytes.
 */
import {
  PromptError,
  type NeutralText,
  type NeutralVersion,
  type PromptMessage,
  type PromptVersion,
  type TemplateDialect,
  type TranslationLoss,
  translateVersion,
} from "@polyprompt/core";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { DOTPROMPT_SYNTAX, handlebarsDialect } from "./handlebars-dialect.js";
import { handlebarsVersion } from "./handlebars-version.js";
import { fromPicoschema, toPicoschema } from "./picoschema.js";

/** What a `.prompt` file says about where its version lives. */
export interface PromptFileMeta {
  vendor: string;
  promptId: string;
  /** The dialect the vendor writes templates in (its dialect's name). */
  template: string;
  environments: string[];
  /** `contentHash` of the version as the vendor holds it. */
  contentHash?: string;
}

const ROLES: Record<string, string> = { system: "system", user: "user", assistant: "model", tool: "tool" };
const FROM_ROLES: Record<string, PromptMessage["role"]> = { system: "system", user: "user", model: "assistant", tool: "tool" };
/** Stands for a line edge that is not one (see `readBody`). Private use: never in a template. */
const NOT_A_LINE_EDGE = "\uE000";
const GUARD = "{{!}}";
const MARKER = /\\?\{\{(~?)\s*(?:role\s+"([a-z]+)"|(history))\s*(~?)\}\}/g;

function fileError(path: string, message: string): PromptError {
  return new PromptError({ code: "invalid_prompt", operation: "readPromptFile", message: `${path}: ${message}` });
}

/**
 * The `.prompt` text of a version, with what dotprompt cannot express listed. Without
 * `allowLossy`, a loss throws `unsupported` (as `translateVersion` does).
 *
 * @example
 * const { text } = writePromptFile(version, { dialects: [acmeDialect], contentHash: await contentHash(version) });
 */
export function writePromptFile(
  version: PromptVersion,
  options: { dialects: readonly TemplateDialect[]; contentHash?: string; allowLossy?: boolean },
): { text: string; losses: TranslationLoss[] } {
  const losses: TranslationLoss[] = [];
  const where = (index: number) => `messages[${index}]`;
  version.messages.forEach((message, index) => {
    if (message.role === "placeholder") return;
    if (typeof message.content !== "string")
      losses.push({
        kind: "colliding-text",
        name: "content parts",
        where: where(index),
        detail: "polyprompt writes text messages only to dotprompt; allowLossy keeps their text parts",
      });
    if (!(message.role in ROLES))
      losses.push({
        kind: "colliding-text",
        name: message.role,
        where: where(index),
        detail: "dotprompt roles are system, user, model and tool; allowLossy writes it as system",
      });
    if (message.toolCalls?.length || message.toolCallId !== undefined || message.name !== undefined)
      losses.push({
        kind: "colliding-text",
        name: "tool calls",
        where: where(index),
        detail: "dotprompt messages carry no tool calls, ids or names; allowLossy leaves them out",
      });
  });
  version.messages.forEach((message, index) => {
    if (message.role !== "placeholder" && typeof message.content === "string" && message.content.trim() === "")
      losses.push({
        kind: "colliding-text",
        name: "blank message",
        where: where(index),
        detail: "dotprompt drops a message that is only whitespace; allowLossy writes it, and dotprompt renders without it",
      });
  });
  const placeholders = version.messages.filter((message) => message.role === "placeholder");
  for (const extra of placeholders.slice(1))
    losses.push({
      kind: "placeholder",
      name: extra.name,
      where: "messages",
      detail: "dotprompt has one history slot; allowLossy leaves this one out",
    });

  const translated = translateVersion(version, { to: handlebarsDialect, dialects: options.dialects, allowLossy: true });
  losses.push(...translated.losses);
  const hbs = translated.version;
  const body = printBody(hbs.messages);
  // The body is read back as Handlebars will read it: what comes back different is a loss.
  const historyName = placeholders[0]?.name ?? "history";
  const reread = neutralOf({ ...hbs, messages: readBody(body, "(written)", historyName) }).messages;
  if (JSON.stringify(neutralOf(hbs).messages) !== JSON.stringify(reread)) {
    losses.push({
      kind: "colliding-text",
      name: "body",
      where: "messages",
      detail: "Handlebars would read the body differently (whitespace next to a role marker or a block tag); allowLossy writes it anyway",
    });
  }
  if (losses.length > 0 && !options.allowLossy) {
    throw new PromptError({
      code: "unsupported",
      vendor: version.vendor,
      operation: "writePromptFile",
      message: `${version.vendor}:${version.promptId} cannot be a dotprompt file without loss (pass allowLossy to write it anyway):\n${losses.map((l) => `- ${l.kind} "${l.name}" at ${l.where}: ${l.detail}`).join("\n")}`,
    });
  }
  const { schema, otherTypes } = toPicoschema(hbs.variables);
  const front: Record<string, unknown> = {};
  if (hbs.model !== undefined) front.model = hbs.model;
  if (Object.keys(hbs.params).length > 0) front.config = hbs.params;
  if (hbs.variables.length > 0) front.input = { schema };
  if (hbs.tools.length > 0) {
    front.toolDefs = hbs.tools.map((tool) => ({
      name: tool.name,
      ...(tool.description !== undefined ? { description: tool.description } : {}),
      inputSchema: tool.parameters ?? { type: "object", properties: {} },
    }));
  }
  const format = hbs.responseFormat;
  if (format !== undefined && format.type !== "text")
    front.output = format.type === "json_schema" ? { format: "json", schema: format.schema } : { format: "json" };
  front["polyprompt.vendor"] = version.vendor;
  front["polyprompt.promptId"] = version.promptId;
  front["polyprompt.template"] = version.template;
  front["polyprompt.environments"] = version.environments;
  if (options.contentHash !== undefined) front["polyprompt.contentHash"] = options.contentHash;
  if (version.type !== undefined) front["polyprompt.type"] = version.type;
  if (placeholders[0] !== undefined) front["polyprompt.history"] = placeholders[0].name;
  if (Object.keys(otherTypes).length > 0) front["polyprompt.variableTypes"] = otherTypes;
  if (hbs.toolChoice !== undefined) front["polyprompt.toolChoice"] = hbs.toolChoice;
  if (hbs.tools.some((tool) => tool.strict !== undefined))
    front["polyprompt.toolStrict"] = Object.fromEntries(hbs.tools.filter((t) => t.strict !== undefined).map((t) => [t.name, t.strict]));
  if (format?.type === "json_schema") {
    const { type: _type, schema: _schema, ...rest } = format;
    if (Object.keys(rest).length > 0) front["polyprompt.responseFormat"] = rest;
  } else if (format?.type === "text") front["polyprompt.responseFormat"] = { type: "text" };
  return { text: `---\n${stringifyYaml(front, { lineWidth: 0, aliasDuplicateObjects: false })}---\n${body}\n`, losses };
}

/** The messages as a Handlebars body: role markers, `{{history}}`, `~` only where it strips the newline this adds. */
function printBody(messages: PromptVersion["messages"]): string {
  let out = "";
  let previousEndsBare = false;
  messages.forEach((message, index) => {
    const text =
      message.role === "placeholder"
        ? ""
        : typeof message.content === "string"
          ? message.content
          : message.content.map((p) => (p.type === "text" ? p.text : "")).join("");
    const opensBare = text === "" || /^\S/u.test(text);
    const name = message.role === "placeholder" ? "history" : `role "${ROLES[message.role] ?? "system"}"`;
    const left = index > 0 && previousEndsBare;
    out += `${left ? "\n" : ""}{{${left ? "~" : ""}${name}${opensBare ? "~" : ""}}}${opensBare ? "\n" : ""}${text}`;
    previousEndsBare = text === "" || /\S$/u.test(text);
  });
  // The file's last newline is dotprompt's to trim: guard text that ends in whitespace.
  return /\s$/u.test(out) ? `${out}${GUARD}` : out;
}

/**
 * Splits a body into messages at its role markers and `{{history}}`, applying their `~`. A
 * message text that does not start (end) at a line edge for Handlebars gets a private-use
 * character there, so the dialect's standalone-line rule sees what Handlebars sees; `neutralOf`
 * removes it after reading.
 */
function readBody(body: string, path: string, historyName: string): PromptVersion["messages"] {
  const markers: { role?: string; history: boolean; stripBefore: boolean; stripAfter: boolean }[] = [];
  const texts: string[] = [];
  let at = 0;
  for (const match of body.matchAll(MARKER)) {
    if (match[0].startsWith("\\")) continue;
    texts.push(body.slice(at, match.index));
    markers.push({ role: match[2], history: match[3] !== undefined, stripBefore: match[1] === "~", stripAfter: match[4] === "~" });
    at = match.index + match[0].length;
  }
  texts.push(body.slice(at));
  if (texts[0]!.trim() !== "")
    throw fileError(path, 'text before the first role marker: start the body with {{role "system"}} or {{role "user"}}.');
  const messages: PromptVersion["messages"] = [];
  markers.forEach((marker, index) => {
    const raw = texts[index + 1]!;
    const next = markers[index + 1];
    let text = raw;
    if (marker.stripAfter) text = text.replace(/^\s+/u, "");
    if (next === undefined || next.stripBefore) text = text.replace(/\s+$/u, "");
    if (marker.history) {
      if (text.trim() !== "") throw fileError(path, "text after {{history}} needs a role marker before it.");
      if (messages.some((m) => m.role === "placeholder"))
        throw fileError(path, "more than one {{history}}: dotprompt has one history slot.");
      messages.push({ role: "placeholder", name: historyName });
      return;
    }
    const role = FROM_ROLES[marker.role!];
    if (!role) throw fileError(path, `unknown role "${marker.role}" (dotprompt roles: system, user, model, tool).`);
    const startsLine = /^[ \t]*\r?\n/.test(raw);
    const endsLine = next === undefined || /\r?\n[ \t]*$/.test(raw);
    messages.push({ role, content: `${startsLine ? "" : NOT_A_LINE_EDGE}${text}${endsLine ? "" : NOT_A_LINE_EDGE}` });
  });
  return messages;
}

/** A Handlebars version in neutral form, without the line-edge stand-ins `readBody` put in. */
function neutralOf(version: PromptVersion): NeutralVersion {
  const neutral = handlebarsDialect.read(version);
  const clean = (parts: NeutralText): NeutralText =>
    parts
      .map((part) => (part.kind === "text" ? { ...part, text: part.text.split(NOT_A_LINE_EDGE).join("") } : part))
      .filter((part) => part.kind !== "text" || part.text !== "");
  return {
    ...neutral,
    messages: neutral.messages.map((message) =>
      message.role === "placeholder" || !message.content.every((part) => "kind" in part)
        ? message
        : { ...message, content: clean(message.content as NeutralText) },
    ),
  };
}

/**
 * A `.prompt` file back as a version in its vendor's dialect (translated with `dialects`), with
 * its metadata. `path` is for error messages.
 *
 * @example
 * const { version, meta } = readPromptFile(text, "acme/support/chat.prompt", { dialects: [acmeDialect] });
 */
export function readPromptFile(
  text: string,
  path: string,
  options: { dialects: readonly TemplateDialect[] },
): { version: PromptVersion; meta: PromptFileMeta } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!match) throw fileError(path, "no front matter (a .prompt file starts with ---, YAML, ---).");
  let front: Record<string, unknown>;
  try {
    front = (parseYaml(match[1]!, { maxAliasCount: 0 }) ?? {}) as Record<string, unknown>;
  } catch (err) {
    throw fileError(path, `the front matter is not YAML: ${(err as Error).message}`);
  }
  if (typeof front !== "object" || Array.isArray(front)) throw fileError(path, "the front matter is not a mapping.");
  const str = (key: string): string | undefined => (typeof front[key] === "string" ? (front[key] as string) : undefined);
  const vendor = str("polyprompt.vendor");
  const promptId = str("polyprompt.promptId");
  const template = str("polyprompt.template") ?? vendor;
  if (!vendor || !promptId || !template) throw fileError(path, "polyprompt.vendor and polyprompt.promptId are required.");
  const environments = Array.isArray(front["polyprompt.environments"]) ? (front["polyprompt.environments"] as unknown[]).map(String) : [];
  const messages = readBody(match[2]!, path, str("polyprompt.history") ?? "history");
  const schema = ((front.input as { schema?: unknown } | undefined)?.schema ?? {}) as Record<string, unknown>;
  const variables = fromPicoschema(schema, (front["polyprompt.variableTypes"] ?? {}) as Record<string, string>);
  const strict = (front["polyprompt.toolStrict"] ?? {}) as Record<string, boolean>;
  const tools = Array.isArray(front.toolDefs)
    ? (front.toolDefs as { name: string; description?: string; inputSchema?: Record<string, unknown> }[]).map((tool) => ({
        name: String(tool.name),
        ...(tool.description !== undefined ? { description: String(tool.description) } : {}),
        ...(tool.inputSchema !== undefined ? { parameters: tool.inputSchema } : {}),
        ...(strict[tool.name] !== undefined ? { strict: strict[tool.name] } : {}),
      }))
    : [];
  const output = front.output as { format?: string; schema?: Record<string, unknown> } | undefined;
  const extraFormat = (front["polyprompt.responseFormat"] ?? {}) as Record<string, unknown>;
  const responseFormat =
    extraFormat.type === "text"
      ? { type: "text" as const }
      : output?.format === "json"
        ? output.schema !== undefined
          ? { type: "json_schema" as const, schema: output.schema, ...extraFormat }
          : { type: "json_object" as const }
        : undefined;
  const hbs = handlebarsVersion({
    vendor,
    promptId,
    environments,
    params: (front.config ?? {}) as PromptVersion["params"],
    messages,
    tools,
    variables,
    ...(typeof front.model === "string" ? { model: front.model } : {}),
    ...(front["polyprompt.toolChoice"] !== undefined ? { toolChoice: front["polyprompt.toolChoice"] as PromptVersion["toolChoice"] } : {}),
    ...(responseFormat ? { responseFormat: responseFormat as PromptVersion["responseFormat"] } : {}),
    ...(str("polyprompt.type") === "completion" || str("polyprompt.type") === "chat"
      ? { type: str("polyprompt.type") as "chat" | "completion" }
      : {}),
  });

  const neutral = neutralOf(hbs);
  const target = template === DOTPROMPT_SYNTAX ? handlebarsDialect : options.dialects.find((dialect) => dialect.syntax === template);
  if (!target) throw fileError(path, `no dialect for "${template}" templates: pass its <vendor>Dialect.`);
  const written = target.write(neutral);
  if (written.losses.length > 0) {
    throw fileError(
      path,
      `its body cannot be written back as ${template}: ${written.losses.map((l) => `${l.kind} "${l.name}" at ${l.where}`).join("; ")}.`,
    );
  }
  const contentHash = str("polyprompt.contentHash");
  return { version: written.version, meta: { vendor, promptId, template, environments, ...(contentHash ? { contentHash } : {}) } };
}
