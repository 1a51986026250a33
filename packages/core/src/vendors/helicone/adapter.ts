import createClient from "openapi-fetch";
import type { HeliconePromptVersion, paths } from "@polyprompt/helicone-types";
import type { PromptVendor, VendorPromptVersion, VendorPromptVersionInfo } from "../../contract/vendor.js";
import { PromptError } from "../../errors/prompt-error.js";
import { createVendorHttp, type ApiResult, type FetchLike, type RequestRuntime, type VendorHttp } from "../../http/request.js";
import { array, type Shape } from "../../http/shape.js";
import { isoDate } from "../../model/iso-date.js";
import type { ParsedRef } from "../../refs/types.js";
import { normalizeHeliconeBody } from "./body.js";
import { envelope, promptVersionShape, versionCountsShape } from "./shapes.js";
import { heliconeTemplate, heliconeVariables } from "./template.js";

export interface HeliconeOptions {
  apiKey: string;
  /** Default `https://api.helicone.ai`. */
  baseUrl?: string;
}

const HELICONE = "helicone";
/** Quirk: `query/versions` returns at most 50 rows and has no paging. */
const VERSIONS_LIMIT = 50;

type Send = (init: { signal: AbortSignal; fetch: FetchLike }) => Promise<ApiResult>;

/**
 * The Helicone Prompts 2025 adapter.
 *
 * `get` makes one request for production, an environment or a version id: the v2 queries
 * return the body with the metadata (Helicone's own SDK makes two). `@latest` and version
 * labels (`@2.1`, `@2.x`, `@2` = `@2.x`) list versions first, then fetch the one they name.
 *
 * @example
 * const prompts = createPromptClient({ vendors: [helicone({ apiKey: process.env.HELICONE_API_KEY! })] });
 * await prompts.render("helicone:aB3xY9@staging", { name: "Ada" });
 */
export function helicone(options: HeliconeOptions): PromptVendor {
  if (typeof options?.apiKey !== "string" || options.apiKey === "") {
    throw new PromptError({ code: "unauthorized", vendor: HELICONE, operation: "configure", message: "helicone() needs an apiKey." });
  }
  const http = createVendorHttp(HELICONE, [options.apiKey]);
  const api = createClient<paths>({
    baseUrl: options.baseUrl ?? "https://api.helicone.ai",
    headers: { Authorization: `Bearer ${options.apiKey}` },
  });

  // Quirk: every Helicone query is a POST, yet none changes anything: reads are safe to retry.
  const read = <T>(runtime: RequestRuntime, operation: string, shape: Shape<T>, send: Send): Promise<T> =>
    http.call(runtime, operation, send, (result) => unwrap(http, operation, envelope(shape), result).data);

  const versionWithBody = (runtime: RequestRuntime, promptVersionId: string) =>
    read(runtime, "GetPrompt2025VersionWithBody", promptVersionShape, (init) =>
      api.POST("/v2/prompt-2025/query/version", { body: { promptVersionId }, ...init }),
    );

  const listByMajor = (runtime: RequestRuntime, promptId: string, majorVersion?: number) =>
    read(runtime, "GetPrompt2025Versions", array(promptVersionShape), (init) =>
      api.POST("/v1/prompt-2025/query/versions", { body: majorVersion === undefined ? { promptId } : { promptId, majorVersion }, ...init }),
    );

  async function getVersion(ref: ParsedRef, runtime: RequestRuntime): Promise<VendorPromptVersion> {
    const { promptId, selector } = ref;
    switch (selector.kind) {
      case "production": {
        const v = await read(runtime, "GetPrompt2025ProductionVersionWithBody", promptVersionShape, (init) =>
          api.POST("/v2/prompt-2025/query/production-version", { body: { promptId }, ...init }),
        );
        return normalizeVersion(v, [v]);
      }
      case "environment": {
        const v = await read(runtime, "GetPrompt2025EnvironmentVersionWithBody", promptVersionShape, (init) =>
          api.POST("/v2/prompt-2025/query/environment-version", { body: { promptId, environment: selector.environment }, ...init }),
        );
        return normalizeVersion(v, [v]);
      }
      case "versionId": {
        const v = await versionWithBody(runtime, selector.versionId);
        if (v.prompt_id !== promptId) throw notFound(`Version ${selector.versionId} belongs to prompt ${v.prompt_id}, not ${promptId}.`);
        return normalizeVersion(v, [v]);
      }
      case "latest": {
        const list = await listByMajor(runtime, promptId);
        const newest = list[0];
        if (!newest) throw notFound(`Prompt ${promptId} has no versions.`);
        const v = await versionWithBody(runtime, newest.id);
        return normalizeVersion(v, [list, v]);
      }
      case "version": {
        const [majorText, minorText] = selector.version.split(".");
        const major = Number(majorText);
        const list = await listByMajor(runtime, promptId, major);
        const inMajor = list.filter((v) => v.major_version === major);
        const match =
          minorText === undefined || minorText === "x"
            ? inMajor.reduce<HeliconePromptVersion | undefined>((best, v) => (!best || v.minor_version > best.minor_version ? v : best), undefined)
            : inMajor.find((v) => v.minor_version === Number(minorText));
        if (!match) {
          const truncated = list.length >= VERSIONS_LIMIT ? ` Helicone lists only the newest ${VERSIONS_LIMIT} versions of a major version.` : "";
          throw notFound(`Prompt ${promptId} has no version ${selector.version}.${truncated}`);
        }
        const v = await versionWithBody(runtime, match.id);
        return normalizeVersion(v, [list, v]);
      }
    }
  }

  async function listVersions(promptId: string, runtime: RequestRuntime): Promise<VendorPromptVersionInfo[]> {
    let versions = await listByMajor(runtime, promptId);
    if (versions.length >= VERSIONS_LIMIT) {
      // Quirk: the list stops at 50. The counts say whether there are more; if so, list each
      // major version on its own, which reaches every version unless one major has over 50.
      const counts = await read(runtime, "GetPrompt2025TotalVersions", versionCountsShape, (init) =>
        api.POST("/v1/prompt-2025/query/total-versions", { body: { promptId }, ...init }),
      );
      if (counts.totalVersions > versions.length) {
        const majors = Array.from({ length: counts.majorVersions + 1 }, (_, major) => major);
        const byMajor = await Promise.all(majors.map((major) => listByMajor(runtime, promptId, major)));
        const seen = new Map(byMajor.flat().map((v) => [v.id, v]));
        versions = [...seen.values()];
      }
    }
    return versions
      .map((v) => normalizeInfo(v, [v]))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || compareLabels(b.version, a.version));
  }

  return {
    name: HELICONE,
    templateEngine: heliconeTemplate,
    getVersion,
    listVersions,
  };
}

function normalizeInfo(v: HeliconePromptVersion, raw: unknown[]): VendorPromptVersionInfo {
  // Quirk: server builds from before environments became a list send one `environment`.
  const environments = v.environments ?? (typeof v.environment === "string" && v.environment !== "" ? [v.environment] : []);
  return {
    vendor: HELICONE,
    promptId: v.prompt_id,
    versionId: v.id,
    version: `${v.major_version}.${v.minor_version}`,
    environments: [...environments],
    draft: false,
    ...(v.commit_message !== "" ? { commitMessage: v.commit_message } : {}),
    ...(v.model !== "" ? { model: v.model } : {}),
    createdAt: isoDate(v.created_at),
    raw,
  };
}

function normalizeVersion(v: HeliconePromptVersion, raw: unknown[]): VendorPromptVersion {
  if (v.prompt_body === undefined) {
    throw new PromptError({
      code: "invalid_response",
      vendor: HELICONE,
      operation: "getVersion",
      message: `helicone returned version ${v.id} without its prompt_body (at $.data.prompt_body).`,
    });
  }
  const body = normalizeHeliconeBody(v.prompt_body);
  const info = normalizeInfo(v, raw);
  return {
    ...info,
    ...(body.model !== undefined ? { model: body.model } : {}),
    template: heliconeTemplate.syntax,
    params: body.params,
    messages: body.messages,
    tools: body.tools,
    ...(body.toolChoice !== undefined ? { toolChoice: body.toolChoice } : {}),
    ...(body.responseFormat !== undefined ? { responseFormat: body.responseFormat } : {}),
    variables: heliconeVariables(body),
  };
}

/**
 * Reads the `{data, error}` envelope. Quirk: Helicone reports most failures, not-found
 * included, as HTTP 500 with the reason in `error`, so the envelope decides, not the status.
 */
function unwrap<T>(http: VendorHttp, operation: string, shape: Shape<T>, result: ApiResult): T {
  const { response } = result;
  const body = response.ok ? result.data : result.error;
  const reason = envelopeError(body, response.ok);
  if (reason !== undefined) {
    throw http.fail(operation, { response, message: reason, ...(/not found/i.test(reason) ? { code: "not_found" as const } : {}) });
  }
  if (!response.ok) {
    const text = typeof body === "string" && body.trim() !== "" ? body.trim().slice(0, 200) : `HTTP ${response.status}`;
    throw http.fail(operation, { response, message: text });
  }
  return http.parse(operation, shape, body, "$");
}

function envelopeError(body: unknown, ok: boolean): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error === "string" && error !== "") return error;
  // tsoa's validation errors come outside the envelope, as `{ message }`.
  const message = (body as { message?: unknown }).message;
  return !ok && typeof message === "string" && message !== "" ? message : undefined;
}

function notFound(message: string): PromptError {
  return new PromptError({ code: "not_found", vendor: HELICONE, operation: "getVersion", message });
}

function compareLabels(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split(".").map(Number);
  const [bMajor = 0, bMinor = 0] = b.split(".").map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}
