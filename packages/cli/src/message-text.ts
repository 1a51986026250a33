/**
 * Messages and values as lines of text, for showing a version and for diffing two: one place
 * decides how a content part, a data: URL or a JSON value prints.
 */
import type { ContentPart, VersionMessage } from "@polyprompt/core";
import { configure } from "safe-stable-stringify";

const sortedJson = configure({ deterministic: true });

/** JSON with object keys sorted, so equal values always print the same. */
export function stableStringify(value: unknown): string {
  return sortedJson(value) ?? "undefined";
}

/** Shortens data: URLs, which can be megabytes. */
export function shortUrl(url: string): string {
  if (url.startsWith("data:")) {
    const comma = url.indexOf(",");
    const meta = comma > 0 ? url.slice(0, comma) : url.slice(0, 40);
    return `${meta},… (${url.length} chars)`;
  }
  return url;
}

export function partText(part: ContentPart): string {
  if (part.type === "text") return part.text;
  if (part.type === "image") return `[image ${shortUrl(part.url)}${part.detail ? ` detail=${part.detail}` : ""}]`;
  return `[file ${part.variable ? `{${part.variable}} ` : ""}${shortUrl(part.url)}${part.mimeType ? ` ${part.mimeType}` : ""}]`;
}

/** A message's content as display lines; a placeholder shows the variable that fills it. */
export function messageLines(message: VersionMessage): string[] {
  if (message.role === "placeholder") return [`{messages from the "${message.name}" variable}`];
  const text = typeof message.content === "string" ? message.content : message.content.map(partText).join("");
  const lines = text === "" ? [] : text.split(/\r?\n/);
  for (const call of message.toolCalls ?? []) lines.push(`[tool call ${call.name}(${call.arguments}) id=${call.id}]`);
  return lines;
}

/** The header line of a message: its role and, when set, its name or the call it answers. */
export function messageHeader(message: VersionMessage, index: number): string {
  if (message.role === "placeholder") return `[${index}] placeholder (${message.name})`;
  const extra = [message.name ? `name=${message.name}` : "", message.toolCallId ? `answers ${message.toolCallId}` : ""]
    .filter(Boolean)
    .join(" ");
  return `[${index}] ${message.role}${extra ? ` (${extra})` : ""}`;
}
