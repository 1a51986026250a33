/**
 * An included prompt as a dotprompt partial (`_name.prompt`): the included message's text in
 * Handlebars, bare, as dotprompt inserts a partial's whole source. Its metadata rides in a
 * leading Handlebars comment, which renders nothing (a comment alone on its line takes the line
 * with it), so the file stays a valid partial and still says where it came from.
 */
import {
  PromptError,
  translateVersion,
  type PromptMessage,
  type PromptVariable,
  type PromptVersion,
  type TemplateDialect,
  type TranslationLoss,
} from "@polyprompt/core";
import { handlebarsDialect } from "./handlebars-dialect.js";
import { handlebarsVersion } from "./handlebars-version.js";

export interface PartialMeta {
  vendor: string;
  promptId: string;
  template: string;
  /** The role of the included message in its own prompt. */
  role: PromptMessage["role"];
  /** `"completion"` when the prompt is one text (a text prompt). */
  type?: "chat" | "completion";
  environments: string[];
  /** The prompt's variables, whose types some dialects write in their tags. */
  variables?: PromptVariable[];
  contentHash?: string;
}

const HEADER = /^\{\{!-- polyprompt (\{.*\}) --\}\}\n/;

/** The partial file of message 0 of `version` (what includes insert), with what Handlebars cannot express listed. */
export function writePartialFile(
  version: PromptVersion,
  options: { dialects: readonly TemplateDialect[]; contentHash?: string; allowLossy?: boolean },
): { text: string; losses: TranslationLoss[] } {
  const message = version.messages[0];
  const losses: TranslationLoss[] = [];
  if (message === undefined || message.role === "placeholder" || typeof message.content !== "string") {
    throw new PromptError({
      code: "unsupported",
      vendor: version.vendor,
      operation: "writePartialFile",
      message: `${version.vendor}:${version.promptId} is included, but its first message is not text: a dotprompt partial is one text.`,
    });
  }
  const translated = translateVersion(
    { ...version, messages: [message], tools: [] },
    { to: handlebarsDialect, dialects: options.dialects, allowLossy: true },
  );
  losses.push(...translated.losses);
  if (losses.length > 0 && !options.allowLossy) {
    throw new PromptError({
      code: "unsupported",
      vendor: version.vendor,
      operation: "writePartialFile",
      message: `${version.vendor}:${version.promptId} cannot be a dotprompt partial without loss:\n${losses.map((l) => `- ${l.kind} "${l.name}" at ${l.where}: ${l.detail}`).join("\n")}`,
    });
  }
  const meta: PartialMeta = {
    vendor: version.vendor,
    promptId: version.promptId,
    template: version.template,
    role: message.role,
    ...(version.type !== undefined ? { type: version.type } : {}),
    environments: version.environments,
    ...(version.variables.length > 0 ? { variables: version.variables } : {}),
    ...(options.contentHash !== undefined ? { contentHash: options.contentHash } : {}),
  };
  // `--}}` cannot end the comment early: inside JSON strings its brace is written as an escape.
  const header = JSON.stringify(meta).replace(/--\}\}/g, "--\\u007d}");
  return { text: `{{!-- polyprompt ${header} --}}\n${(translated.version.messages[0] as PromptMessage).content as string}`, losses };
}

/** A partial file back as a one-message version in its vendor's dialect, with its metadata. */
export function readPartialFile(
  text: string,
  path: string,
  options: { dialects: readonly TemplateDialect[] },
): { version: PromptVersion; meta: PartialMeta } {
  const match = HEADER.exec(text);
  let meta: PartialMeta | undefined;
  try {
    meta = match ? (JSON.parse(match[1]!) as PartialMeta) : undefined;
  } catch {
    meta = undefined;
  }
  if (
    !meta ||
    typeof meta.vendor !== "string" ||
    typeof meta.promptId !== "string" ||
    typeof meta.template !== "string" ||
    typeof meta.role !== "string"
  ) {
    throw new PromptError({
      code: "invalid_prompt",
      operation: "readPartialFile",
      message: `${path}: a partial starts with {{!-- polyprompt {"vendor":…,"promptId":…,"template":…,"role":…} --}}.`,
    });
  }
  const hbs = handlebarsVersion({
    vendor: meta.vendor,
    promptId: meta.promptId,
    environments: Array.isArray(meta.environments) ? meta.environments.map(String) : [],
    messages: [{ role: meta.role, content: text.slice(match![0].length) }],
    variables: Array.isArray(meta.variables) ? meta.variables : [],
    ...(meta.type !== undefined ? { type: meta.type } : {}),
  });

  const target = options.dialects.find((dialect) => dialect.syntax === meta.template);
  if (!target)
    throw new PromptError({
      code: "invalid_prompt",
      operation: "readPartialFile",
      message: `${path}: no dialect for "${meta.template}" templates.`,
    });
  const written = target.write(handlebarsDialect.read(hbs));
  return { version: written.version, meta };
}
