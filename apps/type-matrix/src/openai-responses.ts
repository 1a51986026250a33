/**
 * `openai.responses.create(toOpenAIResponses(rendered))` with every supported major of the
 * `openai` SDK (4.x has `responses` since 4.87). This file is only type-checked (`pnpm test`
 * runs tsc under NodeNext and Bundler).
 */
import { type RenderedPrompt, toOpenAIChat, toOpenAIResponses } from "@polyprompt/core";
import OpenAI4 from "openai4";
import OpenAI5 from "openai5";
import OpenAI6 from "openai6";

declare const rendered: RenderedPrompt;

// The body fits the non-streaming overload itself, not only the catch-all one.
export const params4: OpenAI4.Responses.ResponseCreateParamsNonStreaming = toOpenAIResponses(rendered);
export const params5: OpenAI5.Responses.ResponseCreateParamsNonStreaming = toOpenAIResponses(rendered);
export const params6: OpenAI6.Responses.ResponseCreateParamsNonStreaming = toOpenAIResponses(rendered);

export async function responsesWithEveryMajor(): Promise<void> {
  const reply4: OpenAI4.Responses.Response = await new OpenAI4().responses.create(toOpenAIResponses(rendered));
  const reply5: OpenAI5.Responses.Response = await new OpenAI5().responses.create(toOpenAIResponses(rendered, { model: "gpt-5-mini" }));
  const reply6: OpenAI6.Responses.Response = await new OpenAI6().responses.create(toOpenAIResponses(rendered, { maxTokens: 256 }));
  void [reply4.output_text, reply5.output_text, reply6.output_text];
}

// The checks can fail: other bodies and shapes the SDKs do not know are refused.
export async function wrongBodies(): Promise<void> {
  // @ts-expect-error a Chat Completions body has `messages`, not `input`.
  await new OpenAI5().responses.create(toOpenAIChat(rendered));
  // @ts-expect-error openai 4 types `detail` on input images as required.
  const image: OpenAI4.Responses.ResponseInputImage = { type: "input_image", image_url: "https://i.test/a.png" };
  // @ts-expect-error openai 4 types `strict` and `parameters` on function tools as required.
  const tool: OpenAI4.Responses.FunctionTool = { type: "function", name: "f" };
  void [image, tool];
}
