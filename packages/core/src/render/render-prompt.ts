import { PromptError } from "../errors/prompt-error.js";
import type { PromptVariables, PromptVersion, RenderedPrompt } from "../model/types.js";
import type { CompiledTemplate, RenderedBody, RenderOptions, TemplateEngine } from "../contract/template-engine.js";
import { BUILT_IN_VENDORS } from "../vendors/registry.js";
import { checkingExtraVariables, type ExtraVariablesOption } from "./extra-variables.js";
import { RenderBudget, renderLimits, type RenderLimits } from "./render-limits.js";

/** A version without its provenance: what the cache holds. */
type Unserved = Omit<PromptVersion, "source">;

/** Options of a standalone render: the variables' rules, included texts, and the include limits. */
export interface StandaloneRenderOptions extends RenderOptions, ExtraVariablesOption {
  /** Bounds on included text; see `RenderLimits`. */
  limits?: Partial<RenderLimits>;
}

/** The root `renderPrompt`'s options: the engine is explicit, so no engine is bundled by default. */
export interface RenderWithEngineOptions extends StandaloneRenderOptions {
  /** The template engine of the version's syntax, e.g. the `<vendor>Template` exported by `@polyprompt/core/<vendor>`. */
  engine?: TemplateEngine;
}

/** A `renderPrompt` that knows one template engine. */
export type BoundRenderPrompt = (version: PromptVersion, variables?: PromptVariables, options?: StandaloneRenderOptions) => RenderedPrompt;

/**
 * A `renderPrompt` bound to one template engine: what each vendor entry point exports, and what
 * a custom vendor can export too. It needs no client and no earlier call.
 *
 * Compiled templates are remembered per version object, and reused only while every field that
 * compiling reads is the same value as when it was compiled and every object among them is
 * frozen (as the client's cached versions are): then nothing the template was compiled from can
 * have changed. The memo belongs to this renderer; nothing is registered anywhere.
 *
 * @example
 * export const renderPrompt = createRenderer(acmeTemplate);
 * renderPrompt(version, { name: "Ada" });
 */
export function createRenderer(engine: TemplateEngine): BoundRenderPrompt {
  const compiledByObject = new WeakMap<PromptVersion, { compiled: CompiledTemplate; inputs: CompileInputs }>();
  return function renderPrompt(version, variables = {}, options) {
    checkEngine(engine, version, "renderPrompt", `This renderPrompt renders syntax "${engine.syntax}"`);
    const known = compiledByObject.get(version);
    if (known && sameInputs(known.inputs, version)) return renderCompiled(version, version.source, known.compiled, variables, options);
    const compiled = compileWith(engine, version);
    const inputs = compileInputs(version);
    if (Object.values(inputs).every(isFrozenOrPrimitive)) compiledByObject.set(version, { compiled, inputs });
    return renderCompiled(version, version.source, compiled, variables, options);
  };
}

/** The fields of a version that compiling reads (engines read no others). */
type CompileInputs = Pick<
  PromptVersion,
  | "vendor"
  | "promptId"
  | "versionId"
  | "version"
  | "template"
  | "type"
  | "model"
  | "params"
  | "messages"
  | "tools"
  | "toolChoice"
  | "responseFormat"
  | "variables"
>;

function compileInputs(v: PromptVersion): CompileInputs {
  return {
    vendor: v.vendor,
    promptId: v.promptId,
    versionId: v.versionId,
    version: v.version,
    template: v.template,
    type: v.type,
    model: v.model,
    params: v.params,
    messages: v.messages,
    tools: v.tools,
    toolChoice: v.toolChoice,
    responseFormat: v.responseFormat,
    variables: v.variables,
  };
}

/**
 * Whether nothing compiling reads has changed. Spelled out field by field: a loop over key names
 * cost more than the rest of a warm render.
 */
function sameInputs(a: CompileInputs, v: PromptVersion): boolean {
  return (
    a.messages === v.messages &&
    a.variables === v.variables &&
    a.tools === v.tools &&
    a.params === v.params &&
    a.template === v.template &&
    a.toolChoice === v.toolChoice &&
    a.responseFormat === v.responseFormat &&
    a.vendor === v.vendor &&
    a.promptId === v.promptId &&
    a.versionId === v.versionId &&
    a.version === v.version &&
    a.type === v.type &&
    a.model === v.model
  );
}

// The client's memory store deep-freezes what it holds; a frozen top level stands for that.
function isFrozenOrPrimitive(value: unknown): boolean {
  return typeof value !== "object" || value === null || Object.isFrozen(value);
}

/**
 * Fills a version's variables, following its vendor's template rules. Pure and synchronous.
 * The root entry point bundles no template engine: pass it in `options.engine`, or use the
 * `renderPrompt` of the vendor's entry point, which knows its engine.
 * Missing or mistyped variables throw `invalid_variables` listing every problem, unless
 * `options.missing` is `"keep"`.
 *
 * @example
 * // engine: the vendor adapter's `templateEngine`, or `<vendor>Template` from "@polyprompt/core/<vendor>"
 * const version = await prompts.get(ref);
 * const rendered = renderPrompt(version, { name: "Ada" }, { engine });
 * await openai.chat.completions.create(toOpenAIChat(rendered));
 */
export function renderPrompt(version: PromptVersion, variables: PromptVariables = {}, options?: RenderWithEngineOptions): RenderedPrompt {
  const engine = requireEngine(version, options?.engine, "renderPrompt");
  return renderCompiled(version, version.source, compileWith(engine, version), variables, options);
}

/**
 * Parses a version's templates with the given engine (the same engine checks as `renderPrompt`).
 *
 * @example
 * const compiled = compileVersion(version, acmeTemplate);
 * compiled.includes; // the prompts it includes
 */
export function compileVersion(version: Unserved, engine: TemplateEngine): CompiledTemplate {
  return compileWith(requireEngine(version, engine, "compileVersion"), version);
}

/** Compiles with `engine`, naming the vendor in any error. The caller has checked the engine's syntax. */
export function compileWith(engine: TemplateEngine, version: Unserved): CompiledTemplate {
  return withVendor(version.vendor, () => engine.compile(version as PromptVersion));
}

/**
 * `renderPrompt` with a template compiled earlier (the client caches them per version).
 * Included texts are charged to the render's limits as the engine substitutes them.
 */
export function renderCompiled(
  version: Unserved,
  source: PromptVersion["source"],
  compiled: CompiledTemplate,
  variables: PromptVariables,
  options?: StandaloneRenderOptions,
  budget?: RenderBudget,
): RenderedPrompt {
  // A budget only where there is included text to charge: most renders have none.
  const included = options?.included;
  const renderOptions: RenderOptions = {
    missing: options?.missing,
    included: included && (budget ?? new RenderBudget(renderLimits(options?.limits), version.vendor)).meter(included),
  };
  // No closures on the warm path: the engine is called directly, its errors named after the vendor.
  let body: RenderedBody;
  try {
    body =
      options?.extraVariables === "error"
        ? checkingExtraVariables(variables ?? {}, "error", version, (seen) => compiled.render(seen, renderOptions))
        : compiled.render(variables ?? {}, renderOptions);
  } catch (err) {
    throw withVendorNamed(version.vendor, err);
  }
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

/** The engine given for a version, or an `unsupported` error whose advice works. */
function requireEngine(version: Unserved, engine: TemplateEngine | undefined, operation: string): TemplateEngine {
  if (engine === undefined) {
    throw new PromptError({
      code: "unsupported",
      vendor: version.vendor,
      operation,
      message: `${operation} from "@polyprompt/core" bundles no template engine, and none was given for syntax "${version.template}". ${adviceFor(version.template, operation)}`,
    });
  }
  checkEngine(engine, version, operation, `The template engine given renders syntax "${engine.syntax}"`);
  return engine;
}

function checkEngine(engine: TemplateEngine, version: Unserved, operation: string, what: string): void {
  if (engine.syntax === version.template) return;
  throw new PromptError({
    code: "unsupported",
    vendor: version.vendor,
    operation,
    message: `${what}, but this version is written in "${version.template}". ${adviceFor(version.template, operation)}`,
  });
}

/**
 * Advice that is true (a test follows each): an entry point exists only for a built-in syntax,
 * and each exports `renderPrompt` and its engine as `<syntax>Template`.
 */
function adviceFor(syntax: string, operation: string): string {
  const builtIn = (BUILT_IN_VENDORS as readonly string[]).includes(syntax);
  const entry = `"@polyprompt/core/${syntax}"`;
  if (operation === "compileVersion") {
    return builtIn
      ? `Pass the engine as the second argument: import { ${syntax}Template } from ${entry}.`
      : `Pass the TemplateEngine whose syntax is "${syntax}" (your vendor adapter's templateEngine) as the second argument.`;
  }
  return builtIn
    ? `Use import { renderPrompt } from ${entry}, or pass { engine: ${syntax}Template } imported from ${entry}.`
    : `Pass { engine } with the TemplateEngine whose syntax is "${syntax}" (your vendor adapter's templateEngine), or render through prompts.render().`;
}

/** Engines don't know which vendor they serve; errors should say. */
function withVendor<T>(vendor: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    throw withVendorNamed(vendor, err);
  }
}

/** A thrown error as a PromptError that names the vendor. */
function withVendorNamed(vendor: string, err: unknown): PromptError {
  if (PromptError.is(err)) {
    if (err.vendor !== undefined) return err;
    return new PromptError({
      ...err,
      code: err.code,
      message: err.message,
      vendor,
      operation: err.operation ?? "render",
      cause: err.cause,
    });
  }
  return new PromptError({
    code: "invalid_variables",
    vendor,
    operation: "render",
    message: `Rendering failed: ${err instanceof Error ? err.message : String(err)}`,
    cause: err,
  });
}
