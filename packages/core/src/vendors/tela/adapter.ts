import createClient from "openapi-fetch";
import type { paths, TelaHistoryItem, TelaPromptVersion } from "@polyprompt/tela-types";
import type { PromptVendor, VendorPromptVersion, VendorPromptVersionInfo } from "../../contract/vendor.js";
import { PromptError } from "../../errors/prompt-error.js";
import { createVendorHttp, type ApiResult, type RequestRuntime, type VendorHttp } from "../../http/request.js";
import type { Shape } from "../../http/shape.js";
import type { ParsedRef } from "../../refs/types.js";
import { historyPageShape, promptVersionShape } from "./shapes.js";
import { asProduction, normalizeTelaHistory, normalizeTelaVersion, TELA } from "./normalize.js";
import { telaTemplate } from "./template.js";

export interface TelaOptions {
  apiKey: string;
  /** Default `https://api.tela.com`. */
  baseUrl?: string;
}

/** The history endpoint's largest page. */
const PAGE_SIZE = 100;
/** Stops a vendor that never reports the end of its history from paging forever. */
const MAX_PAGES = 1_000;

/**
 * The Tela adapter.
 *
 * - production → `GET /prompt/{id}/promoted-version`; `@latest` → `GET /prompt/{id}/latest-version`;
 *   `#versionId` → `GET /prompt-version/{id}`.
 * - Other environments and version indexes (`@3`) resolve from `GET /prompt-version/history`,
 *   following every page, then fetch that version by id.
 *
 * @example
 * const prompts = createPromptClient({ vendors: [tela({ apiKey: process.env.TELA_API_KEY! })] });
 * await prompts.get("tela:7f1c…@staging");
 */
export function tela(options: TelaOptions): PromptVendor {
  if (typeof options?.apiKey !== "string" || options.apiKey === "") {
    throw new PromptError({ code: "unauthorized", vendor: TELA, operation: "configure", message: "tela() needs an apiKey." });
  }
  const http = createVendorHttp(TELA, [options.apiKey]);
  // Quirk: Tela's published spec declares no security at all; the API wants a Bearer key.
  const api = createClient<paths>({
    baseUrl: options.baseUrl ?? "https://api.tela.com",
    headers: { Authorization: `Bearer ${options.apiKey}` },
  });

  const read = <T>(runtime: RequestRuntime, operation: string, shape: Shape<T>, send: (init: { signal: AbortSignal; fetch: RequestRuntime["fetch"] }) => Promise<ApiResult>) =>
    http.call(runtime, operation, send, (result) => interpret(http, operation, shape, result));

  const versionById = async (id: string, runtime: RequestRuntime): Promise<TelaPromptVersion> =>
    read(runtime, "getPromptVersionById", promptVersionShape, (init) => api.GET("/prompt-version/{id}", { params: { path: { id } }, ...init }));

  async function history(promptId: string, runtime: RequestRuntime, stopWhen?: (item: TelaHistoryItem) => boolean) {
    const items: TelaHistoryItem[] = [];
    const pages: unknown[] = [];
    for (let page = 0, offset = 0; page < MAX_PAGES; page++) {
      const body = await read(runtime, "getPromptVersionHistory", historyPageShape, (init) =>
        api.GET("/prompt-version/history", { params: { query: { promptId, limit: PAGE_SIZE, offset } }, ...init }),
      );
      pages.push(body);
      items.push(...body.data);
      if (stopWhen && body.data.some(stopWhen)) break;
      offset += body.data.length;
      if (body.data.length === 0 || offset >= body.meta.total) break;
    }
    return { items, pages };
  }

  async function getVersion(ref: ParsedRef, runtime: RequestRuntime): Promise<VendorPromptVersion> {
    const { promptId, selector } = ref;
    switch (selector.kind) {
      case "production": {
        const v = await read(runtime, "getPromotedPromptVersion", promptVersionShape, (init) =>
          api.GET("/prompt/{id}/promoted-version", { params: { path: { id: promptId } }, ...init }),
        );
        return asProduction(normalizeTelaVersion(v, [v]));
      }
      case "latest": {
        const v = await read(runtime, "getLatestPromptVersion", promptVersionShape, (init) =>
          api.GET("/prompt/{id}/latest-version", { params: { path: { id: promptId } }, ...init }),
        );
        return normalizeTelaVersion(v, [v]);
      }
      case "versionId": {
        const v = await versionById(selector.versionId, runtime);
        if (v.promptId !== promptId) throw notFound(`Version ${selector.versionId} belongs to prompt ${v.promptId}, not ${promptId}.`);
        // Quirk: the by-id route of older deployments omits versionIndex and environments;
        // the history has them.
        if (v.versionIndex !== undefined && v.environments !== undefined) return normalizeTelaVersion(v, [v]);
        const { items, pages } = await history(promptId, runtime, (item) => item.id === v.id);
        return normalizeTelaVersion(v, [v, ...pages], items.find((item) => item.id === v.id));
      }
      case "environment":
      case "version": {
        const wanted =
          selector.kind === "environment"
            ? (item: TelaHistoryItem) => item.environments?.includes(selector.environment) === true
            : (item: TelaHistoryItem) => String(item.versionIndex) === selector.version;
        const { items, pages } = await history(promptId, runtime, wanted);
        const match = items.find(wanted);
        if (!match) {
          throw notFound(
            selector.kind === "environment"
              ? `Prompt ${promptId} has no version in environment "${selector.environment}".`
              : `Prompt ${promptId} has no version ${selector.version}.`,
          );
        }
        const v = await versionById(match.id, runtime);
        return normalizeTelaVersion(v, [...pages, v], match);
      }
    }
  }

  async function listVersions(promptId: string, runtime: RequestRuntime): Promise<VendorPromptVersionInfo[]> {
    const { items } = await history(promptId, runtime);
    return normalizeTelaHistory(items);
  }

  return {
    name: TELA,
    templateEngine: telaTemplate,
    checkRef(ref) {
      if (ref.selector.kind === "version" && !/^[1-9]\d*$/.test(ref.selector.version)) {
        throw new PromptError({
          code: "invalid_ref",
          vendor: TELA,
          operation: "parseRef",
          message: `Tela versions are numbered 1, 2, 3…: "@${ref.selector.version}" is not one (use "tela:${ref.promptId}@3").`,
        });
      }
    },
    getVersion,
    listVersions,
  };
}

function notFound(message: string): PromptError {
  return new PromptError({ code: "not_found", vendor: TELA, operation: "getVersion", message });
}

/** Tela answers errors with a JSON `{ message, status? }` or, through proxies, anything else. */
function interpret<T>(http: VendorHttp, operation: string, shape: Shape<T>, result: ApiResult): T {
  const { response } = result;
  if (!response.ok) {
    // Quirk: Tela's SDK picks the error class from the body's `status` field; the HTTP status
    // is what the server means, so that is what the code is taken from.
    const message = errorMessage(result.error) ?? `HTTP ${response.status}`;
    throw http.fail(operation, { response, message });
  }
  return http.parse(operation, shape, result.data, "$");
}

function errorMessage(body: unknown): string | undefined {
  if (typeof body === "object" && body !== null && typeof (body as { message?: unknown }).message === "string") {
    return (body as { message: string }).message;
  }
  if (typeof body === "string" && body.trim() !== "") return body.trim().slice(0, 200);
  return undefined;
}
