/**
 * Tela's templates in the neutral form (see `translate/dialect.ts`): `{name}` and `{{name}}` are
 * variables only for declared names (a `file` variable stays a file variable); everything else
 * is literal. Only message text is a template. Tela has no sections, includes, placeholders or
 * escape: literal text that reads as a declared placeholder is reported as `colliding-text`.
 * Variables are written `{{name}}`, the form in Tela's API examples.
 */
import { defineDialect, lowerCommon, type DialectGrammar } from "../../translate/dialect.js";
import type { NeutralText } from "../../translate/neutral.js";
import { PlaceholderFinder } from "./template-parse.js";

/** No braces (they would end the placeholder), no surrounding space, no dotted paths. */
const NAME = /^[^{}\s.](?:[^{}.]*[^{}\s.])?$/u;

const grammar: DialectGrammar = {
  syntax: "tela",
  templatesTools: false,
  placeholders: false,
  fileVariables: true,
  readText: (text, context): NeutralText => {
    const names = [
      ...new Set(
        context.variables.filter((variable) => variable.type !== "placeholder" && variable.name !== "").map((variable) => variable.name),
      ),
    ];
    return new PlaceholderFinder(names)
      .parse(text)
      .map((segment) => (typeof segment === "string" ? { kind: "text", text: segment } : { kind: "variable", name: segment.name }));
  },
  lower: (parts, context) =>
    lowerCommon(parts, context, {
      syntax: "tela",
      sections: false,
      fileVariables: true,
      nameProblem: (name) => (NAME.test(name) ? null : "a tela variable name has no braces, dots or surrounding spaces"),
      includeProblem: () => "tela templates have no includes",
    }),
  print: (parts) => parts.map((part) => (part.kind === "text" ? part.text : part.kind === "variable" ? `{{${part.name}}}` : "")).join(""),
};

/**
 * Tela's template dialect, for `translateVersion`.
 *
 * @example
 * const { version } = translateVersion(heliconeVersion, { from: heliconeDialect, to: telaDialect });
 */
export const telaDialect = /* @__PURE__ */ defineDialect(grammar);
