import type { CompiledTemplate, RenderOptions } from "../../../contract/template-engine.js";
import type { PromptMessage, VersionMessage } from "../../../model/types.js";
import type { PromptVersion } from "../../../model/types.js";
import { langfuseTemplate, langfuseVariables } from "../template.js";

/** A Langfuse version holding `messages` (a chat prompt), as the template engine sees it. */
export function chatVersion(messages: VersionMessage[], promptId = "support/chat"): PromptVersion {
  return {
    vendor: "langfuse",
    promptId,
    versionId: "3",
    version: "3",
    environments: ["production"],
    draft: false,
    createdAt: "2025-01-01T00:00:00.000Z",
    raw: [],
    source: "network",
    fetchedAt: "2025-01-01T00:00:00.000Z",
    template: "langfuse",
    type: "chat",
    params: {},
    messages,
    tools: [],
    variables: langfuseVariables(messages),
  };
}

/** A Langfuse text prompt: one user message, `type: "completion"`. */
export function textVersion(text: string, promptId = "welcome-email"): PromptVersion {
  return { ...chatVersion([{ role: "user", content: text }], promptId), type: "completion" };
}

/** Compiles a text prompt. */
export function compileText(text: string): CompiledTemplate {
  return langfuseTemplate.compile(textVersion(text));
}

/** Renders a text prompt and returns its one message's text. */
export function renderText(text: string, variables: Record<string, unknown> = {}, options?: RenderOptions): string {
  const [message] = compileText(text).render(variables, options).messages;
  return (message as PromptMessage).content as string;
}
