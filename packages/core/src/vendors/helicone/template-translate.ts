/**
 * Helicone's templates in the neutral form (see `translate/dialect.ts`): `{{hc:name:type}}` is a
 * typed variable, `{{hcp:id:index[:env]}}` an include (no environment means production, as on
 * Helicone). Messages, tool names, descriptions and parameters and the response format are all
 * templates. Helicone has no sections, no placeholders and no escape: literal text that reads as
 * a tag is reported as `colliding-text`.
 */
import { defineDialect, lowerCommon, type DialectGrammar } from "../../translate/dialect.js";
import type { NeutralText } from "../../translate/neutral.js";
import { parsePartialTags, parseVariableTags } from "./template-parse.js";

const NAME = /^[a-zA-Z_-][a-zA-Z0-9_-]*$/;
const PROMPT_ID = /^[a-zA-Z0-9]{6}$/;
const DEFAULT_ENVIRONMENT = "production";

function readText(text: string, vendor: string, inTool: boolean): NeutralText {
  const out: NeutralText = [];
  const literal = (piece: string): void => {
    // Partials are spliced into message text only; in tools a partial tag is literal text.
    const partials = inTool ? null : parsePartialTags(piece);
    if (partials === null) {
      out.push({ kind: "text", text: piece });
      return;
    }
    for (const segment of partials) {
      if (typeof segment === "string") out.push({ kind: "text", text: segment });
      else {
        out.push({
          kind: "include",
          ref: { vendor, promptId: segment.promptId, environment: segment.environment ?? DEFAULT_ENVIRONMENT },
          messageIndex: segment.messageIndex,
        });
      }
    }
  };
  for (const segment of parseVariableTags(text) ?? [text]) {
    if (typeof segment === "string") literal(segment);
    else out.push({ kind: "variable", name: segment.name, type: segment.type });
  }
  return out;
}

const grammar: DialectGrammar = {
  syntax: "helicone",
  templatesTools: true,
  placeholders: false,
  fileVariables: false,
  // Six base-36 characters, like the ids Helicone gives.
  standInPromptId: (index) => `zz${index.toString(36).padStart(4, "0")}`,
  readText: (text, context, inTool) => readText(text, context.vendor, inTool),
  lower: (parts, context) =>
    lowerCommon(parts, context, {
      syntax: "helicone",
      sections: false,
      fileVariables: false,
      nameProblem: (name) => (NAME.test(name) ? null : `helicone variable names match ${NAME.source}`),
      includeProblem: (part, ctx) => {
        if (ctx.inTool) return "helicone splices partials into message text only";
        if (!PROMPT_ID.test(part.ref.promptId)) return "a helicone partial names a prompt by a 6-character id";
        if (part.ref.version !== undefined || part.ref.versionId !== undefined)
          return "a helicone partial names an environment, not a version";
        if (part.ref.environment !== undefined && !NAME.test(part.ref.environment))
          return `helicone environment names match ${NAME.source}`;
        return null;
      },
    }),
  print: (parts, context) =>
    parts
      .map((part) => {
        if (part.kind === "text") return part.text;
        if (part.kind === "variable") {
          const type = part.type ?? context.variables.find((variable) => variable.name === part.name)?.type ?? "string";
          return `{{hc:${part.name}:${NAME.test(type) ? type : "string"}}}`;
        }
        if (part.kind === "include")
          return `{{hcp:${part.ref.promptId}:${part.messageIndex}:${part.ref.environment ?? DEFAULT_ENVIRONMENT}}}`;
        return ""; // sections were lowered away
      })
      .join(""),
};

/**
 * Helicone's template dialect, for `translateVersion`.
 *
 * @example
 * const { version } = translateVersion(langfuseVersion, { from: langfuseDialect, to: heliconeDialect });
 */
export const heliconeDialect = /* @__PURE__ */ defineDialect(grammar);
