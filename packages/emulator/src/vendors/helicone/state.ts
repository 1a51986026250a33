import type { JSONSchemaType } from "ajv";

// Helicone (Prompts 2025): rows as jawn keeps them in `prompts_2025` / `prompts_2025_versions`.

export interface HeliconePromptRow {
  id: string;
  name: string;
  tags: string[];
  created_at: string;
  /** `prompts_2025.production_version`; set and cleared with the `production` environment. */
  production_version: string | null;
  soft_delete: boolean;
  /** Emulator toggle: answer this prompt's versions in the pre-array shape (`environment: string`). */
  legacyEnvironmentField?: boolean;
}

export interface HeliconeVersionRow {
  id: string;
  prompt_id: string;
  model: string;
  major_version: number;
  minor_version: number;
  commit_message: string;
  environments: string[];
  created_at: string;
  soft_delete: boolean;
  /** The body jawn keeps in S3. */
  prompt_body: Record<string, unknown>;
}

/** Inputs the gateway recorded for one request (`GET id/{promptId}/{versionId}/inputs`). */
export interface HeliconeInputRow {
  request_id: string;
  prompt_id: string;
  version_id: string;
  inputs: Record<string, unknown>;
}

/** Helicone's slice of the emulator state (`state.helicone`). */
export interface HeliconeState {
  prompts: HeliconePromptRow[];
  versions: HeliconeVersionRow[];
  inputs: HeliconeInputRow[];
}

export function emptyState(): HeliconeState {
  return { prompts: [], versions: [], inputs: [] };
}

const string = { type: "string" } as const;
// A required `T | null` field (ajv's `nullable` keyword types only optional ones).
const nullableString = { anyOf: [string, { type: "null", nullable: true }] } as const;
const anyObject = { type: "object", required: [] } as const;

/**
 * The shape a state file's `helicone` slice must have. Typed against `HeliconeState`, so a field
 * added to a row without a schema entry fails `typecheck`.
 */
export const stateSchema: JSONSchemaType<HeliconeState> = {
  type: "object",
  required: ["prompts", "versions", "inputs"],
  properties: {
    prompts: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "name", "tags", "created_at", "production_version", "soft_delete"],
        properties: {
          id: string,
          name: string,
          tags: { type: "array", items: string },
          created_at: string,
          production_version: nullableString,
          soft_delete: { type: "boolean" },
          legacyEnvironmentField: { type: "boolean", nullable: true },
        },
      },
    },
    versions: {
      type: "array",
      items: {
        type: "object",
        required: [
          "id",
          "prompt_id",
          "model",
          "major_version",
          "minor_version",
          "commit_message",
          "environments",
          "created_at",
          "soft_delete",
          "prompt_body",
        ],
        properties: {
          id: string,
          prompt_id: string,
          model: string,
          major_version: { type: "integer" },
          minor_version: { type: "integer" },
          commit_message: string,
          environments: { type: "array", items: string },
          created_at: string,
          soft_delete: { type: "boolean" },
          prompt_body: anyObject,
        },
      },
    },
    inputs: {
      type: "array",
      items: {
        type: "object",
        required: ["request_id", "prompt_id", "version_id", "inputs"],
        properties: { request_id: string, prompt_id: string, version_id: string, inputs: anyObject },
      },
    },
  },
};
