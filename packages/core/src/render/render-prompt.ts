import { PromptError } from "../errors/prompt-error.js";
import type { PromptVariables, PromptVersion, RenderedPrompt } from "../model/types.js";
import type { CompiledTemplate, RenderOptions } from "../contract/template-engine.js";
import { templateEngineFor } from "./engine-registry.js";

// Compiled templates of versions rendered directly, by object identity: a version object
// someone built by hand can't be confused with another that shares its versionId.
const compiledByObject = new WeakMap<PromptVersion, CompiledTemplate>();

/** A version without its provenance: what the cache holds. */
type Unserved = Omit<PromptVersion, "source">;

/** Parses a version's templates with its vendor's engine, once per version object. */
export function compileVersion(version: Unserved): CompiledTemplate {
  let compiled = compiledByObject.get(version as PromptVersion);
  if (!compiled) {
    compiled = withVendor(version.vendor, () => templateEngineFor(version.template, version.vendor).compile(version as PromptVersion));
    compiledByObject.set(version as PromptVersion, compiled);
  }
  return compiled;
}

/** The template compiled earlier for this very object, if any (the client's fast path). */
export function compiledBefore(version: Unserved): CompiledTemplate | undefined {
  return compiledByObject.get(version as PromptVersion);
}

/** Records a template compiled for an equal version (same id and update time), so this object reuses it. */
export function rememberCompiled(version: Unserved, compiled: CompiledTemplate): void {
  compiledByObject.set(version as PromptVersion, compiled);
}

/**
 * Fills a version's variables, following its vendor's template rules. Pure and synchronous.
 * Missing or mistyped variables throw `invalid_variables` listing every problem, unless
 * `options.missing` is `"keep"`.
 *
 * @example
 * const version = await prompts.get("helicone:abc123");
 * const rendered = renderPrompt(version, { name: "Ada" });
 * await openai.chat.completions.create(toOpenAIChat(rendered));
 */
export function renderPrompt(version: PromptVersion, variables: PromptVariables = {}, options?: RenderOptions): RenderedPrompt {
  return renderCompiled(version, version.source, compileVersion(version), variables, options);
}

/** `renderPrompt` with a template compiled earlier (the client caches them per version). */
export function renderCompiled(
  version: Unserved,
  source: PromptVersion["source"],
  compiled: CompiledTemplate,
  variables: PromptVariables,
  options?: RenderOptions,
): RenderedPrompt {
  const body = withVendor(version.vendor, () => compiled.render(variables ?? {}, options));
  const rendered: RenderedPrompt = {
    vendor: version.vendor,
    promptId: version.promptId,
    versionId: version.versionId,
    version: version.version,
    model: version.model,
    params: version.params,
    messages: body.messages,
    tools: body.tools,
    toolChoice: body.toolChoice,
    responseFormat: body.responseFormat,
    source,
    fetchedAt: version.fetchedAt,
  };
  return rendered;
}

/** Engines don't know which vendor they serve; errors should say. */
function withVendor<T>(vendor: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (PromptError.is(err)) {
      if (err.vendor !== undefined) throw err;
      throw new PromptError({ ...err, code: err.code, message: err.message, vendor, operation: err.operation ?? "render", cause: err.cause });
    }
    throw new PromptError({
      code: "invalid_variables",
      vendor,
      operation: "render",
      message: `Rendering failed: ${err instanceof Error ? err.message : String(err)}`,
      cause: err,
    });
  }
}
