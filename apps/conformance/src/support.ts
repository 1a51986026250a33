import { errorTexts } from "@polyprompt/emulator/testing";
import { inspect } from "node:util";
import { expect, vi } from "vitest";
import {
  PromptError,
  type AnthropicMessagesRequest,
  type OpenAIChatRequest,
  type PromptVariable,
  type PromptVariables,
  type PromptVersionInfo,
  type RenderedPrompt,
} from "@polyprompt/core";
import { VENDOR_PROFILES, type VendorName } from "./vendors.js";

/** Runs `fn` and returns the PromptError it threw; fails when it threw anything else or nothing. */
export async function caught(fn: () => unknown): Promise<PromptError> {
  try {
    await fn();
  } catch (err) {
    if (PromptError.is(err)) return err;
    throw new Error(`expected a PromptError, got ${inspect(err)}`, { cause: err });
  }
  throw new Error("expected a PromptError, but the call succeeded");
}

export function expectNoSecret(err: unknown, secrets: readonly string[]): void {
  for (const text of errorTexts(err)) {
    for (const secret of secrets) {
      if (text.includes(secret)) throw new Error(`an error exposes an API key:\n${text}`);
    }
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn` with a wall clock (`Date`) that moves only when `advance(ms)` is called; timers and
 * I/O stay real. Cache entries expire by `Date.now()`, so a case can step past a ttl and then
 * read "within the ttl" without racing a busy machine. Waits inside `fn` must use
 * `performance.now()`, which keeps running.
 *
 * @example
 * await withManualClock(async (advance) => { await client.get(ref); advance(60); expect((await client.get(ref)).source).toBe("stale"); });
 */
export async function withManualClock<T>(fn: (advance: (ms: number) => void) => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
  try {
    return await fn((ms) => vi.setSystemTime(Date.now() + ms));
  } finally {
    vi.useRealTimers();
  }
}

/**
 * Waits until `check` holds (background work finishes on its own time). The deadline only turns
 * a hang into a failure with a message: it is far above any expected wait.
 */
export async function eventually(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > until) throw new Error(`timed out waiting for: ${what}`);
    await sleep(5);
  }
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
export function expectIsoDate(value: unknown, what: string): void {
  expect(typeof value, `${what} is a string`).toBe("string");
  expect(value as string, `${what} is ISO 8601`).toMatch(ISO);
  expect(Number.isNaN(Date.parse(value as string)), `${what} parses`).toBe(false);
}

/** Version label forms each vendor produces. */
export const versionLabel = (vendor: VendorName): RegExp => VENDOR_PROFILES[vendor].versionLabel;

const INFO_KEYS = new Set([
  "vendor",
  "promptId",
  "versionId",
  "version",
  "environments",
  "draft",
  "title",
  "commitMessage",
  "model",
  "createdAt",
  "updatedAt",
  "raw",
  "source",
  "fetchedAt",
]);

/** Checks every field of a listed (or fetched) version's metadata: present, typed, well-formed. */
export function expectVersionInfo(info: PromptVersionInfo, vendor: VendorName, promptId: string, source: string): void {
  const where = `${vendor} version ${info.versionId}`;
  expect(info.vendor, `${where}: vendor`).toBe(vendor);
  expect(info.promptId, `${where}: promptId`).toBe(promptId);
  expect(typeof info.versionId === "string" && info.versionId.length > 0, `${where}: versionId is a non-empty string`).toBe(true);
  expect(info.version, `${where}: version label`).toMatch(versionLabel(vendor));
  expect(Array.isArray(info.environments), `${where}: environments is an array`).toBe(true);
  for (const env of info.environments)
    expect(typeof env === "string" && env.length > 0, `${where}: environment names are strings`).toBe(true);
  expect(new Set(info.environments).size, `${where}: environments has no duplicates`).toBe(info.environments.length);
  expect(typeof info.draft, `${where}: draft`).toBe("boolean");
  for (const key of ["title", "commitMessage", "model"] as const) {
    if (key in info) expect(typeof info[key], `${where}: ${key} is a string when present`).toBe("string");
  }
  expectIsoDate(info.createdAt, `${where}: createdAt`);
  if ("updatedAt" in info) expectIsoDate(info.updatedAt, `${where}: updatedAt`);
  expect(Array.isArray(info.raw) && info.raw.length > 0, `${where}: raw holds the vendor payloads`).toBe(true);
  expect(info.source, `${where}: source`).toBe(source);
  expectIsoDate(info.fetchedAt, `${where}: fetchedAt`);
  for (const [key, value] of Object.entries(info)) {
    expect(value, `${where}: ${key} is never undefined`).not.toBeUndefined();
  }
}

/** A listed version carries the metadata fields and nothing else (no body). */
export function expectInfoKeysOnly(info: PromptVersionInfo): void {
  const extra = Object.keys(info).filter((key) => !INFO_KEYS.has(key));
  expect(extra, `listVersions item ${info.versionId} has only PromptVersionInfo fields`).toEqual([]);
}

/**
 * A value for every declared variable, of the declared type, each one distinctive so a test can
 * find it in the output. Files are given as an image URL, which every provider format accepts;
 * a message placeholder gets one user message.
 */
export function sampleValues(variables: readonly PromptVariable[]): PromptVariables {
  const values: PromptVariables = {};
  for (const v of variables) {
    switch (v.type) {
      case "number":
        values[v.name] = 7;
        break;
      case "boolean":
        values[v.name] = true;
        break;
      case "array":
        values[v.name] = [`conf-${v.name}-a`, `conf-${v.name}-b`];
        break;
      case "file":
        values[v.name] = { url: `https://conformance.example/files/${v.name}.png`, mimeType: "image/png" };
        break;
      case "placeholder":
        // One message, so a render has as many messages as the version (roles aside).
        values[v.name] = [{ role: "user", content: `conf-${v.name}` }];
        break;
      default:
        values[v.name] = `conf-${v.name}`;
    }
  }
  return values;
}

/** The placeholder forms of one variable in a vendor's template dialect. */
export function placeholderForms(vendor: VendorName, name: string): string[] {
  return VENDOR_PROFILES[vendor].placeholderForms(name);
}

/** Fails when any declared variable's placeholder is still in the JSON of `value`. */
export function expectNoPlaceholders(value: unknown, vendor: VendorName, variables: readonly PromptVariable[]): void {
  const text = JSON.stringify(value);
  for (const v of variables) {
    for (const form of placeholderForms(vendor, v.name)) {
      expect(text.includes(form), `placeholder ${form}… of "${v.name}" is left in ${text.slice(0, 300)}`).toBe(false);
    }
  }
  for (const marker of VENDOR_PROFILES[vendor].includeMarkers) expect(text.includes(marker), `an include (${marker}…) is left`).toBe(false);
}

/** Fails when the JSON of `value` contains an `undefined` (lost in JSON) or a non-JSON value. */
export function expectPlainJson(value: unknown, what: string): void {
  expect(JSON.parse(JSON.stringify(value)), `${what} survives a JSON round trip unchanged`).toEqual(value);
  const walk = (v: unknown, path: string): void => {
    if (v === undefined) throw new Error(`${what}: ${path} is undefined`);
    if (typeof v === "function" || typeof v === "symbol" || typeof v === "bigint") throw new Error(`${what}: ${path} is a ${typeof v}`);
    if (typeof v === "number" && !Number.isFinite(v)) throw new Error(`${what}: ${path} is ${v}`);
    if (Array.isArray(v)) for (const [i, x] of v.entries()) walk(x, `${path}[${i}]`);
    else if (typeof v === "object" && v !== null) for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
  };
  walk(value, "$");
}

const OPENAI_ROLES = new Set(["system", "developer", "user", "assistant", "tool"]);
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** A structurally valid OpenAI Chat Completions request body. */
export function expectOpenAIChatBody(body: OpenAIChatRequest, rendered: RenderedPrompt): void {
  expectPlainJson(body, "toOpenAIChat body");
  expect(typeof body.model === "string" && body.model.length > 0, "model is a non-empty string").toBe(true);
  expect(Array.isArray(body.messages) && body.messages.length > 0, "messages is a non-empty array").toBe(true);
  body.messages.forEach((m, i) => {
    expect(OPENAI_ROLES.has(m.role), `messages[${i}].role ${m.role}`).toBe(true);
    if (typeof m.content === "string") return;
    expect(Array.isArray(m.content) && m.content.length > 0, `messages[${i}].content is a string or a non-empty part list`).toBe(true);
    for (const part of m.content) {
      expect(["text", "image_url", "file"], `messages[${i}] part type`).toContain(part.type);
      if (part.type !== "text") expect(m.role, `messages[${i}]: only user messages carry images or files`).toBe("user");
    }
    if (m.role === "tool") expect(typeof m.tool_call_id, `messages[${i}].tool_call_id`).toBe("string");
  });
  // Every rendered message's text and every image or file reaches the body (files may move to a user turn).
  const json = JSON.stringify(body.messages);
  for (const m of rendered.messages) {
    const parts = typeof m.content === "string" ? [{ type: "text" as const, text: m.content }] : m.content;
    for (const part of parts) {
      if (part.type === "text") {
        if (part.text.trim() !== "")
          expect(json.includes(JSON.stringify(part.text.trim()).slice(1, -1)), `text "${part.text.slice(0, 40)}" is in the body`).toBe(
            true,
          );
      } else {
        expect(json.includes(JSON.stringify(part.url).slice(1, -1)), `${part.type} ${part.url} is in the body`).toBe(true);
      }
    }
  }
  if (body.tools !== undefined) {
    expect(body.tools.length, "tools is omitted when empty").toBeGreaterThan(0);
    for (const tool of body.tools) {
      expect(tool.type).toBe("function");
      expect(tool.function.name).toMatch(TOOL_NAME);
      if (tool.function.parameters !== undefined)
        expect(tool.function.parameters.type, `tool ${tool.function.name} parameters`).toBe("object");
    }
  } else {
    expect(body.tool_choice, "no tool_choice without tools").toBeUndefined();
    expect(body.parallel_tool_calls, "no parallel_tool_calls without tools").toBeUndefined();
  }
  if (body.response_format !== undefined) {
    expect(["text", "json_object", "json_schema"]).toContain(body.response_format.type);
    if (body.response_format.type === "json_schema") {
      expect(typeof body.response_format.json_schema.name, "json_schema.name").toBe("string");
      expect(typeof body.response_format.json_schema.schema, "json_schema.schema").toBe("object");
    }
  }
  if (body.max_tokens !== undefined)
    expect(Number.isInteger(body.max_tokens) && body.max_tokens > 0, "max_tokens is a positive integer").toBe(true);
  if (body.temperature !== undefined) expect(body.temperature >= 0 && body.temperature <= 2, "temperature in [0, 2]").toBe(true);
  if (rendered.params.maxTokens !== undefined && body.max_completion_tokens === undefined)
    expect(body.max_tokens).toBe(rendered.params.maxTokens);
}

/** A structurally valid Anthropic Messages request body. */
export function expectAnthropicBody(body: AnthropicMessagesRequest, maxTokens: number): void {
  expectPlainJson(body, "toAnthropicMessages body");
  expect(typeof body.model === "string" && body.model.length > 0, "model is a non-empty string").toBe(true);
  expect(body.max_tokens, "max_tokens").toBe(maxTokens);
  expect(Number.isInteger(body.max_tokens) && body.max_tokens > 0, "max_tokens is a positive integer").toBe(true);
  if (body.system !== undefined)
    expect(typeof body.system === "string" && body.system.length > 0, "system is a non-empty string").toBe(true);
  expect(Array.isArray(body.messages) && body.messages.length > 0, "messages is non-empty (the Messages API rejects an empty list)").toBe(
    true,
  );
  expect(body.messages[0]?.role, "the first message is from the user").toBe("user");
  body.messages.forEach((m, i) => {
    expect(["user", "assistant"], `messages[${i}].role`).toContain(m.role);
    if (i > 0) expect(m.role, `messages[${i}]: roles alternate`).not.toBe(body.messages[i - 1]!.role);
    if (typeof m.content === "string") expect(m.content.length, `messages[${i}].content is not empty`).toBeGreaterThan(0);
    else {
      expect(m.content.length, `messages[${i}].content has blocks`).toBeGreaterThan(0);
      for (const block of m.content) {
        expect(["text", "image", "document", "tool_use", "tool_result"], `messages[${i}] block type`).toContain(block.type);
        if (block.type === "text") expect(block.text.length, `messages[${i}]: no empty text block`).toBeGreaterThan(0);
      }
    }
  });
  if (body.tools !== undefined) {
    expect(body.tools.length, "tools is omitted when empty").toBeGreaterThan(0);
    for (const tool of body.tools) {
      expect(tool.name).toMatch(TOOL_NAME);
      expect(tool.input_schema.type, `tool ${tool.name} input_schema.type`).toBe("object");
    }
  } else {
    expect(body.tool_choice, "no tool_choice without tools").toBeUndefined();
  }
  for (const key of [
    "response_format",
    "frequency_penalty",
    "presence_penalty",
    "seed",
    "max_completion_tokens",
    "reasoning_effort",
    "stop",
  ]) {
    expect(key in body, `${key} is not an Anthropic Messages field`).toBe(false);
  }
}
