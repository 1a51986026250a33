// Keys from `params.extra` named like Object.prototype members stay plain keys of the body.
import { describe, expect, it } from "vitest";
import type { RenderedPrompt } from "../model/types.js";
import { toAnthropicMessages } from "./anthropic.js";
import { toOpenAIChat } from "./openai.js";

const rendered = (extra: Record<string, unknown>): RenderedPrompt => ({
  vendor: "acme",
  promptId: "p",
  versionId: "v",
  version: "1",
  model: "m",
  params: { maxTokens: 10, extra },
  messages: [{ role: "user", content: "Hi" }],
  tools: [],
  source: "network",
  fetchedAt: "2025-01-01T00:00:00.000Z",
});

describe("converters and prototype keys in params.extra", () => {
  const extra = JSON.parse('{"__proto__":{"polluted":true},"constructor":1,"user":"u"}') as Record<string, unknown>;

  it("toOpenAIChat copies __proto__ as an own key and changes no prototype", () => {
    const body = toOpenAIChat(rendered(extra));
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect((body as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(body, "__proto__")?.value).toEqual({ polluted: true });
    expect(body.constructor).toBe(1);
    expect(body.user).toBe("u");
  });

  it("toAnthropicMessages keeps only its allowed keys, whatever their names", () => {
    const body = toAnthropicMessages(rendered(extra));
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect(Object.hasOwn(body, "__proto__")).toBe(false);
    expect(Object.hasOwn(body, "constructor")).toBe(false);
  });
});
