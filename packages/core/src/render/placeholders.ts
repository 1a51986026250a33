import { PromptError, type VariableProblem } from "../errors/prompt-error.js";
import type { ContentPart, PromptMessage, Role, ToolCall, VersionMessage } from "../model/types.js";
import { describeShort, isRecord } from "../model/json-value.js";

const ROLES: ReadonlySet<string> = new Set<Role>(["system", "developer", "user", "assistant", "tool"]);

/**
 * A version's messages for an engine whose dialect has no placeholders: a placeholder (from a
 * hand-built or fallback version) is refused with `unsupported` rather than sent as a message.
 *
 * @example
 * const messages = withoutPlaceholders(version.messages, "acme");
 */
export function withoutPlaceholders(messages: readonly VersionMessage[], syntax: string): PromptMessage[] {
  const out: PromptMessage[] = [];
  for (const message of messages) {
    if (message.role === "placeholder") {
      throw new PromptError({
        code: "unsupported",
        operation: "render",
        message: `Message placeholder "${message.name}" in a ${syntax} template: ${syntax} templates have no placeholders.`,
      });
    }
    out.push(message);
  }
  return out;
}

/**
 * The messages a caller supplied for a placeholder, checked and copied: an array of
 * `{ role, content }` objects (content a string or content parts; `name`, `toolCallId` and
 * `toolCalls` kept). Their text is never template-expanded. Problems are added to `problems`
 * (one per placeholder), so a render reports every variable problem at once.
 *
 * @example
 * const history = placeholderMessages("history", variables.history, problems);
 */
export function placeholderMessages(name: string, value: unknown, problems: VariableProblem[]): PromptMessage[] {
  const refuse = (received: string): PromptMessage[] => {
    problems.push({ name, expected: "an array of { role, content } messages", received });
    return [];
  };
  if (!Array.isArray(value)) return refuse(value === undefined ? "undefined" : describeShort(value));
  const out: PromptMessage[] = [];
  for (const [index, item] of value.entries()) {
    if (!isRecord(item) || typeof item.role !== "string" || !ROLES.has(item.role)) {
      return refuse(`item ${index}: ${describeShort(item)}`);
    }
    const content = item.content;
    if (typeof content !== "string" && !(Array.isArray(content) && content.every(isContentPart))) {
      return refuse(`item ${index}: content ${describeShort(content)}`);
    }
    const message: PromptMessage = {
      role: item.role as Role,
      content: typeof content === "string" ? content : content.map((part) => ({ ...part })),
    };
    if (typeof item.name === "string") message.name = item.name;
    if (typeof item.toolCallId === "string") message.toolCallId = item.toolCallId;
    if (item.toolCalls !== undefined) {
      if (!Array.isArray(item.toolCalls) || !item.toolCalls.every(isToolCall))
        return refuse(`item ${index}: toolCalls ${describeShort(item.toolCalls)}`);
      message.toolCalls = item.toolCalls.map(({ id, name, arguments: args }) => ({ id, name, arguments: args }));
    }
    out.push(message);
  }
  return out;
}

function isToolCall(call: unknown): call is ToolCall {
  return isRecord(call) && typeof call.id === "string" && typeof call.name === "string" && typeof call.arguments === "string";
}

function isContentPart(part: unknown): part is ContentPart {
  if (!isRecord(part)) return false;
  if (part.type === "text") return typeof part.text === "string";
  return (part.type === "image" || part.type === "file") && typeof part.url === "string";
}
