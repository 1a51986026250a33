/**
 * `anthropic.messages.create(toAnthropicMessages(rendered, …))` with every supported major of
 * `@anthropic-ai/sdk`. This file is only type-checked (`pnpm test` runs tsc under NodeNext and Bundler).
 */
import { type RenderedPrompt, toAnthropicMessages, toOpenAIChat } from "@polyprompt/core";
import Anthropic0 from "anthropic0";
import Anthropic1 from "anthropic1";

declare const rendered: RenderedPrompt;

// The body fits the non-streaming overload itself, not only the catch-all one.
export const params0: Anthropic0.MessageCreateParamsNonStreaming = toAnthropicMessages(rendered, { maxTokens: 1024 });
export const params1: Anthropic1.MessageCreateParamsNonStreaming = toAnthropicMessages(rendered, { maxTokens: 1024 });

export async function messagesWithEveryMajor(): Promise<void> {
  const reply0: Anthropic0.Message = await new Anthropic0().messages.create(toAnthropicMessages(rendered));
  const reply1: Anthropic1.Message = await new Anthropic1().messages.create(
    toAnthropicMessages(rendered, { model: "claude-sonnet-4-5", maxTokens: 1024, jsonSchemaStrategy: "instruction" }),
  );
  void [reply0, reply1];
}

// The checks can fail: other providers' bodies are refused.
export async function wrongBodies(): Promise<void> {
  // @ts-expect-error an OpenAI Chat body has no max_tokens and OpenAI roles.
  await new Anthropic1().messages.create(toOpenAIChat(rendered));
  const developer = [{ role: "developer" as const, content: "x" }];
  // @ts-expect-error Anthropic has no `developer` role.
  await new Anthropic0().messages.create({ ...toAnthropicMessages(rendered), messages: developer });
}
