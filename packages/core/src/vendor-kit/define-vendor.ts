import createClient, { type Client } from "openapi-fetch";
import type { TemplateEngine } from "../contract/template-engine.js";
import type { PromptVendor } from "../contract/vendor.js";
import { PromptError } from "../errors/prompt-error.js";
import { createVendorHttp, type RequestRuntime, type Send, type VendorHttp } from "../http/request.js";
import { DEFAULT_LIST_CONCURRENCY, DEFAULT_MAX_LIST_REQUESTS, type RequestLimits } from "../http/limits.js";
import type { Shape } from "../http/shape.js";
import { readVendorResponse, type ErrorDialect } from "./error-dialect.js";
import { checkRefIds, safePathSerializer } from "./safe-ids.js";

/** The options every built-in vendor factory takes: its key, its host, and its own limits. */
export interface VendorFactoryOptions extends RequestLimits {
  apiKey: string;
  /** The vendor's API host; each vendor documents its default. */
  baseUrl?: string;
}

/** What a vendor declares about itself, as data. */
export interface VendorDescription {
  /** The name used in references (`"acme"` in `"acme:abc123"`). */
  name: string;
  defaultBaseUrl: string;
  templateEngine: TemplateEngine;
  /** How the vendor writes its errors. */
  errors: ErrorDialect;
}

/** What the kit hands a vendor's `build` function. */
export interface VendorKit<Paths extends {}> {
  readonly name: string;
  /** The typed API client: Bearer auth, the vendor's host, dot-segment ids refused. */
  readonly api: Client<Paths>;
  readonly http: VendorHttp;
  /** One read: sent under the retry/timeout/abort policy, its errors read by the dialect, its payload checked by `shape`. */
  read<T>(runtime: RequestRuntime, operation: string, shape: Shape<T>, send: Send): Promise<T>;
  /** A `not_found` error for a version the vendor answered but the reference does not match. */
  notFound(message: string, operation?: string): PromptError;
  /** Throws `not_found` when a version fetched by id belongs to another prompt. */
  checkOwner(versionId: string, ownerPromptId: string, promptId: string): void;
  /** The list limits for this call: the vendor's own, else the runtime's, else the defaults. */
  listLimits(runtime: RequestRuntime): { maxListRequests: number; listConcurrency: number };
}

/** The operations a vendor implements; the kit adds its name and template engine. */
export type VendorOperations = Omit<PromptVendor, "name" | "templateEngine">;

/**
 * Builds a vendor adapter from its description and its operations. The kit does what every
 * adapter needs the same way: checks and trims the key (a key read from a file keeps its
 * trailing newline), creates the HTTP helper that redacts it, the typed API client with Bearer
 * auth, reads errors through the vendor's dialect, validates limits, and refuses `.`/`..` ids
 * before any request.
 *
 * @example
 * export function acme(options: VendorFactoryOptions): PromptVendor {
 *   return defineVendor<paths>({ name: "acme", defaultBaseUrl: "https://api.acme.dev", templateEngine, errors }, options, (kit) => ({
 *     getVersion: (ref, runtime) => kit.read(runtime, "getPrompt", promptShape, (init) => kit.api.GET("/prompts/{id}", { params: { path: { id: ref.promptId } }, ...init })).then(normalize),
 *     listVersions: async () => [],
 *   }));
 * }
 */
export function defineVendor<Paths extends {}>(
  description: VendorDescription,
  options: VendorFactoryOptions,
  build: (kit: VendorKit<Paths>) => VendorOperations,
): PromptVendor {
  const { name } = description;
  const configError = (message: string): PromptError =>
    new PromptError({ code: "unauthorized", vendor: name, operation: "configure", message });
  if (typeof options?.apiKey !== "string" || options.apiKey.trim() === "") throw configError(`${name}() needs an apiKey.`);
  const limits = checkLimits(name, options);
  // Trimmed once, here: fetch would trim the header value anyway, and redaction must look for
  // what is actually sent (the untrimmed form is redacted too).
  const apiKey = options.apiKey.trim();
  const http = createVendorHttp(name, [options.apiKey, apiKey], limits);
  const api = createClient<Paths>({
    baseUrl: options.baseUrl ?? description.defaultBaseUrl,
    headers: { Authorization: `Bearer ${apiKey}` },
    pathSerializer: safePathSerializer(name),
  });
  const notFound = (message: string, operation = "getVersion"): PromptError =>
    new PromptError({ code: "not_found", vendor: name, operation, message });

  const kit: VendorKit<Paths> = {
    name,
    api,
    http,
    read: (runtime, operation, shape, send) =>
      http.call(runtime, operation, send, (result) => readVendorResponse(http, description.errors, operation, shape, result)),
    notFound,
    checkOwner(versionId, ownerPromptId, promptId) {
      if (ownerPromptId !== promptId) throw notFound(`Version ${versionId} belongs to prompt ${ownerPromptId}, not ${promptId}.`);
    },
    listLimits: (runtime) => ({
      maxListRequests: limits.maxListRequests ?? runtime.maxListRequests ?? DEFAULT_MAX_LIST_REQUESTS,
      listConcurrency: limits.listConcurrency ?? runtime.listConcurrency ?? DEFAULT_LIST_CONCURRENCY,
    }),
  };
  const operations = build(kit);
  return {
    name,
    templateEngine: description.templateEngine,
    ...(operations.checkRef ? { checkRef: operations.checkRef } : {}),
    getVersion(ref, runtime) {
      checkRefIds(name, "getVersion", ref);
      return operations.getVersion(ref, runtime);
    },
    listVersions(promptId, runtime) {
      checkRefIds(name, "listVersions", { promptId, selector: { kind: "production" } });
      return operations.listVersions(promptId, runtime);
    },
  };
}

function checkLimits(vendor: string, options: RequestLimits): RequestLimits {
  const out: RequestLimits = {};
  for (const key of ["maxResponseBytes", "maxListRequests", "listConcurrency"] as const) {
    const value = options[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new PromptError({
        code: "unsupported",
        vendor,
        operation: "configure",
        message: `${vendor}(): ${key} must be a positive integer, got ${String(value)}.`,
      });
    }
    out[key] = value;
  }
  return out;
}
