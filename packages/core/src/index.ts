/**
 * @polyprompt/core: one typed, cached, resilient way to fetch and render prompts kept in
 * prompt-management vendors. Vendor adapters live in their own entry points
 * (`@polyprompt/core/<vendor>`), so an app ships only the ones it uses; each exports its own
 * `renderPrompt`, bound to its template engine. The root `renderPrompt` takes the engine explicitly.
 */
export { createPromptClient } from "./client/create-client.js";
export { createBundle } from "./bootstrap/create-bundle.js";
export { readBundle } from "./bootstrap/read-bundle.js";
export { BUNDLE_FORMAT, DEFAULT_BUNDLE_LIMITS } from "./bootstrap/bundle-format.js";
export type { BundleEntry, BundleLimits, BundledVersion, PromptBundle } from "./bootstrap/bundle-format.js";
export type {
  CacheOptions,
  FallbackVersion,
  GetOptions,
  PromptClient,
  PromptClientOptions,
  RenderPromptOptions,
} from "./client/options.js";
export type { PromptClientStats, PromptEvent, PromptEventType } from "./client/events.js";
export type {
  PromptContent,
  PromptSummary,
  PromptVendor,
  PromptWriteInput,
  PromptWriter,
  RecordedVersion,
  VendorPromptVersion,
  VendorPromptVersionInfo,
  WriteOperation,
  WriteOptions,
  WrittenVersion,
} from "./contract/vendor.js";
export { migratePrompt } from "./migrate/migrate-prompt.js";
export { migrateAll } from "./migrate/migrate-all.js";
export type { MigrateAllOptions, MigrateAllReport, PromptOutcome } from "./migrate/migrate-all.js";
export type { MigratePromptOptions } from "./migrate/migrate-prompt.js";
export type { MigratedPrompt, MigratedVersion, MigrationProgress, MigrationReport } from "./migrate/migration-report.js";
export { sampleVariables } from "./migrate/sample-variables.js";
export { publishVersion } from "./write/publish-version.js";
export type { PublishVersionInput, PublishVersionResult } from "./write/publish-version.js";
export { contentHash } from "./write/content-hash.js";

export { renderPrompt, compileVersion, createRenderer } from "./render/render-prompt.js";
export type { BoundRenderPrompt, RenderWithEngineOptions, StandaloneRenderOptions } from "./render/render-prompt.js";
export { DEFAULT_RENDER_LIMITS } from "./render/render-limits.js";
export { placeholderMessages, withoutPlaceholders } from "./render/placeholders.js";
export type { RenderLimits } from "./render/render-limits.js";
export type { CompiledTemplate, RenderOptions, RenderedBody, TemplateEngine, TemplateInclude } from "./contract/template-engine.js";
export { toOpenAIChat } from "./convert/openai.js";
export type { OpenAIChatMessage, OpenAIChatRequest, OpenAIReasoningEffort } from "./convert/openai.js";
export { toOpenAIResponses } from "./convert/openai-responses.js";
export type {
  OpenAIResponsesContentPart,
  OpenAIResponsesFunctionTool,
  OpenAIResponsesInputItem,
  OpenAIResponsesRequest,
  OpenAIResponsesTextFormat,
  OpenAIResponsesToolChoice,
} from "./convert/openai-responses.js";
export type { ConverterOverrides } from "./convert/converter-kit.js";
export { toAnthropicMessages } from "./convert/anthropic.js";
export type { AnthropicMessage, AnthropicMessagesRequest, AnthropicOptions, JsonSchemaStrategy } from "./convert/anthropic.js";

export { PromptError } from "./errors/prompt-error.js";
export type { PromptErrorCode, VariableProblem } from "./errors/prompt-error.js";

export { parseRef, formatRef } from "./refs/parse.js";
export type { ParsedRef, PromptRef, PromptRefObject, VersionSelector } from "./refs/types.js";

export { createMemoryStore } from "./cache/store.js";
export type { CacheEntry, CacheLease, CacheStore } from "./cache/store.js";

// The handlers and their helpers (`toNodeListener`, `createMemoryReplayGuard`) are exported by
// each vendor's webhook entry point, `@polyprompt/core/<vendor>/webhook`: readers never load them.
export type { ReplayGuard } from "./webhooks/replay-guard.js";

export { createVendorHttp } from "./http/request.js";
export type { ApiResult, FailureDetails, FetchLike, RequestRuntime, VendorHttp } from "./http/request.js";
export type { RetryOptions } from "./http/retry.js";
export { shape } from "./http/shape-namespace.js";
export type { Shape, ShapeResult } from "./http/shape.js";

export type * from "./model/types.js";
export type {
  PromptFileInput,
  PromptHistory,
  PromptRegistry,
  RegisteredPrompt,
  RegisteredRef,
  TypedRef,
  VariablesArgument,
  VariablesOf,
} from "./model/prompt-registry.js";
export type { ExtraVariablesOption } from "./render/extra-variables.js";
export { generatePromptTypes, generatePromptTypesFromBundle } from "./typegen/generate-prompt-types.js";
export type { GeneratePromptTypesOptions } from "./typegen/generate-prompt-types.js";
export type { PrintPromptTypesOptions } from "./typegen/print-prompt-types.js";
export { BUILT_IN_VENDORS, type BuiltInVendorName } from "./vendors/registry.js";

export { translateVersion } from "./translate/translate-version.js";
export type { TranslateOptions, TranslateResult } from "./translate/translate-version.js";
export { defineDialect, lowerCommon } from "./translate/dialect.js";
export { includesOf, rewriteIncludes } from "./migrate/include-refs.js";
export type { DialectGrammar, LoweringRules, ReadContext, TemplateDialect, WriteContext } from "./translate/dialect.js";
export type * from "./translate/neutral.js";
export type { TranslationLoss, TranslationLossKind } from "./translate/loss.js";
