import type { PromptVersion } from "../../../model/types.js";
import { normalizeHeliconeBody } from "../normalize.js";
import { heliconeTemplate, heliconeVariables } from "../template.js";
import type { CompiledTemplate } from "../../../contract/template-engine.js";

/** A PromptVersion built from a Helicone prompt body, as the adapter would build it. */
export function versionOf(body: Record<string, unknown>, promptId = "abc123"): PromptVersion {
  const n = normalizeHeliconeBody(body);
  const version: PromptVersion = {
    vendor: "helicone",
    promptId,
    versionId: "6739b412-5fbb-498e-ab99-68ef21eb7df8",
    version: "1.0",
    environments: ["production"],
    draft: false,
    createdAt: "2025-01-01T00:00:00.000Z",
    raw: [body],
    source: "network",
    fetchedAt: "2025-01-01T00:00:00.000Z",
    template: "helicone",
    params: n.params,
    messages: n.messages,
    tools: n.tools,
    variables: heliconeVariables(n),
  };
  if (n.model !== undefined) version.model = n.model;
  if (n.toolChoice !== undefined) version.toolChoice = n.toolChoice;
  if (n.responseFormat !== undefined) version.responseFormat = n.responseFormat;
  return version;
}

/** Compiles a Helicone body. */
export function compileBody(body: Record<string, unknown>, promptId?: string): CompiledTemplate {
  return heliconeTemplate.compile(versionOf(body, promptId));
}

/** A body with one user message. */
export function textBody(content: string): Record<string, unknown> {
  return { model: "gpt-4o-mini", messages: [{ role: "user", content }] };
}

/** Renders one user message's text. */
export function renderText(
  content: string,
  variables: Record<string, unknown>,
  options?: Parameters<CompiledTemplate["render"]>[1],
): string {
  return compileBody(textBody(content)).render(variables, options).messages[0]!.content as string;
}
