import type {
  PromptMessage,
  PromptTool,
  PromptVariables,
  PromptVersion,
  ResponseFormat,
  TemplateSyntax,
  ToolChoice,
} from "../model/types.js";
import type { PromptRefObject } from "../refs/types.js";

/** How a render treats variables that are missing or of the wrong type. */
export interface RenderOptions {
  /**
   * `"error"` (default): any missing or mistyped variable throws `invalid_variables`, listing
   * every problem. `"keep"`: leave the placeholder in place, as the vendors' own SDKs do.
   */
  missing?: "error" | "keep";
  /**
   * Text for each include (e.g. a prompt partial), keyed by `TemplateInclude.key`.
   * `prompts.render` fills this in by fetching the included prompts.
   */
  included?: ReadonlyMap<string, string>;
}

/** The parts of a version that rendering changes. */
export interface RenderedBody {
  messages: PromptMessage[];
  tools: PromptTool[];
  toolChoice?: ToolChoice;
  responseFormat?: ResponseFormat;
}

/** Another prompt that a template pulls text from, to be fetched before rendering. */
export interface TemplateInclude {
  /** The placeholder's identity inside the including template; the key of `RenderOptions.included`. */
  key: string;
  /** Which prompt to fetch: same vendor as the including version. */
  ref: PromptRefObject;
  /** Which message of the fetched version provides the text (0-based). */
  messageIndex: number;
}

/** A version's templates, parsed once and rendered many times. */
export interface CompiledTemplate {
  readonly includes: readonly TemplateInclude[];
  render(variables: PromptVariables, options?: RenderOptions): RenderedBody;
  /**
   * The text this version contributes when another prompt includes message `messageIndex`
   * of it, with its own includes substituted and its variables left in place (the including
   * render fills them in).
   */
  includeText(messageIndex: number, included?: ReadonlyMap<string, string>): string;
}

/**
 * A template dialect. Each vendor module contributes one; users can add their own along
 * with a custom vendor adapter.
 */
export interface TemplateEngine {
  readonly syntax: TemplateSyntax;
  /**
   * The TypeScript type a render takes for each of this dialect's variable type names, where it
   * differs from the shared defaults (`string`, `number`, `boolean`, `file`, `placeholder`,
   * `array`, `object`). Generated registries (`generatePromptTypes`) read it.
   */
  readonly variableTypes?: Readonly<Record<string, string>>;
  compile(version: PromptVersion): CompiledTemplate;
}
