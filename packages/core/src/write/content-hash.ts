import type { PromptContent } from "../contract/vendor.js";

/** What every recorded hash starts with, so it can be found in free text (a commit message, a title, a tag). */
const MARKER_PREFIX = "polyprompt:sha256:";
const MARKERS = /polyprompt:sha256:([0-9a-f]{64})/g;
const MARKER_LINES = /\s*polyprompt:sha256:[0-9a-f]{64}/g;

/**
 * JSON with object keys sorted and `undefined` members left out: the same content always gives
 * the same text, whatever order its keys were built in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? "null" : canonicalJson(item))).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/**
 * A stable SHA-256 (hex) of a version's content: type, messages, tools, tool choice, params,
 * model, response format, variables and origin. The commit message is not content: two versions that differ
 * only in it hash the same. Uses `crypto.subtle`, which every runtime with fetch has.
 *
 * @example
 * await contentHash({ messages: [{ role: "user", content: "Hi {{name}}" }] }); // "3f1c…" (64 hex digits)
 */
export async function contentHash(content: PromptContent): Promise<string> {
  const { type, messages, tools, toolChoice, params, model, responseFormat, variables, origin } = content;
  // Absent members are left out of the JSON, so hashes of content without `type`/`origin` are unchanged.
  const text = canonicalJson({
    type: type === "completion" ? type : undefined,
    origin,
    messages,
    tools: tools ?? [],
    toolChoice,
    params: params ?? {},
    model,
    responseFormat,
    variables: variables ?? [],
  });
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The text recorded in a vendor's free-text field: `polyprompt:sha256:<hash>`. */
export function hashMarker(hash: string): string {
  return `${MARKER_PREFIX}${hash}`;
}

/** Free text with the marker appended on its own line (or the marker alone when there is no text). */
export function withHashMarker(text: string | undefined, hash: string | undefined): string | undefined {
  if (hash === undefined) return text;
  return text === undefined || text === "" ? hashMarker(hash) : `${text}\n\n${hashMarker(hash)}`;
}

/** The hash recorded in free text, if any: the last one, which is the one `withHashMarker` appended. */
export function readHashMarker(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  let last: string | undefined;
  for (const match of text.matchAll(MARKERS)) last = match[1];
  return last;
}

/**
 * Free text without the markers recorded in it (and the blank lines before them), for copying
 * one version's commit message to another: a copied marker would name the wrong content.
 */
export function withoutHashMarkers(text: string): string {
  return text.replace(MARKER_LINES, "").trimEnd();
}
