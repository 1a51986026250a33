import type { paths } from "@polyprompt/tela-types";
import type { PromptContent, PromptWriter, RecordedVersion, VendorPromptVersionInfo, WriteOperation } from "../../contract/vendor.js";
import { PromptError } from "../../errors/prompt-error.js";
import type { RequestRuntime } from "../../http/request.js";
import { record } from "../../http/shape.js";
import { PARAM_NAMES } from "../../model/openai-params.js";
import type { VendorKit } from "../../vendor-kit/define-vendor.js";
import type { ErrorDialect } from "../../vendor-kit/error-dialect.js";
import { hashMarker, readHashMarker, withHashMarker } from "../../write/content-hash.js";
import { refuseProblems, unsupportedWrite } from "../../write/unsupported.js";
import { checkRuntime, sendWrite, writeRuntime } from "../../write/write-runtime.js";
import { TELA } from "./normalize.js";
import { promptVersionShape } from "./shapes.js";

/** Tela's limit on a version's title, where the hash is recorded. */
const MAX_TITLE = 256;
/** The marker and the blank line before it. */
const MARKER_LENGTH = /* @__PURE__ */ (() => hashMarker("0".repeat(64)).length + 2)();

/** The parameters Tela's configuration keeps under their camelCase names (the reader's list). */
const TELA_PARAMS = new Set<string>(["temperature", "maxTokens", "topP", "topK", "seed", "stop", "frequencyPenalty", "presencePenalty"]);

/**
 * Tela writes:
 *
 * - `createPrompt` is refused (`unsupported`, no request): Tela's public API creates versions of
 *   a prompt (canvas) made in the Tela app, never a prompt itself.
 * - `createVersion`: `POST /prompt-version` with one `system` `message` (Tela holds exactly
 *   one), `configuration` (`model`, `type: "chat"`, parameters camelCased, a JSON-schema
 *   response as `structuredOutput`) and `variables` (`string` → `text`, `file`). The content
 *   hash is recorded at the end of the version's `title` (Tela has no commit message; the
 *   title carries the commit message too, within Tela's 256 characters).
 * - `setEnvironment`: `POST /environment/publish-by-name` (`autoCreate: true`); publishing to
 *   production is Tela's promotion.
 * - Refused, listing every problem: placeholders, more than one message or a non-system one,
 *   content parts, tools, tool choice, `json_object` output, parameters Tela has no key for,
 *   variable types other than `string`/`file`, a missing model, a commit message too long for the title.
 */
export function createTelaWriter(
  kit: VendorKit<paths>,
  dialect: ErrorDialect,
  listVersions: (promptId: string, runtime: RequestRuntime) => Promise<VendorPromptVersionInfo[]>,
): PromptWriter {
  const { api, http } = kit;

  function check(operation: WriteOperation, content?: PromptContent): string[] {
    if (operation === "createPrompt") {
      return ["Tela's API cannot create a prompt (canvas): create it in the Tela app, then write versions into it."];
    }
    if (!content) return [];
    const problems: string[] = [];
    if (content.messages.length !== 1) problems.push(`messages: Tela holds exactly one system message, got ${content.messages.length}.`);
    content.messages.forEach((m, i) => {
      if (m.role === "placeholder") problems.push(`messages[${i}]: Tela has no message placeholders (placeholder "${m.name}").`);
      else {
        if (m.role !== "system") problems.push(`messages[${i}]: Tela's one message is a system message, not ${m.role}.`);
        if (typeof m.content !== "string") problems.push(`messages[${i}]: Tela's message holds text only, not content parts.`);
      }
    });
    if ((content.tools ?? []).length > 0) problems.push("tools: Tela versions have no tools.");
    if (content.toolChoice !== undefined) problems.push("toolChoice: Tela versions have no tool choice.");
    if (content.responseFormat?.type === "json_object") problems.push("responseFormat: Tela has structured output by JSON schema only.");
    for (const name of PARAM_NAMES) {
      if (content.params?.[name] !== undefined && !TELA_PARAMS.has(name))
        problems.push(`params.${name}: Tela's configuration has no key for it.`);
    }
    for (const v of content.variables ?? []) {
      if (v.type !== "string" && v.type !== "file") problems.push(`variables.${v.name}: Tela variables are text or file, not ${v.type}.`);
    }
    if (!content.model) problems.push("model: a Tela version needs a model.");
    if ((content.commitMessage?.length ?? 0) > MAX_TITLE - MARKER_LENGTH) {
      problems.push(`commitMessage: longer than the ${MAX_TITLE - MARKER_LENGTH} characters Tela's title keeps beside the content hash.`);
    }
    return problems;
  }

  function configuration(content: PromptContent): Record<string, unknown> {
    const out: Record<string, unknown> = { ...(content.params?.extra ?? {}), model: content.model, type: "chat" };
    for (const name of PARAM_NAMES) {
      const value = content.params?.[name];
      if (value !== undefined) out[name] = value;
    }
    if (content.responseFormat?.type === "json_schema") out.structuredOutput = { enabled: true, schema: content.responseFormat.schema };
    return out;
  }

  return {
    check,
    async createPrompt() {
      throw unsupportedWrite(TELA, "createPrompt", check("createPrompt"));
    },
    async createVersion(promptId, input, options) {
      const operation = "createVersion";
      refuseProblems(TELA, operation, check(operation, input));
      const message = input.messages[0] as { content: string };
      const v = await sendWrite(http, dialect, writeRuntime(options), operation, promptVersionShape, (init) =>
        api.POST("/prompt-version", {
          body: {
            promptId,
            title: withHashMarker(input.commitMessage, input.contentHash) ?? "",
            configuration: configuration(input),
            variables: (input.variables ?? []).map((x) => ({
              name: x.name,
              type: x.type === "string" ? "text" : x.type,
              required: x.required,
              ...(x.description !== undefined ? { description: x.description } : {}),
            })),
            message: { role: "system", content: message.content },
            draft: false,
          } as never,
          ...init,
        }),
      );
      if (v.promptId !== promptId) {
        throw new PromptError({
          code: "invalid_response",
          vendor: TELA,
          operation,
          message: `Tela created the version in prompt ${v.promptId}, not ${promptId}.`,
        });
      }
      return { promptId, versionId: v.id };
    },
    async setEnvironment(promptId, versionId, environment, options) {
      await sendWrite(http, dialect, writeRuntime(options), "setEnvironment", record, (init) =>
        api.POST("/environment/publish-by-name", {
          body: { resourceType: "prompt", resourceId: promptId, envName: environment, versionId, autoCreate: true } as never,
          ...init,
        }),
      );
    },
    async recordedVersions(promptId, options) {
      const runtime = checkRuntime(options);
      try {
        await kit.read(runtime, "getPrompt", record, (init) => api.GET("/prompt/{id}", { params: { path: { id: promptId } }, ...init }));
      } catch (err) {
        if (PromptError.is(err) && err.code === "not_found") return undefined;
        throw err;
      }
      const listed = await listVersions(promptId, runtime);
      const versions: RecordedVersion[] = listed.map((v) => {
        const hash = readHashMarker(v.title);
        return { versionId: v.versionId, environments: v.environments, ...(hash ? { contentHash: hash } : {}) };
      });
      return { promptId, versions };
    },
  };
}
