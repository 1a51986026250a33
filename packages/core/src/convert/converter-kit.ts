import { PromptError } from "../errors/prompt-error.js";
import { setOwn } from "../model/json-value.js";
import type { ContentPart, PromptMessage, PromptParams, RenderedPrompt, TextPart } from "../model/types.js";

// What the provider converters (OpenAI, Anthropic) share.

/** Overrides a converter applies over the prompt's own model and params. */
export type ConverterOverrides = { model?: string } & Partial<PromptParams>;

/** Removes `undefined` values, so no key of a request body is `undefined`. */
export function defined<T extends object>(object: T): T {
  const out = {} as T;
  for (const key of Object.keys(object) as (keyof T)[]) {
    if (object[key] !== undefined) out[key] = object[key];
  }
  return out;
}

/** The model to call, or an `unsupported` error naming the fix. */
export function requireModel(rendered: RenderedPrompt, override: string | undefined, operation: string): string {
  const model = override || rendered.model;
  if (model) return model;
  throw unsupported(
    rendered,
    operation,
    `no model: pass { model } (prompt ${rendered.vendor}:${rendered.promptId} version ${rendered.version} names none).`,
  );
}

/**
 * Rendered params with overrides applied; `undefined` overrides are ignored. Without any
 * override the rendered params themselves are returned (converters only read them).
 */
export function mergeParams(params: PromptParams, overrides: ConverterOverrides | undefined): PromptParams {
  if (overrides === undefined || !hasOverride(overrides)) return params;
  const { model: _model, extra, ...rest } = overrides;
  const merged: PromptParams = { ...params, ...defined(rest) };
  if (extra !== undefined) merged.extra = { ...params.extra, ...extra };
  return merged;
}

function hasOverride(overrides: ConverterOverrides): boolean {
  for (const key in overrides) if (key !== "model" && overrides[key as keyof ConverterOverrides] !== undefined) return true;
  return false;
}

/** Adds `extra` keys the body does not have yet (mapped keys always win). */
export function withExtra<T extends Record<string, unknown>>(body: T, extra: Record<string, unknown>, allowed?: ReadonlySet<string>): T {
  for (const key in extra) {
    if (!Object.hasOwn(extra, key)) continue;
    const value = extra[key];
    if (value === undefined || Object.hasOwn(body, key) || (allowed !== undefined && !allowed.has(key))) continue;
    // A key named `__proto__` stays a plain key of the body, never its prototype.
    setOwn(body, key, value);
  }
  return body;
}

/** A converter's `unsupported` error. */
export function unsupported(rendered: RenderedPrompt, operation: string, message: string, cause?: unknown): PromptError {
  return new PromptError({ code: "unsupported", vendor: rendered.vendor, operation, message: `${operation}: ${message}`, cause });
}

/**
 * Providers take images and files in user turns only, while a registry may write file variables into its
 * system prompt. Each image or file part of a system or developer message is replaced where it
 * stood by a short reference (`[attached: document]`), and the parts themselves move, in order,
 * into a user message placed right after that message. Other messages are returned as they are.
 */
export function moveMediaToUserTurns(messages: readonly PromptMessage[]): readonly PromptMessage[] {
  // The common case, checked first on every warm call: nothing to move, nothing to copy.
  if (!messages.some(holdsInstructionMedia)) return messages;
  const out: PromptMessage[] = [];
  for (const message of messages) {
    const instructions = message.role === "system" || message.role === "developer";
    if (!instructions || typeof message.content === "string" || message.content.every((part) => part.type === "text")) {
      out.push(message);
      continue;
    }
    const text: ContentPart[] = [];
    const media: ContentPart[] = [];
    for (const part of message.content) {
      if (part.type === "text") {
        text.push(part);
      } else {
        media.push(part);
        const label = part.type === "file" && part.variable !== undefined ? part.variable : `${part.type} ${media.length}`;
        text.push({ type: "text", text: `[attached: ${label}]` });
      }
    }
    out.push({ ...message, content: text.map((part) => (part as TextPart).text).join("") });
    out.push({ role: "user", content: media });
  }
  return out;
}

/** A system or developer message with an image or file part. */
function holdsInstructionMedia(message: PromptMessage): boolean {
  return (
    (message.role === "system" || message.role === "developer") &&
    typeof message.content !== "string" &&
    message.content.some((part) => part.type !== "text")
  );
}
