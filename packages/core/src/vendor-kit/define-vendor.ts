import createClient, { type Client } from "openapi-fetch";
import type { TemplateEngine } from "../contract/template-engine.js";
import type { PromptVendor } from "../contract/vendor.js";
import { PromptError } from "../errors/prompt-error.js";
import { base64, basicAuthSecrets } from "../errors/redaction.js";
import { createVendorHttp, type RequestRuntime, type Send, type VendorHttp } from "../http/request.js";
import { DEFAULT_LIST_CONCURRENCY, DEFAULT_MAX_LIST_REQUESTS, type RequestLimits } from "../http/limits.js";
import type { Shape } from "../http/shape.js";
import { readEnv } from "./environment.js";
import { readVendorResponse, type ErrorDialect } from "./error-dialect.js";
import { checkRefIds, safePathSerializer } from "./safe-ids.js";

/** What every vendor factory takes besides its credentials: its host and its own limits. */
export interface VendorConnectionOptions extends RequestLimits {
  /** The vendor's API host. Default: the vendor's environment variable (e.g. `ACME_BASE_URL`), else its public host. */
  baseUrl?: string;
}

/** The options of a vendor that authenticates with one API key (a Bearer token). */
export interface VendorFactoryOptions extends VendorConnectionOptions {
  /** Default: the vendor's environment variable (e.g. `ACME_API_KEY`), where the runtime has `process.env`. */
  apiKey?: string;
}

/** Where one credential comes from: a factory option, else an environment variable. */
export interface CredentialSource<Options> {
  option: keyof Options & string;
  env: string;
}

/** How a vendor authenticates, as data. */
export type VendorAuth<Options> =
  | { scheme: "bearer"; token: CredentialSource<Options> }
  | { scheme: "basic"; username: CredentialSource<Options>; password: CredentialSource<Options> };

/** What a vendor declares about itself, as data. */
export interface VendorDescription<Options extends VendorConnectionOptions = VendorFactoryOptions> {
  /** The name used in references (`"acme"` in `"acme:abc123"`). */
  name: string;
  defaultBaseUrl: string;
  /** The environment variable read for the host when `baseUrl` is not given (`ACME_BASE_URL`). */
  baseUrlEnv: string;
  /** Where the credentials come from and how they are sent. */
  auth: VendorAuth<Options>;
  templateEngine: TemplateEngine;
  /** How the vendor writes its errors. */
  errors: ErrorDialect;
}

/** What the kit hands a vendor's `build` function. */
export interface VendorKit<Paths extends {}> {
  readonly name: string;
  /** The typed API client: the vendor's auth and host, dot-segment ids refused. */
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
 * The read operations of a vendor: all of them but `writes`. A built-in vendor's entry point
 * (`@polyprompt/core/<vendor>`) builds its adapter from these alone, so an app that only reads
 * bundles no writer; its `/write` entry point adds the writer on the same kit.
 */
export type VendorReads = Omit<VendorOperations, "writes">;

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
export function defineVendor<Paths extends {}, Options extends VendorConnectionOptions = VendorFactoryOptions>(
  description: VendorDescription<Options>,
  options: Options | undefined,
  build: (kit: VendorKit<Paths>) => VendorOperations,
): PromptVendor {
  const { name } = description;
  const limits = checkLimits(name, options ?? {});
  const { authorization, secrets } = credentials(name, description.auth, options);
  const http = createVendorHttp(name, secrets, limits);
  const api = createClient<Paths>({
    baseUrl: options?.baseUrl ?? readEnv(description.baseUrlEnv) ?? description.defaultBaseUrl,
    headers: { Authorization: authorization },
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
    ...(operations.writes ? { writes: operations.writes } : {}),
    ...(operations.listPrompts ? { listPrompts: operations.listPrompts } : {}),
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

/**
 * The Authorization header and every secret to redact. Each credential is the option, else its
 * environment variable; it is trimmed once, here: fetch would trim the header value anyway, and
 * redaction must look for what is actually sent (the untrimmed form is redacted too).
 */
function credentials<Options>(
  vendor: string,
  auth: VendorAuth<Options>,
  options: Options | undefined,
): { authorization: string; secrets: string[] } {
  const read = (source: CredentialSource<Options>): { given: string; trimmed: string } => {
    const value = options?.[source.option] ?? readEnv(source.env);
    if (typeof value !== "string" || value.trim() === "") {
      throw new PromptError({
        code: "unauthorized",
        vendor,
        operation: "configure",
        message: `${vendor}() needs ${/^[aeiou]/i.test(source.option) ? "an" : "a"} ${source.option} (or the ${source.env} environment variable).`,
      });
    }
    return { given: value, trimmed: value.trim() };
  };
  if (auth.scheme === "bearer") {
    const token = read(auth.token);
    return { authorization: `Bearer ${token.trimmed}`, secrets: [token.given, token.trimmed] };
  }
  const username = read(auth.username);
  const password = read(auth.password);
  return {
    authorization: `Basic ${base64(`${username.trimmed}:${password.trimmed}`)}`,
    secrets: [...basicAuthSecrets(username.given, password.given), ...basicAuthSecrets(username.trimmed, password.trimmed)],
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
