import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { shortIdFrom, uuidFrom } from "./random.js";

// ---------------------------------------------------------------------------------------------
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

export interface HeliconeState {
  prompts: HeliconePromptRow[];
  versions: HeliconeVersionRow[];
  inputs: HeliconeInputRow[];
}

// ---------------------------------------------------------------------------------------------
// Tela

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

export interface TelaState {
  prompts: TelaPromptRow[];
  versions: TelaVersionRow[];
  environments: TelaEnvironmentRow[];
  publications: TelaPublicationRow[];
}

export const STATE_FORMAT = "polyprompt-emulator/1";

export interface EmulatorState {
  format: typeof STATE_FORMAT;
  /** Ids minted so far; with the seed it makes new ids deterministic and unique across restarts. */
  counter: number;
  helicone: HeliconeState;
  tela: TelaState;
}

export function emptyState(): EmulatorState {
  return {
    format: STATE_FORMAT,
    counter: 0,
    helicone: { prompts: [], versions: [], inputs: [] },
    tela: { prompts: [], versions: [], environments: [], publications: [] },
  };
}

/** The in-memory state, its id minting and its (optional) JSON file. */
export class Store {
  state: EmulatorState;
  readonly #seed: number;
  readonly #file: string | undefined;
  #lastTime = 0;

  constructor(seed: number, state: EmulatorState, file?: string) {
    this.#seed = seed;
    this.state = state;
    this.#file = file;
  }

  /** Reads a state file written by `persist()`; `undefined` when the file does not exist. */
  static load(file: string): EmulatorState | undefined {
    if (!existsSync(file)) return undefined;
    const parsed = JSON.parse(readFileSync(file, "utf8")) as EmulatorState;
    if (parsed?.format !== STATE_FORMAT) throw new Error(`${file} is not an emulator state file (format ${String(parsed?.format)})`);
    return parsed;
  }

  uuid(): string {
    return uuidFrom(`runtime:${this.#seed}:${this.state.counter++}`);
  }

  /** A fresh 6-character Helicone prompt id (jawn retries on collisions too). */
  heliconePromptId(): string {
    for (;;) {
      const id = shortIdFrom(`runtime:${this.#seed}:${this.state.counter++}`);
      if (!this.state.helicone.prompts.some((p) => p.id === id)) return id;
    }
  }

  /** ISO timestamp, strictly increasing across calls so "newest first" orders are stable. */
  now(): string {
    const t = Math.max(Date.now(), this.#lastTime + 1);
    this.#lastTime = t;
    return new Date(t).toISOString();
  }

  /** Writes the whole state atomically: a temp file in the same directory, then a rename over the target. */
  persist(): void {
    const file = this.#file;
    if (!file) return;
    const dir = dirname(file);
    mkdirSync(dir, { recursive: true });
    const tmp = join(dir, `.${basename(file)}.${process.pid}.tmp`);
    try {
      writeFileSync(tmp, `${JSON.stringify(this.state, null, 2)}\n`);
      renameSync(tmp, file);
    } catch (error) {
      rmSync(tmp, { force: true });
      throw error;
    }
  }
}
