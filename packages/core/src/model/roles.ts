import type { Role } from "./types.js";

/**
 * Chat roles as OpenAI-style payloads write them, mapped to the model's roles. The legacy
 * `function` role answers a function call: the model's `tool` role. Vendors that still list
 * it read roles through this one table.
 */
export const CHAT_ROLES: Readonly<Record<string, Role>> = /* @__PURE__ */ Object.freeze(
  /* @__PURE__ */ Object.assign(Object.create(null) as Record<string, Role>, {
    system: "system",
    developer: "developer",
    user: "user",
    assistant: "assistant",
    tool: "tool",
    function: "tool",
  }),
);

/** The model role for a payload's role name, or `undefined` for one the model does not know. */
export function chatRole(name: unknown): Role | undefined {
  return typeof name === "string" && Object.hasOwn(CHAT_ROLES, name) ? CHAT_ROLES[name] : undefined;
}
