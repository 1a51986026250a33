/**
 * `generateText({ model, ...toAISDK(rendered) })` and `streamText(…)` with every supported major
 * of the Vercel AI SDK. This file is only type-checked (`pnpm test` runs tsc under NodeNext and Bundler).
 */
import { type RenderedPrompt, toOpenAIChat } from "@polyprompt/core";
import { toAISDK } from "@polyprompt/core/ai-sdk";
import {
  generateText as generateText5,
  type LanguageModel as LanguageModel5,
  type ModelMessage as ModelMessage5,
  streamText as streamText5,
} from "ai5";
import {
  generateText as generateText6,
  type LanguageModel as LanguageModel6,
  type ModelMessage as ModelMessage6,
  streamText as streamText6,
} from "ai6";

declare const rendered: RenderedPrompt;
declare const model5: LanguageModel5;
declare const model6: LanguageModel6;

// The messages are each major's ModelMessage[] on their own, not only inside a call.
export const messages5: ModelMessage5[] = toAISDK(rendered).messages;
export const messages6: ModelMessage6[] = toAISDK(rendered).messages;

export async function generateWithEveryMajor(): Promise<void> {
  const { text: text5 } = await generateText5({ model: model5, ...toAISDK(rendered) });
  const { text: text6 } = await generateText6({ model: model6, ...toAISDK(rendered, { temperature: 0, responseFormat: "omit" }) });
  void [text5, text6];
}

export function streamWithEveryMajor(): void {
  const stream5 = streamText5({ model: model5, ...toAISDK(rendered) });
  const stream6 = streamText6({ model: model6, ...toAISDK(rendered) });
  void [stream5.textStream, stream6.textStream];
}

// What an app adds around the spread: its own turn, and the SDK's own options.
export async function withCallerOptions(): Promise<void> {
  const call = toAISDK(rendered, { maxTokens: 256 });
  await generateText5({
    model: model5,
    ...call,
    messages: [...call.messages, { role: "user", content: "And tomorrow?" }],
    allowSystemInMessages: true,
    maxRetries: 0,
  });
  await generateText6({ model: model6, ...call, providerOptions: { openai: { reasoningEffort: "low" } } });
}

// The check can fail: an OpenAI Chat body's messages are refused.
export async function wrongMessages(): Promise<void> {
  // @ts-expect-error OpenAI's `developer` role is not an AI SDK role.
  await generateText6({ model: model6, messages: toOpenAIChat(rendered).messages });
  // @ts-expect-error OpenAI's `developer` role is not an AI SDK role.
  await streamText5({ model: model5, messages: toOpenAIChat(rendered).messages });
}
