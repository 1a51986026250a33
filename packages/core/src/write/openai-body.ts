import type { PromptContent } from "../contract/vendor.js";
import { toOpenAIChat, type OpenAIChatRequest } from "../convert/openai.js";
import type { PromptMessage } from "../model/types.js";

/**
 * Content as an OpenAI Chat Completions body, for vendors that store one (a stored prompt body,
 * or a conventional `config`): the same mapping `toOpenAIChat` uses, so a written version
 * reads back as it was given. The caller refuses placeholders first. Without a model, `model`
 * is left out.
 */
export function openAIBody(content: PromptContent): Omit<OpenAIChatRequest, "model"> & { model?: string } {
  const messages = content.messages.filter((m): m is PromptMessage => m.role !== "placeholder");
  const body: Omit<OpenAIChatRequest, "model"> & { model?: string } = toOpenAIChat(
    {
      vendor: "",
      promptId: "",
      versionId: "",
      version: "",
      params: content.params ?? {},
      messages,
      tools: content.tools ?? [],
      ...(content.toolChoice !== undefined ? { toolChoice: content.toolChoice } : {}),
      ...(content.responseFormat !== undefined ? { responseFormat: content.responseFormat } : {}),
      source: "network",
      fetchedAt: "",
    },
    // The model is required by the converter only; an absent one is removed below.
    { model: content.model ?? "unset" },
  );
  if (content.model === undefined) delete body.model;
  return body;
}

/** Names of the parameters OpenAI Chat has no slot for and that `openAIBody` would drop. */
export function paramsWithoutOpenAISlot(content: PromptContent): string[] {
  return content.params?.topK !== undefined ? ["params.topK"] : [];
}
