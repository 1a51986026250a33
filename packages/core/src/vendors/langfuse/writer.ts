import type { paths } from "@polyprompt/langfuse-types";
import type {
  PromptContent,
  PromptWriteInput,
  PromptWriter,
  RecordedVersion,
  VendorPromptVersionInfo,
  WriteOptions,
  WrittenVersion,
} from "../../contract/vendor.js";
import type { RequestRuntime } from "../../http/request.js";
import { PromptError } from "../../errors/prompt-error.js";
import type { VendorKit } from "../../vendor-kit/define-vendor.js";
import type { ErrorDialect } from "../../vendor-kit/error-dialect.js";
import { readHashMarker, withHashMarker } from "../../write/content-hash.js";
import { openAIBody, paramsWithoutOpenAISlot } from "../../write/openai-body.js";
import { refuseProblems } from "../../write/unsupported.js";
import { checkRuntime, sendWrite, writeRuntime } from "../../write/write-runtime.js";
import { LANGFUSE, POLYPROMPT_CONFIG_KEY } from "./normalize.js";
import { langfuseVariables } from "./template.js";
import { promptShape } from "./shapes.js";

/**
 * Langfuse writes (public API v2):
 *
 * - `createPrompt` and `createVersion` are both `POST /api/public/v2/prompts` (a new name starts
 *   at version 1). A `completion` content is a `text` prompt (its one message's text); any other
 *   is a `chat` prompt; its messages and placeholders
 *   are written as they are; model, params, tools, tool choice and response format go to
 *   `config` in the OpenAI style the reader maps back; variables whose types Langfuse would not
 *   infer from the templates go to `config.polyprompt.variables`. The content hash is recorded
 *   at the end of `commitMessage`.
 * - `setEnvironment` is `PATCH …/prompts/{name}/versions/{v}` with `newLabels: [environment]`
 *   (Langfuse moves a label off the version that held it).
 * - `recordedVersions` lists the versions (reads, retried as reads are).
 */
export function createLangfuseWriter(
  kit: VendorKit<paths>,
  dialect: ErrorDialect,
  listVersions: (name: string, runtime: RequestRuntime) => Promise<VendorPromptVersionInfo[]>,
): PromptWriter {
  const { api, http } = kit;

  function check(_operation: string, content?: PromptContent): string[] {
    if (!content) return [];
    const problems: string[] = [];
    if (content.type === "completion" && (content.messages.length !== 1 || content.messages[0]!.role === "placeholder")) {
      problems.push("messages: a Langfuse text prompt is one message holding the text.");
    }
    content.messages.forEach((m, i) => {
      if (m.role !== "placeholder" && typeof m.content !== "string") {
        problems.push(`messages[${i}]: Langfuse chat messages hold text only, not content parts.`);
      }
      if (m.role !== "placeholder" && (m.toolCalls?.length || m.toolCallId !== undefined)) {
        problems.push(`messages[${i}]: Langfuse chat messages have no tool calls.`);
      }
    });
    problems.push(...paramsWithoutOpenAISlot(content).map((p) => `${p}: has no key in Langfuse's OpenAI-style config.`));
    return problems;
  }

  async function write(name: string, operation: string, content: PromptWriteInput, options?: WriteOptions): Promise<WrittenVersion> {
    refuseProblems(LANGFUSE, operation, check(operation, content));
    // Langfuse keeps the messages in `prompt`; the rest of the OpenAI-style body is the config.
    const config: Record<string, unknown> = { ...openAIBody(content) };
    delete config.messages;
    // Langfuse infers untyped variables from the templates: types it would not infer are recorded.
    const declared = content.variables ?? [];
    if (declared.length > 0 && JSON.stringify(declared) !== JSON.stringify(langfuseVariables(content.messages))) {
      config[POLYPROMPT_CONFIG_KEY] = { variables: declared };
    }
    const prompt = content.messages.map((m) =>
      m.role === "placeholder" ? { type: "placeholder" as const, name: m.name } : { role: m.role, content: m.content as string },
    );
    const commitMessage = withHashMarker(content.commitMessage, content.contentHash);
    // A completion is Langfuse's text prompt: the one message's text is the prompt.
    const body =
      content.type === "completion"
        ? { name, type: "text", prompt: (content.messages[0] as { content: string }).content, config }
        : { name, type: "chat", prompt, config };
    const payload = await sendWrite(http, dialect, writeRuntime(options), operation, promptShape, (init) =>
      api.POST("/api/public/v2/prompts", {
        body: { ...body, ...(commitMessage !== undefined ? { commitMessage } : {}) } as never,
        ...init,
      }),
    );
    if (payload.name !== name) {
      throw new PromptError({
        code: "invalid_response",
        vendor: LANGFUSE,
        operation,
        message: `Langfuse answered prompt ${JSON.stringify(payload.name)} when ${JSON.stringify(name)} was written.`,
      });
    }
    return { promptId: name, versionId: String(payload.version) };
  }

  return {
    // Langfuse answers 400 "Previous versions have different prompt type" otherwise.
    typeFixedByFirstVersion: true,
    check,
    createPrompt: (name, input, options) => write(name, "createPrompt", input, options),
    createVersion: (name, input, options) => write(name, "createVersion", input, options),
    async setEnvironment(name, versionId, environment, options) {
      const operation = "setEnvironment";
      if (!/^[1-9]\d*$/.test(versionId)) {
        refuseProblems(LANGFUSE, operation, [`versionId ${JSON.stringify(versionId)}: Langfuse versions are numbered 1, 2, 3…`]);
      }
      await sendWrite(http, dialect, writeRuntime(options), operation, promptShape, (init) =>
        api.PATCH("/api/public/v2/prompts/{name}/versions/{version}", {
          params: { path: { name, version: Number(versionId) } },
          body: { newLabels: [environment] },
          ...init,
        }),
      );
    },
    async recordedVersions(name, options) {
      const runtime = checkRuntime(options);
      let listed: VendorPromptVersionInfo[];
      try {
        listed = await listVersions(name, runtime);
      } catch (err) {
        if (PromptError.is(err) && err.code === "not_found") return undefined;
        throw err;
      }
      const versions: RecordedVersion[] = listed.map((v) => ({
        versionId: v.versionId,
        environments: v.environments,
        ...(readHashMarker(v.commitMessage) ? { contentHash: readHashMarker(v.commitMessage)! } : {}),
      }));
      return { promptId: name, versions };
    },
  };
}
