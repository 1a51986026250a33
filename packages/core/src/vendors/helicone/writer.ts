import type { paths } from "@polyprompt/helicone-types";
import type { PromptContent, PromptWriter, RecordedVersion, VendorPromptVersionInfo } from "../../contract/vendor.js";
import { PromptError } from "../../errors/prompt-error.js";
import type { RequestRuntime } from "../../http/request.js";
import { array, object, string, unknown, type Shape } from "../../http/shape.js";
import type { VendorKit } from "../../vendor-kit/define-vendor.js";
import type { ErrorDialect } from "../../vendor-kit/error-dialect.js";
import { hashMarker, readHashMarker, withHashMarker } from "../../write/content-hash.js";
import { openAIBody, paramsWithoutOpenAISlot } from "../../write/openai-body.js";
import { refuseProblems } from "../../write/unsupported.js";
import { checkRuntime, sendWrite, writeRuntime } from "../../write/write-runtime.js";
import { HELICONE } from "./normalize.js";
import { envelope, promptRowsShape } from "./shapes.js";

const V1 = "/v1/prompt-2025";
/** How many prompts one name search reads (the name must match exactly). */
const NAME_SEARCH_PAGE = 100;

const createdShape = /* @__PURE__ */ envelope(/* @__PURE__ */ object({ id: string }, { versionId: string }));
const promptRowShape = /* @__PURE__ */ envelope(
  /* @__PURE__ */ object({ id: string, name: string }, { tags: /* @__PURE__ */ array(string) }),
);
const anyDataShape: Shape<unknown> = unknown;

/**
 * Helicone writes (Prompts 2025):
 *
 * - `createPrompt`: `POST /v1/prompt-2025` with `{ name, tags, promptBody }`; Helicone gives the
 *   prompt an id, makes the first version `0.0` (commit message "First version.", which cannot
 *   be set) and puts it in production. The content hash is recorded as a prompt tag
 *   (`polyprompt:sha256:…`); the commit message has no slot there and is not kept.
 * - `createVersion`: `POST /v1/prompt-2025/update` from the newest version, as a new major
 *   version; the hash is recorded at the end of `commitMessage`.
 * - `setEnvironment`: `POST /v1/prompt-2025/update/environment`.
 * - The body is an OpenAI Chat Completions request, as the reader expects: placeholders (Helicone
 *   has none) and `topK` (no OpenAI key) are refused, and so is a missing model.
 * - `recordedVersions` takes an id or a prompt name (searched, matched exactly), so re-running
 *   with the name finds the prompt the first run created.
 */
export function createHeliconeWriter(
  kit: VendorKit<paths>,
  dialect: ErrorDialect,
  listVersions: (promptId: string, runtime: RequestRuntime) => Promise<VendorPromptVersionInfo[]>,
): PromptWriter {
  const { api, http } = kit;

  function check(_operation: string, content?: PromptContent): string[] {
    if (!content) return [];
    const problems: string[] = [];
    content.messages.forEach((m, i) => {
      if (m.role === "placeholder") problems.push(`messages[${i}]: Helicone has no message placeholders (placeholder "${m.name}").`);
    });
    if (!content.model) problems.push("model: a Helicone prompt body needs a model.");
    problems.push(...paramsWithoutOpenAISlot(content).map((p) => `${p}: has no key in Helicone's OpenAI-style prompt body.`));
    return problems;
  }

  const promptBody = (content: PromptContent): Record<string, unknown> => openAIBody(content) as Record<string, unknown>;

  /** The prompt's id and tags, by id, else by exact name; `undefined` when neither exists. */
  async function findPrompt(idOrName: string, runtime: RequestRuntime): Promise<{ id: string; tags: string[] } | undefined> {
    try {
      const { data } = await kit.read(runtime, "GetPrompt2025", promptRowShape, (init) =>
        api.GET(`${V1}/id/{promptId}`, { params: { path: { promptId: idOrName } }, ...init }),
      );
      return { id: data.id, tags: data.tags ?? [] };
    } catch (err) {
      if (!PromptError.is(err) || err.code !== "not_found") throw err;
    }
    const { data: rows } = await kit.read(runtime, "GetPrompts2025", promptRowsShape, (init) =>
      api.POST(`${V1}/query`, { body: { search: idOrName, tagsFilter: [], page: 0, pageSize: NAME_SEARCH_PAGE }, ...init }),
    );
    const row = rows.find((r) => r.name === idOrName);
    if (!row) return undefined;
    return findPrompt(row.id, runtime);
  }

  return {
    check,
    async createPrompt(name, input, options) {
      const operation = "createPrompt";
      refuseProblems(HELICONE, operation, check(operation, input));
      const { data } = await sendWrite(http, dialect, writeRuntime(options), operation, createdShape, (init) =>
        api.POST(V1, {
          body: { name, tags: input.contentHash ? [hashMarker(input.contentHash)] : [], promptBody: promptBody(input) } as never,
          ...init,
        }),
      );
      if (data.versionId === undefined) {
        throw new PromptError({
          code: "invalid_response",
          vendor: HELICONE,
          operation,
          message: "Helicone created a prompt without a versionId.",
        });
      }
      return { promptId: data.id, versionId: data.versionId };
    },
    async createVersion(promptId, input, options) {
      const operation = "createVersion";
      refuseProblems(HELICONE, operation, check(operation, input));
      const newest = (await listVersions(promptId, checkRuntime(options)))[0];
      if (!newest) throw kit.notFound(`Prompt ${promptId} has no version to build on.`, operation);
      const { data } = await sendWrite(http, dialect, writeRuntime(options), operation, createdShape, (init) =>
        api.POST(`${V1}/update`, {
          body: {
            promptId,
            promptVersionId: newest.versionId,
            newMajorVersion: true,
            commitMessage: withHashMarker(input.commitMessage, input.contentHash) ?? "",
            promptBody: promptBody(input),
          } as never,
          ...init,
        }),
      );
      return { promptId, versionId: data.id };
    },
    async setEnvironment(promptId, versionId, environment, options) {
      await sendWrite(http, dialect, writeRuntime(options), "setEnvironment", envelope(anyDataShape), (init) =>
        api.POST(`${V1}/update/environment`, { body: { promptId, promptVersionId: versionId, environment } as never, ...init }),
      );
    },
    async recordedVersions(idOrName, options) {
      const runtime = checkRuntime(options);
      const found = await findPrompt(idOrName, runtime);
      if (!found) return undefined;
      const listed = await listVersions(found.id, runtime);
      const tagged = found.tags.map(readHashMarker).find((h) => h !== undefined);
      const versions: RecordedVersion[] = listed.map((v) => {
        // The first version cannot carry a commit message of ours: its hash is the prompt's tag.
        const hash = readHashMarker(v.commitMessage) ?? (v.version === "0.0" ? tagged : undefined);
        return { versionId: v.versionId, environments: v.environments, ...(hash ? { contentHash: hash } : {}) };
      });
      return { promptId: found.id, versions };
    },
  };
}
