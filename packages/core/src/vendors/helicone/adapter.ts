import type { HeliconePromptVersion, paths } from "@polyprompt/helicone-types";
import type { PromptSummary, PromptVendor, VendorPromptVersion, VendorPromptVersionInfo } from "../../contract/vendor.js";
import type { RequestRuntime, Send } from "../../http/request.js";
import { array, type Shape } from "../../http/shape.js";
import type { ParsedRef } from "../../refs/types.js";
import { mapConcurrent, tooManyListRequests } from "../../vendor-kit/bounded-list.js";
import {
  defineVendor,
  type VendorDescription,
  type VendorFactoryOptions,
  type VendorKit,
  type VendorReads,
} from "../../vendor-kit/define-vendor.js";
import type { ErrorDialect } from "../../vendor-kit/error-dialect.js";
import { HELICONE, normalizeHeliconeInfo, normalizeHeliconeVersion } from "./normalize.js";
import { envelope, promptRowsShape, promptVersionShape, versionCountsShape } from "./shapes.js";
import { heliconeTemplate } from "./template.js";

/**
 * `helicone()` options: `apiKey` (default `HELICONE_API_KEY`), `baseUrl` (default `HELICONE_BASE_URL`, else `https://api.helicone.ai`), and the
 * limits `maxResponseBytes`, `maxListRequests`, `listConcurrency` (see docs/limits-http.md).
 */
export type HeliconeOptions = VendorFactoryOptions;

/** Quirk: `query/versions` returns at most 50 rows and has no paging (fixture v1-versions.json). */
const VERSIONS_LIMIT = 50;

/**
 * Quirk: Helicone reports most failures, not-found included, as HTTP 500 with the reason in
 * the envelope's `error`, so the envelope decides, not the status (fixture
 * error-not-found-500.json). The auth middleware answers `{ error }` outside the envelope, and
 * tsoa's validation errors come as `{ message }` (fixtures error-401-*.json, error-422-tsoa.json).
 */
const HELICONE_ERRORS: ErrorDialect = { messageAt: [["error"], ["message"]], failureAt: [["error"]], notFoundMessage: /not found/i };

/** What Helicone is, as data: shared by the reader here and the writer of `@polyprompt/core/helicone/write`. */
export const HELICONE_VENDOR: VendorDescription = {
  name: HELICONE,
  defaultBaseUrl: "https://api.helicone.ai",
  baseUrlEnv: "HELICONE_BASE_URL",
  auth: { scheme: "bearer", token: { option: "apiKey", env: "HELICONE_API_KEY" } },
  templateEngine: heliconeTemplate,
  errors: HELICONE_ERRORS,
};

/**
 * The Helicone Prompts 2025 adapter.
 *
 * `get` makes one request for production, an environment or a version id: the v2 queries
 * return the body with the metadata (Helicone's own SDK makes two). `@latest` and version
 * labels (`@2.1`, `@2.x`, `@2` = `@2.x`) list versions first, then fetch the one they name.
 *
 * This adapter reads; the `helicone` of `@polyprompt/core/helicone/write` also writes.
 *
 * @example
 * const prompts = createPromptClient({ vendors: [helicone({ apiKey: process.env.HELICONE_API_KEY! })] });
 * await prompts.render("helicone:aB3xY9@staging", { name: "Ada" });
 */
export function helicone(options?: HeliconeOptions): PromptVendor {
  return defineVendor<paths>(HELICONE_VENDOR, options, heliconeReads);
}

/** Helicone's read operations on a kit: what both `helicone` factories are built from. */
export function heliconeReads(kit: VendorKit<paths>): VendorReads {
  const { api } = kit;
  // Quirk: every Helicone query is a POST, yet none changes anything: reads are safe to retry.
  // Every success comes in the envelope `{ data, error: null }`.
  const read = <T>(runtime: RequestRuntime, operation: string, shape: Shape<T>, send: Send): Promise<T> =>
    kit.read(runtime, operation, envelope(shape), send).then((answer) => answer.data);

  const versionWithBody = (runtime: RequestRuntime, promptVersionId: string) =>
    read(runtime, "GetPrompt2025VersionWithBody", promptVersionShape, (init) =>
      api.POST("/v2/prompt-2025/query/version", { body: { promptVersionId }, ...init }),
    );

  const listByMajor = (runtime: RequestRuntime, promptId: string, majorVersion?: number) =>
    read(runtime, "GetPrompt2025Versions", array(promptVersionShape), (init) =>
      api.POST("/v1/prompt-2025/query/versions", {
        body: majorVersion === undefined ? { promptId } : { promptId, majorVersion },
        ...init,
      }),
    );

  async function getVersion(ref: ParsedRef, runtime: RequestRuntime): Promise<VendorPromptVersion> {
    const { promptId, selector } = ref;
    switch (selector.kind) {
      case "production": {
        const v = await read(runtime, "GetPrompt2025ProductionVersionWithBody", promptVersionShape, (init) =>
          api.POST("/v2/prompt-2025/query/production-version", { body: { promptId }, ...init }),
        );
        return normalizeHeliconeVersion(v, [v]);
      }
      case "environment": {
        const v = await read(runtime, "GetPrompt2025EnvironmentVersionWithBody", promptVersionShape, (init) =>
          api.POST("/v2/prompt-2025/query/environment-version", { body: { promptId, environment: selector.environment }, ...init }),
        );
        return normalizeHeliconeVersion(v, [v]);
      }
      case "versionId": {
        const v = await versionWithBody(runtime, selector.versionId);
        kit.checkOwner(selector.versionId, v.prompt_id, promptId);
        return normalizeHeliconeVersion(v, [v]);
      }
      case "latest": {
        const list = await listByMajor(runtime, promptId);
        const newest = list[0];
        if (!newest) throw kit.notFound(`Prompt ${promptId} has no versions.`);
        const v = await versionWithBody(runtime, newest.id);
        return normalizeHeliconeVersion(v, [list, v]);
      }
      case "version": {
        const [majorText, minorText] = selector.version.split(".");
        const major = Number(majorText);
        const list = await listByMajor(runtime, promptId, major);
        const inMajor = list.filter((v) => v.major_version === major);
        const match =
          minorText === undefined || minorText === "x"
            ? inMajor.reduce<HeliconePromptVersion | undefined>(
                (best, v) => (!best || v.minor_version > best.minor_version ? v : best),
                undefined,
              )
            : inMajor.find((v) => v.minor_version === Number(minorText));
        if (!match) {
          const truncated =
            list.length >= VERSIONS_LIMIT ? ` Helicone lists only the newest ${VERSIONS_LIMIT} versions of a major version.` : "";
          throw kit.notFound(`Prompt ${promptId} has no version ${selector.version}.${truncated}`);
        }
        const v = await versionWithBody(runtime, match.id);
        return normalizeHeliconeVersion(v, [list, v]);
      }
    }
  }

  async function listVersions(promptId: string, runtime: RequestRuntime): Promise<VendorPromptVersionInfo[]> {
    let versions = await listByMajor(runtime, promptId);
    if (versions.length >= VERSIONS_LIMIT) {
      // Quirk: the list stops at 50. The counts say whether there are more; if so, list each
      // major version on its own, which reaches every version unless one major has over 50.
      // `majorVersions` is the highest major number (so majors 0..n), validated as a count
      // before it plans any request.
      const operation = "GetPrompt2025TotalVersions";
      const counts = await read(runtime, operation, versionCountsShape, (init) =>
        api.POST("/v1/prompt-2025/query/total-versions", { body: { promptId }, ...init }),
      );
      if (counts.totalVersions > versions.length) {
        const { maxListRequests, listConcurrency } = kit.listLimits(runtime);
        // Two requests are spent already: the first list and the counts.
        if (counts.majorVersions + 1 + 2 > maxListRequests) {
          throw tooManyListRequests(HELICONE, "listVersions", `${counts.majorVersions + 1 + 2}`, maxListRequests);
        }
        const majors = Array.from({ length: counts.majorVersions + 1 }, (_, major) => major);
        const byMajor = await mapConcurrent(majors, listConcurrency, (major) => listByMajor(runtime, promptId, major));
        // The first list's rows are kept: a major the counts missed still shows.
        const seen = new Map([...versions, ...byMajor.flat()].map((v) => [v.id, v]));
        versions = [...seen.values()];
      }
    }
    return versions
      .map((v) => normalizeHeliconeInfo(v, [v]))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || compareLabels(b.version, a.version));
  }

  /** Every prompt, from `POST /v1/prompt-2025/query` pages of 100 until a short one. */
  async function listPrompts(runtime: RequestRuntime): Promise<PromptSummary[]> {
    const { maxListRequests } = kit.listLimits(runtime);
    const prompts = new Map<string, PromptSummary>();
    for (let page = 0; ; page++) {
      if (page >= maxListRequests) throw tooManyListRequests(HELICONE, "listPrompts", `more than ${maxListRequests}`, maxListRequests);
      const { data: rows } = await kit.read(runtime, "GetPrompts2025", promptRowsShape, (init) =>
        api.POST("/v1/prompt-2025/query", { body: { search: "", tagsFilter: [], page, pageSize: PROMPT_PAGE }, ...init }),
      );
      for (const row of rows) prompts.set(row.id, { promptId: row.id, name: row.name });
      if (rows.length < PROMPT_PAGE) return [...prompts.values()];
    }
  }

  return { getVersion, listVersions, listPrompts };
}

/** Prompts per page of the prompt listing. */
const PROMPT_PAGE = 100;

function compareLabels(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split(".").map(Number);
  const [bMajor = 0, bMinor = 0] = b.split(".").map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}
