import { PromptError } from "../errors/prompt-error.js";
import type { TemplateSyntax } from "../model/types.js";
import type { TemplateEngine } from "../contract/template-engine.js";

const engines = new Map<TemplateSyntax, TemplateEngine>();

/**
 * Makes an engine available to `renderPrompt` for versions whose `template` is its syntax.
 * Vendor factories (`helicone()`, `tela()`) register their engine when called.
 *
 * @example
 * registerTemplateEngine(myMustacheEngine);
 */
export function registerTemplateEngine(engine: TemplateEngine): void {
  engines.set(engine.syntax, engine);
}

/** The engine for a syntax, or an `unsupported` error naming what to import. */
export function templateEngineFor(syntax: TemplateSyntax, vendor?: string): TemplateEngine {
  const engine = engines.get(syntax);
  if (engine) return engine;
  throw new PromptError({
    code: "unsupported",
    vendor,
    operation: "render",
    message:
      `No template engine for syntax "${syntax}". Create the vendor adapter first ` +
      `(e.g. import { ${syntax} } from "@polyprompt/core/${syntax}" and call it), or registerTemplateEngine() your own.`,
  });
}
