import type { LangfusePrompt, paths } from "@polyprompt/langfuse-types";
import type { PromptSummary, PromptVendor, VendorPromptVersion, VendorPromptVersionInfo } from "../../contract/vendor.js";
import { PromptError } from "../../errors/prompt-error.js";
import type { RequestRuntime } from "../../http/request.js";
import type { ParsedRef } from "../../refs/types.js";
import { mapConcurrent, tooManyListRequests } from "../../vendor-kit/bounded-list.js";
import {
  defineVendor,
  type VendorConnectionOptions,
  type VendorDescription,
  type VendorKit,
  type VendorReads,
} from "../../vendor-kit/define-vendor.js";
import type { ErrorDialect } from "../../vendor-kit/error-dialect.js";
import { LANGFUSE, LATEST_LABEL, normalizeLangfuseInfo, normalizeLangfuseVersion } from "./normalize.js";
import { promptMetaPageShape, promptShape } from "./shapes.js";
import { langfuseTemplate } from "./template.js";

/**
 * `langfuse()` options: `publicKey` (default `LANGFUSE_PUBLIC_KEY`), `secretKey` (default
 * `LANGFUSE_SECRET_KEY`), `baseUrl` (default `LANGFUSE_BASE_URL`, else
 * `https://cloud.langfuse.com`; set it for the US or JP region or a self-hosted server), and the
 * limits `maxResponseBytes`, `maxListRequests`, `listConcurrency` (see docs/limits-http.md).
 */
export interface LangfuseOptions extends VendorConnectionOptions {
  /** The project's public key (`pk-lf-…`), sent as the Basic auth username. */
  publicKey?: string;
  /** The project's secret key (`sk-lf-…`), sent as the Basic auth password. */
  secretKey?: string;
}

/**
 * Langfuse errors are `{ message, error }` (`error` is a class name such as
 * `LangfuseNotFoundError`, or the list of validation issues on a 400); a 429 is
 * `{ message, code }`. The HTTP status is the code: 404 is `not_found`, 429 `rate_limited`.
 */
const LANGFUSE_ERRORS: ErrorDialect = { messageAt: [["message"], ["error"]] };

/** What Langfuse is, as data: shared by the reader here and the writer of `@polyprompt/core/langfuse/write`. */
export const LANGFUSE_VENDOR: VendorDescription<LangfuseOptions> = {
  name: LANGFUSE,
  defaultBaseUrl: "https://cloud.langfuse.com",
  baseUrlEnv: "LANGFUSE_BASE_URL",
  auth: {
    scheme: "basic",
    username: { option: "publicKey", env: "LANGFUSE_PUBLIC_KEY" },
    password: { option: "secretKey", env: "LANGFUSE_SECRET_KEY" },
  },
  templateEngine: langfuseTemplate,
  errors: LANGFUSE_ERRORS,
};

/** A version number as references write it: 1, 2, 3… (no sign, no leading zero, no fraction). */
const VERSION_NUMBER = /^[1-9]\d*$/;

const isVersionNumber = (text: string): boolean => VERSION_NUMBER.test(text) && Number.isSafeInteger(Number(text));

/**
 * The Langfuse adapter (prompt management, public API v2), with HTTP Basic auth.
 *
 * - Every reference is one `GET /api/public/v2/prompts/{name}` with `resolve=false`, so
 *   dependency tags (`@@@langfusePrompt:…@@@`) come back as written and the client resolves
 *   them through its cache: production → `label=production`; `@staging` → `label=staging`;
 *   `@latest` → `label=latest`; `@3` and `#3` → `version=3` (`#3` is cached without a TTL).
 * - A name with `/` (a folder) is one path segment, URL-encoded (`support%2Fchat`).
 * - `listVersions` lists the name's version numbers (every page), then fetches each version
 *   for its labels, commit message and config, `listConcurrency` at a time.
 *
 * This adapter reads; the `langfuse` of `@polyprompt/core/langfuse/write` also writes.
 *
 * @example
 * const prompts = createPromptClient({ vendors: [langfuse({ publicKey: "pk-lf-…", secretKey: "sk-lf-…" })] });
 * await prompts.get("langfuse:support/chat@staging");
 */
export function langfuse(options?: LangfuseOptions): PromptVendor {
  return defineVendor<paths, LangfuseOptions>(LANGFUSE_VENDOR, options, langfuseReads);
}

/** Langfuse's read operations on a kit: what both `langfuse` factories are built from. */
export function langfuseReads(kit: VendorKit<paths>): VendorReads {
  const { api } = kit;

  /** One version by label or number, dependency tags left unresolved. */
  const fetchVersion = (
    name: string,
    select: { label: string } | { version: number },
    runtime: RequestRuntime,
    operation = "getPrompt",
  ): Promise<LangfusePrompt> =>
    kit.read(runtime, operation, promptShape, (init) =>
      api.GET("/api/public/v2/prompts/{promptName}", {
        params: { path: { promptName: name }, query: { ...select, resolve: false } },
        ...init,
      }),
    );

  /** Refuses an answer for another prompt or another version than the one asked for. */
  function checkAnswer(payload: LangfusePrompt, name: string, version?: number): void {
    kit.checkOwner(String(payload.version), payload.name, name);
    if (version !== undefined && payload.version !== version) {
      throw kit.notFound(`Langfuse answered version ${payload.version} of ${name} when asked for version ${version}.`);
    }
  }

  async function getVersion(ref: ParsedRef, runtime: RequestRuntime): Promise<VendorPromptVersion> {
    const { promptId, selector } = ref;
    let select: { label: string } | { version: number };
    switch (selector.kind) {
      case "production":
        // Langfuse serves production when no label is given; saying so keeps the request explicit.
        select = { label: "production" };
        break;
      case "environment":
        select = { label: selector.environment };
        break;
      case "latest":
        select = { label: LATEST_LABEL };
        break;
      case "version":
        select = { version: Number(selector.version) };
        break;
      case "versionId":
        select = { version: Number(selector.versionId) };
        break;
    }
    const payload = await fetchVersion(promptId, select, runtime);
    checkAnswer(payload, promptId, "version" in select ? select.version : undefined);
    return normalizeLangfuseVersion(payload, [payload]);
  }

  /**
   * Every version number of `name`, from every page of the listing. Only the entry with
   * exactly this name counts (the listing's `name` filter is the whole name, but a server
   * that matched more would otherwise mix prompts). `totalPages` is a validated count and is
   * checked against `maxListRequests` before any further page is requested.
   */
  async function versionNumbers(name: string, runtime: RequestRuntime): Promise<{ versions: number[]; requests: number }> {
    const { maxListRequests, listConcurrency } = kit.listLimits(runtime);
    const page = (n: number) =>
      kit.read(runtime, "listPrompts", promptMetaPageShape, (init) =>
        api.GET("/api/public/v2/prompts", { params: { query: { name, page: n } }, ...init }),
      );
    const first = await page(1);
    const { totalPages } = first.meta;
    if (totalPages > maxListRequests) throw tooManyListRequests(LANGFUSE, "listVersions", `${totalPages}`, maxListRequests);
    const rest = totalPages > 1 ? Array.from({ length: totalPages - 1 }, (_, i) => i + 2) : [];
    const pages = [first, ...(await mapConcurrent(rest, listConcurrency, page))];
    const versions = new Set<number>();
    for (const p of pages) for (const meta of p.data) if (meta.name === name) for (const v of meta.versions) versions.add(v);
    return { versions: [...versions].sort((a, b) => b - a), requests: pages.length };
  }

  /** Every prompt name, from every page of the listing (`totalPages` checked against `maxListRequests` first). */
  async function listPrompts(runtime: RequestRuntime): Promise<PromptSummary[]> {
    const { maxListRequests, listConcurrency } = kit.listLimits(runtime);
    const page = (n: number) =>
      kit.read(runtime, "listPrompts", promptMetaPageShape, (init) =>
        api.GET("/api/public/v2/prompts", { params: { query: { page: n } }, ...init }),
      );
    const first = await page(1);
    const { totalPages } = first.meta;
    if (totalPages > maxListRequests) throw tooManyListRequests(LANGFUSE, "listPrompts", `${totalPages}`, maxListRequests);
    const rest = totalPages > 1 ? Array.from({ length: totalPages - 1 }, (_, i) => i + 2) : [];
    const pages = [first, ...(await mapConcurrent(rest, listConcurrency, page))];
    const names = new Set(pages.flatMap((p) => p.data.map((meta) => meta.name)));
    return [...names].map((name) => ({ promptId: name }));
  }

  async function listVersions(name: string, runtime: RequestRuntime): Promise<VendorPromptVersionInfo[]> {
    const { maxListRequests, listConcurrency } = kit.listLimits(runtime);
    const { versions, requests } = await versionNumbers(name, runtime);
    if (versions.length === 0) throw kit.notFound(`Langfuse has no prompt named ${JSON.stringify(name)}.`, "listVersions");
    if (requests + versions.length > maxListRequests) {
      throw tooManyListRequests(LANGFUSE, "listVersions", `${requests + versions.length}`, maxListRequests);
    }
    // The listing has no per-version labels, commit messages or configs: each version is
    // fetched (without resolving its dependencies) for them.
    const payloads = await mapConcurrent(versions, listConcurrency, async (version) => {
      const payload = await fetchVersion(name, { version }, runtime, "listVersions");
      checkAnswer(payload, name, version);
      return payload;
    });
    return payloads.map((payload) => normalizeLangfuseInfo(payload, [payload]));
  }

  return {
    checkRef(ref) {
      const { selector } = ref;
      const given = selector.kind === "version" ? selector.version : selector.kind === "versionId" ? selector.versionId : undefined;
      if (given !== undefined && !isVersionNumber(given)) {
        const written = selector.kind === "version" ? `@${given}` : `#${given}`;
        throw new PromptError({
          code: "invalid_ref",
          vendor: LANGFUSE,
          operation: "parseRef",
          message: `Langfuse versions are numbered 1, 2, 3…: "${written}" is not one (use "langfuse:${ref.promptId}${written[0]}3").`,
        });
      }
    },
    getVersion,
    listVersions,
    listPrompts,
  };
}
