import { describe, expectTypeOf, it } from "vitest";
import {
  createBundle,
  createPromptClient,
  PromptError,
  readBundle,
  type BundledVersion,
  type PromptBundle,
  type PromptClientOptions,
  type PromptClientStats,
  type PromptEventType,
  renderPrompt,
  toAnthropicMessages,
  toOpenAIChat,
  type AnthropicMessagesRequest,
  type OpenAIChatRequest,
  type PromptClient,
  type PromptErrorCode,
  type PromptRef,
  type PromptSource,
  type PromptVendor,
  type PromptVersion,
  type PromptVersionInfo,
  type RenderedPrompt,
} from "./index.js";
import { helicone, renderPrompt as renderHelicone } from "./vendors/helicone/index.js";
import { tela, renderPrompt as renderTela } from "./vendors/tela/index.js";

describe("public types", () => {
  it("the client's operations", () => {
    const prompts = createPromptClient({ vendors: [helicone({ apiKey: "k" }), tela({ apiKey: "k", baseUrl: "http://x" })] });
    expectTypeOf(prompts).toEqualTypeOf<PromptClient>();
    expectTypeOf(prompts.get).parameter(0).toEqualTypeOf<PromptRef>();
    expectTypeOf(prompts.get("helicone:abc")).resolves.toEqualTypeOf<PromptVersion>();
    expectTypeOf(prompts.listVersions("tela:p")).resolves.toEqualTypeOf<PromptVersionInfo[]>();
    expectTypeOf(prompts.render("helicone:abc", { name: "Ada" })).resolves.toEqualTypeOf<RenderedPrompt>();
    expectTypeOf(helicone({ apiKey: "k" })).toEqualTypeOf<PromptVendor>();
  });

  it("references: a string or the object form, with one selector", () => {
    expectTypeOf<{ vendor: "tela"; promptId: "p"; environment: "3" }>().toMatchTypeOf<PromptRef>();
    expectTypeOf<{ vendor: "tela" }>().not.toMatchTypeOf<PromptRef>();
  });

  it("the model carries provenance", () => {
    expectTypeOf<PromptVersion["source"]>().toEqualTypeOf<PromptSource>();
    expectTypeOf<PromptSource>().toEqualTypeOf<"network" | "cache" | "stale" | "fallback" | "bootstrap">();
    expectTypeOf<PromptVersionInfo>().not.toHaveProperty("messages");
    expectTypeOf<PromptVersion["messages"][number]["role"]>().toEqualTypeOf<
      "system" | "developer" | "user" | "assistant" | "tool" | "placeholder"
    >();
    expectTypeOf<RenderedPrompt["messages"][number]["role"]>().toEqualTypeOf<"system" | "developer" | "user" | "assistant" | "tool">();
  });

  it("offline bootstrap: the bundle, the option, its events and counter", () => {
    expectTypeOf<"bootstrap">().toMatchTypeOf<PromptSource>();
    expectTypeOf(createBundle).returns.resolves.toEqualTypeOf<PromptBundle>();
    expectTypeOf(readBundle).returns.toEqualTypeOf<PromptBundle>();
    expectTypeOf<PromptBundle["format"]>().toEqualTypeOf<"polyprompt-bundle/1">();
    expectTypeOf<BundledVersion>().toHaveProperty("capturedAt");
    expectTypeOf<BundledVersion>().not.toHaveProperty("source");
    expectTypeOf<BundledVersion>().not.toHaveProperty("fetchedAt");
    // A JSON module's inferred type (format: string) is accepted: the value is checked at run time.
    expectTypeOf<{ format: string; entries: unknown[] }>().toMatchTypeOf<NonNullable<PromptClientOptions["bootstrap"]>>();
    expectTypeOf<PromptClientStats["bootstrapServed"]>().toEqualTypeOf<number>();
    expectTypeOf<"bootstrap">().toMatchTypeOf<PromptEventType>();
  });

  it("rendering and provider outputs", () => {
    expectTypeOf(renderPrompt).returns.toEqualTypeOf<RenderedPrompt>();
    expectTypeOf(renderHelicone).returns.toEqualTypeOf<RenderedPrompt>();
    expectTypeOf(renderTela).returns.toEqualTypeOf<RenderedPrompt>();
    expectTypeOf(renderPrompt).parameter(2).toMatchTypeOf<{ engine?: unknown } | undefined>();
    expectTypeOf(toOpenAIChat).returns.toEqualTypeOf<OpenAIChatRequest>();
    expectTypeOf(toAnthropicMessages).returns.toEqualTypeOf<AnthropicMessagesRequest>();
    expectTypeOf<AnthropicMessagesRequest["max_tokens"]>().toEqualTypeOf<number>();
  });

  it("errors have exactly the documented codes", () => {
    expectTypeOf<PromptError["code"]>().toEqualTypeOf<PromptErrorCode>();
    expectTypeOf<PromptErrorCode>().toEqualTypeOf<
      | "invalid_ref"
      | "not_found"
      | "unauthorized"
      | "forbidden"
      | "rate_limited"
      | "vendor_error"
      | "network"
      | "timeout"
      | "aborted"
      | "invalid_response"
      | "invalid_variables"
      | "invalid_prompt"
      | "invalid_config"
      | "unsupported"
    >();
    expectTypeOf<PromptError>().toMatchTypeOf<Error>();
    expectTypeOf(PromptError.is).guards.toEqualTypeOf<PromptError>();
  });
});
