import type { RenderedPrompt } from "../model/types.js";

/**
 * A small rendered prompt for converter tests: one user turn, a model, no tools; `extra` wins.
 *
 * @example
 * toOpenAIChat(renderedPrompt({ tools: [{ name: "lookup" }] }));
 */
export function renderedPrompt(extra: Partial<RenderedPrompt> = {}): RenderedPrompt {
  return {
    vendor: "helicone",
    promptId: "p1",
    versionId: "v1",
    version: "2.1",
    model: "gpt-4o-mini",
    params: {},
    messages: [{ role: "user", content: "Hi" }],
    tools: [],
    source: "network",
    fetchedAt: "2024-01-01T00:00:00.000Z",
    ...extra,
  };
}
