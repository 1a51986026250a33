import type { JSONSchemaType } from "ajv";

export interface TelaPromptRow {
  id: string;
  title: string;
  projectId: string | null;
  workspaceId: string;
  isWorkflow: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface TelaMessageRow {
  id: string;
  role: "system" | "user" | "assistant" | "function";
  content: string | null;
  markdownContent: string | null;
  index: number;
  createdAt: string;
  createdBy: string | null;
}

/**
 * How a version's message(s) come back: the deprecated `messages` as one object or as an array,
 * the newer singular `message`, or nothing at all (only `content`).
 */
export type TelaMessageShape = "object" | "array" | "message" | "absent";

export interface TelaVersionRow {
  id: string;
  promptId: string;
  title: string;
  content: string | null;
  markdownContent: string | null;
  configuration: Record<string, unknown>;
  variables: Record<string, unknown>[];
  promoted: boolean | null;
  draft: boolean | null;
  messageShape: TelaMessageShape;
  messages: TelaMessageRow[];
  originVersionId: string | null;
  workspaceId: string;
  createdBy: string | null;
  updatedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TelaEnvironmentRow {
  id: string;
  name: string;
  workspaceId: string;
  createdAt: string;
}

/** One publication of a version to an environment; the active one has `unpublishedAt: null`. */
export interface TelaPublicationRow {
  id: string;
  environmentId: string;
  resourceType: "prompt";
  resourceId: string;
  versionId: string;
  publishedAt: string;
  unpublishedAt: string | null;
}

/** Tela's slice of the emulator state (`state.tela`). */
export interface TelaState {
  prompts: TelaPromptRow[];
  versions: TelaVersionRow[];
  environments: TelaEnvironmentRow[];
  publications: TelaPublicationRow[];
}

export function emptyState(): TelaState {
  return { prompts: [], versions: [], environments: [], publications: [] };
}

const string = { type: "string" } as const;
// A required `T | null` field (ajv's `nullable` keyword types only optional ones).
const nullableString = { anyOf: [string, { type: "null", nullable: true }] } as const;
const nullableBoolean = { anyOf: [{ type: "boolean" }, { type: "null", nullable: true }] } as const;
const anyObject = { type: "object", required: [] } as const;

/**
 * The shape a state file's `tela` slice must have. Typed against `TelaState`, so a field added to
 * a row without a schema entry fails `typecheck`.
 */
export const stateSchema: JSONSchemaType<TelaState> = {
  type: "object",
  required: ["prompts", "versions", "environments", "publications"],
  properties: {
    prompts: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "title", "projectId", "workspaceId", "isWorkflow", "createdAt", "updatedAt"],
        properties: {
          id: string,
          title: string,
          projectId: nullableString,
          workspaceId: string,
          isWorkflow: { type: "boolean" },
          createdAt: string,
          updatedAt: string,
        },
      },
    },
    versions: {
      type: "array",
      items: {
        type: "object",
        required: [
          "id",
          "promptId",
          "title",
          "content",
          "markdownContent",
          "configuration",
          "variables",
          "promoted",
          "draft",
          "messageShape",
          "messages",
          "originVersionId",
          "workspaceId",
          "createdBy",
          "updatedBy",
          "createdAt",
          "updatedAt",
        ],
        properties: {
          id: string,
          promptId: string,
          title: string,
          content: nullableString,
          markdownContent: nullableString,
          configuration: anyObject,
          variables: { type: "array", items: anyObject },
          promoted: nullableBoolean,
          draft: nullableBoolean,
          messageShape: { type: "string", enum: ["object", "array", "message", "absent"] },
          messages: {
            type: "array",
            items: {
              type: "object",
              required: ["id", "role", "content", "markdownContent", "index", "createdAt", "createdBy"],
              properties: {
                id: string,
                role: { type: "string", enum: ["system", "user", "assistant", "function"] },
                content: nullableString,
                markdownContent: nullableString,
                index: { type: "integer" },
                createdAt: string,
                createdBy: nullableString,
              },
            },
          },
          originVersionId: nullableString,
          workspaceId: string,
          createdBy: nullableString,
          updatedBy: nullableString,
          createdAt: string,
          updatedAt: string,
        },
      },
    },
    environments: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "name", "workspaceId", "createdAt"],
        properties: { id: string, name: string, workspaceId: string, createdAt: string },
      },
    },
    publications: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "environmentId", "resourceType", "resourceId", "versionId", "publishedAt", "unpublishedAt"],
        properties: {
          id: string,
          environmentId: string,
          resourceType: { type: "string", const: "prompt" },
          resourceId: string,
          versionId: string,
          publishedAt: string,
          unpublishedAt: nullableString,
        },
      },
    },
  },
};
