import type { JSONSchemaType } from "ajv";

// Langfuse: one row per prompt version, as Langfuse keeps them in its `prompts` table (a
// "prompt" is every row sharing a name).

/** A chat message as stored: a `{ role, content }` message (`type` "chatmessage" or absent) or a `{ type: "placeholder", name }`. */
export interface LangfuseMessageRow {
  type?: string | null;
  role?: string | null;
  content?: string | null;
  name?: string | null;
}

export interface LangfusePromptRow {
  id: string;
  name: string;
  /** 1, 2, … per name. */
  version: number;
  type: "text" | "chat";
  /** The template of a text prompt (`""` for a chat prompt). */
  text: string;
  /** The messages of a chat prompt (`[]` for a text prompt). */
  messages: LangfuseMessageRow[];
  /** A free-form JSON object (by convention model, temperature, tools …); `{}` when none was given. */
  config: Record<string, unknown>;
  /** Unique within a name: setting a label on one version removes it from the others. `latest` is the server's. */
  labels: string[];
  /** The same on every version of a name. */
  tags: string[];
  commitMessage: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** Langfuse's slice of the emulator state (`state.langfuse`). */
export interface LangfuseState {
  projectId: string;
  prompts: LangfusePromptRow[];
}

export function emptyState(): LangfuseState {
  return { projectId: "", prompts: [] };
}

const string = { type: "string" } as const;
const strings = { type: "array", items: string } as const;
// A required `T | null` field (ajv's `nullable` keyword types only optional ones).
const nullableString = { anyOf: [string, { type: "null", nullable: true }] } as const;
const optionalNullableString = { type: "string", nullable: true } as const;

/**
 * The shape a state file's `langfuse` slice must have. Typed against `LangfuseState`, so a field
 * added to a row without a schema entry fails `typecheck`.
 */
export const stateSchema: JSONSchemaType<LangfuseState> = {
  type: "object",
  required: ["projectId", "prompts"],
  properties: {
    projectId: string,
    prompts: {
      type: "array",
      items: {
        type: "object",
        required: [
          "id",
          "name",
          "version",
          "type",
          "text",
          "messages",
          "config",
          "labels",
          "tags",
          "commitMessage",
          "createdBy",
          "createdAt",
          "updatedAt",
        ],
        properties: {
          id: string,
          name: string,
          version: { type: "integer", minimum: 1 },
          type: { type: "string", enum: ["text", "chat"] },
          text: string,
          messages: {
            type: "array",
            items: {
              type: "object",
              required: [],
              properties: {
                type: optionalNullableString,
                role: optionalNullableString,
                content: optionalNullableString,
                name: optionalNullableString,
              },
            },
          },
          config: { type: "object", required: [] },
          labels: strings,
          tags: strings,
          commitMessage: nullableString,
          createdBy: string,
          createdAt: string,
          updatedAt: string,
        },
      },
    },
  },
};
