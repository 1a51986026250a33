import type { paths, TelaHistoryItem } from "@polyprompt/tela-types";
import type { PromptSummary, PromptVendor, VendorPromptVersion, VendorPromptVersionInfo } from "../../contract/vendor.js";
import { PromptError } from "../../errors/prompt-error.js";
import type { RequestRuntime } from "../../http/request.js";
import type { ParsedRef } from "../../refs/types.js";
import { tooManyListRequests } from "../../vendor-kit/bounded-list.js";
import {
  defineVendor,
  type VendorDescription,
  type VendorFactoryOptions,
  type VendorKit,
  type VendorReads,
} from "../../vendor-kit/define-vendor.js";
import type { ErrorDialect } from "../../vendor-kit/error-dialect.js";
import { asProduction, normalizeTelaHistory, normalizeTelaVersion, TELA } from "./normalize.js";
import { canvasListShape, historyPageShape, promptVersionShape, readHistoryPage, type TelaVersionPayload } from "./shapes.js";
import { telaTemplate } from "./template.js";

/**
 * `tela()` options: `apiKey` (default `TELA_API_KEY`), `baseUrl` (default `TELA_BASE_URL`, else `https://api.tela.com`), and the limits
 * `maxResponseBytes`, `maxListRequests`, `listConcurrency` (see docs/limits-http.md).
 */
export type TelaOptions = VendorFactoryOptions;

/** The history endpoint's largest page. */
const PAGE_SIZE = 100;

/**
 * Tela answers errors with a JSON `{ message, status? }` or, through proxies, anything else.
 * Unverified (specs/tela/SOURCE.md §4): Tela's Python client also unwraps `{ error: … }`, so
 * `error.message` and a string `error` are read too (fixtures error-*.json).
 * Quirk: Tela's SDK picks the error class from the body's `status` field; the HTTP status is
 * what the server means, so the code is taken from it.
 */
const TELA_ERRORS: ErrorDialect = { messageAt: [["message"], ["error", "message"], ["error"]] };

/** What Tela is, as data: shared by the reader here and the writer of `@polyprompt/core/tela/write`. */
export const TELA_VENDOR: VendorDescription = {
  name: TELA,
  defaultBaseUrl: "https://api.tela.com",
  baseUrlEnv: "TELA_BASE_URL",
  // Quirk: Tela's published spec declares no security at all; the API wants a Bearer key.
  auth: { scheme: "bearer", token: { option: "apiKey", env: "TELA_API_KEY" } },
  templateEngine: telaTemplate,
  errors: TELA_ERRORS,
};

/**
 * The Tela adapter.
 *
 * - production → `GET /prompt/{id}/promoted-version`; `@latest` → `GET /prompt/{id}/latest-version`;
 *   `#versionId` → `GET /prompt-version/{id}`.
 * - Other environments and version indexes (`@3`) resolve from `GET /prompt-version/history`,
 *   following every page, then fetch that version by id.
 *
 * This adapter reads; the `tela` of `@polyprompt/core/tela/write` also writes.
 *
 * @example
 * const prompts = createPromptClient({ vendors: [tela({ apiKey: process.env.TELA_API_KEY! })] });
 * await prompts.get("tela:7f1c…@staging");
 */
export function tela(options?: TelaOptions): PromptVendor {
  return defineVendor<paths>(TELA_VENDOR, options, telaReads);
}

/** Tela's read operations on a kit: what both `tela` factories are built from. */
export function telaReads(kit: VendorKit<paths>): VendorReads {
  const { api } = kit;

  const versionById = (id: string, runtime: RequestRuntime): Promise<TelaVersionPayload> =>
    kit.read(runtime, "getPromptVersionById", promptVersionShape, (init) =>
      api.GET("/prompt-version/{id}", { params: { path: { id } }, ...init }),
    );

  /**
   * Every page of a prompt's history, read tolerantly (the envelope is undocumented): paging
   * ends on an empty or short page, on a page with nothing new (a server that ignores
   * `offset`), or once `total` items are read when a total is given.
   */
  async function history(promptId: string, runtime: RequestRuntime, stopWhen?: (item: TelaHistoryItem) => boolean) {
    const { maxListRequests } = kit.listLimits(runtime);
    const items: TelaHistoryItem[] = [];
    const seen = new Set<string>();
    const pages: unknown[] = [];
    for (let offset = 0; ; ) {
      if (pages.length >= maxListRequests) throw tooManyListRequests(TELA, "listVersions", `more than ${maxListRequests}`, maxListRequests);
      const body = await kit.read(runtime, "getPromptVersionHistory", historyPageShape, (init) =>
        api.GET("/prompt-version/history", { params: { query: { promptId, limit: PAGE_SIZE, offset } }, ...init }),
      );
      pages.push(body);
      const page = readHistoryPage(body);
      const fresh = page.items.filter((item) => !seen.has(item.id));
      for (const item of fresh) seen.add(item.id);
      items.push(...fresh);
      if (stopWhen && fresh.some(stopWhen)) break;
      offset += page.items.length;
      const fullPage = Math.min(PAGE_SIZE, page.limit || PAGE_SIZE);
      if (fresh.length === 0 || page.items.length < fullPage || (page.total !== undefined && offset >= page.total)) break;
    }
    return { items, pages };
  }

  async function getVersion(ref: ParsedRef, runtime: RequestRuntime): Promise<VendorPromptVersion> {
    const { promptId, selector } = ref;
    switch (selector.kind) {
      case "production": {
        const v = await kit.read(runtime, "getPromotedPromptVersion", promptVersionShape, (init) =>
          api.GET("/prompt/{id}/promoted-version", { params: { path: { id: promptId } }, ...init }),
        );
        return asProduction(normalizeTelaVersion(v, [v]));
      }
      case "latest": {
        const v = await kit.read(runtime, "getLatestPromptVersion", promptVersionShape, (init) =>
          api.GET("/prompt/{id}/latest-version", { params: { path: { id: promptId } }, ...init }),
        );
        return normalizeTelaVersion(v, [v]);
      }
      case "versionId": {
        const v = await versionById(selector.versionId, runtime);
        kit.checkOwner(selector.versionId, v.promptId, promptId);
        // Quirk: the by-id route of older deployments omits versionIndex and environments;
        // the history has them (fixture by-id-without-index.json).
        if (v.versionIndex !== undefined && v.environments !== undefined) return normalizeTelaVersion(v, [v]);
        const { items, pages } = await history(promptId, runtime, (item) => item.id === v.id);
        return normalizeTelaVersion(
          v,
          [v, ...pages],
          items.find((item) => item.id === v.id),
        );
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
          throw kit.notFound(
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
    async listPrompts(runtime: RequestRuntime): Promise<PromptSummary[]> {
      const canvases = await kit.read(runtime, "listPrompts", canvasListShape, (init) => api.GET("/prompt", init));
      return canvases.map((canvas) => ({ promptId: canvas.id, ...(canvas.title !== undefined ? { name: canvas.title } : {}) }));
    },
  };
}
