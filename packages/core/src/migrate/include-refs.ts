import type { PromptRefObject } from "../refs/types.js";
import { isNeutralText, type NeutralIncludePart, type NeutralText, type NeutralVersion } from "../translate/neutral.js";

/**
 * Every include in a version's messages, in order. Includes only ever sit in message text (no
 * dialect splices a prompt into tool or response-format text), sections included.
 */
export function includesOf(version: NeutralVersion): NeutralIncludePart[] {
  const found: NeutralIncludePart[] = [];
  const walk = (parts: NeutralText): void => {
    for (const part of parts) {
      if (part.kind === "include") found.push(part);
      else if (part.kind === "section") walk(part.body);
    }
  };
  forEachMessageText(version, walk);
  return found;
}

/** The same version with every include's reference replaced by `rewrite(ref)`. */
export function rewriteIncludes(version: NeutralVersion, rewrite: (ref: PromptRefObject) => PromptRefObject): NeutralVersion {
  const map = (parts: NeutralText): NeutralText =>
    parts.map((part) => {
      if (part.kind === "include") return { ...part, ref: rewrite(part.ref) };
      if (part.kind === "section") return { ...part, body: map(part.body) };
      return part;
    });
  return {
    ...version,
    messages: version.messages.map((message) => {
      if (message.role === "placeholder") return message;
      const { content } = message;
      return {
        ...message,
        content: isNeutralText(content)
          ? map(content)
          : content.map((part) => (part.type === "text" ? { ...part, text: map(part.text) } : part)),
      };
    }),
  };
}

function forEachMessageText(version: NeutralVersion, visit: (text: NeutralText) => void): void {
  for (const message of version.messages) {
    if (message.role === "placeholder") continue;
    if (isNeutralText(message.content)) visit(message.content);
    else for (const part of message.content) if (part.type === "text") visit(part.text);
  }
}
