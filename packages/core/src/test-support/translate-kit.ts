// Test helpers for translation tests (translate/ and each vendor's template-translate tests):
// sample values, included texts and a render that works on any version of any of the three
// dialects. Not part of the published package.
import type { PromptVariables, PromptVersion, RenderedPrompt } from "../model/types.js";
import type { TemplateDialect } from "../translate/dialect.js";
import type { BoundRenderPrompt } from "../render/render-prompt.js";
import type { TemplateEngine } from "../contract/template-engine.js";
import { heliconeDialect, heliconeTemplate, renderPrompt as renderHelicone } from "../vendors/helicone/index.js";
import { telaDialect, telaTemplate, renderPrompt as renderTela } from "../vendors/tela/index.js";
import { langfuseDialect, langfuseTemplate, renderPrompt as renderLangfuse } from "../vendors/langfuse/index.js";

export const DIALECTS: Record<string, { dialect: TemplateDialect; engine: TemplateEngine; render: BoundRenderPrompt }> = {
  helicone: { dialect: heliconeDialect, engine: heliconeTemplate, render: renderHelicone },
  tela: { dialect: telaDialect, engine: telaTemplate, render: renderTela },
  langfuse: { dialect: langfuseDialect, engine: langfuseTemplate, render: renderLangfuse },
};
export const ALL_DIALECTS = Object.values(DIALECTS).map((entry) => entry.dialect);

/** One value per declared variable, of a kind every dialect accepts for its type. */
export function sampleValues(version: PromptVersion): PromptVariables {
  const out: PromptVariables = {};
  for (const variable of version.variables) {
    if (variable.type === "placeholder") {
      out[variable.name] = [
        { role: "user", content: "earlier {{question}}" },
        { role: "assistant", content: "earlier answer" },
      ];
    } else if (variable.type === "number") out[variable.name] = 7;
    else if (variable.type === "boolean") out[variable.name] = true;
    else if (variable.type === "file") out[variable.name] = "https://files.test/a.pdf";
    else out[variable.name] = `<${variable.name}>`;
  }
  return out;
}

/** Renders with each include's text derived from its reference alone, so every dialect gets the same. */
export function renderAny(version: PromptVersion, values: PromptVariables): RenderedPrompt {
  const entry = DIALECTS[version.template]!;
  const included = new Map<string, string>();
  for (const include of entry.engine.compile(version).includes) {
    included.set(include.key, `[included ${include.ref.promptId}#${include.messageIndex}]`);
  }
  return entry.render(version, values, { included });
}

/** A minimal version of `template`, with the given messages and variables. */
export function versionOf(template: string, fields: Partial<PromptVersion>): PromptVersion {
  return {
    vendor: template,
    promptId: "abc123",
    versionId: "v1",
    version: "1",
    environments: ["production"],
    draft: false,
    createdAt: "2026-01-01T00:00:00.000Z",
    raw: [],
    source: "network",
    fetchedAt: "2026-01-01T00:00:00.000Z",
    template,
    params: {},
    messages: [],
    tools: [],
    variables: [],
    ...fields,
  };
}
