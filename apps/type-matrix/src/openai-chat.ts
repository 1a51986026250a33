/**
 * `openai.chat.completions.create(toOpenAIChat(rendered))` with every supported major of the
 * `openai` SDK. This file is only type-checked (`pnpm test` runs tsc under NodeNext and Bundler).
 */
import { type RenderedPrompt, toAnthropicMessages, toOpenAIChat, toOpenAIResponses } from "@polyprompt/core";
import OpenAI4 from "openai4";
import OpenAI5 from "openai5";
import OpenAI6 from "openai6";

declare const rendered: RenderedPrompt;

// The body fits the non-streaming overload itself, not only the catch-all one.
export const params4: OpenAI4.ChatCompletionCreateParamsNonStreaming = toOpenAIChat(rendered);
export const params5: OpenAI5.ChatCompletionCreateParamsNonStreaming = toOpenAIChat(rendered);
export const params6: OpenAI6.ChatCompletionCreateParamsNonStreaming = toOpenAIChat(rendered);

export async function chatWithEveryMajor(): Promise<void> {
  const reply4: OpenAI4.ChatCompletion = await new OpenAI4().chat.completions.create(toOpenAIChat(rendered));
  const reply5: OpenAI5.ChatCompletion = await new OpenAI5().chat.completions.create(toOpenAIChat(rendered));
  const reply6: OpenAI6.ChatCompletion = await new OpenAI6().chat.completions.create(toOpenAIChat(rendered));
  void [reply4, reply5, reply6];
}

// The checks can fail: other providers' bodies are refused.
export async function wrongBodies(): Promise<void> {
  // @ts-expect-error an Anthropic Messages body is not a Chat Completions body.
  await new OpenAI6().chat.completions.create(toAnthropicMessages(rendered, { maxTokens: 1 }));
  // @ts-expect-error a Responses body has `input`, not `messages`.
  await new OpenAI4().chat.completions.create(toOpenAIResponses(rendered));
  // @ts-expect-error reasoning efforts outside the shared type are refused by openai 4.
  const effort: OpenAI4.ChatCompletionCreateParamsNonStreaming = { ...toOpenAIChat(rendered), reasoning_effort: "minimal" as const };
  void effort;
}
