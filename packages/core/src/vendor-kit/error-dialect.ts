import type { PromptErrorCode } from "../errors/prompt-error.js";
import type { ApiResult, VendorHttp } from "../http/request.js";
import type { Shape } from "../http/shape.js";
import { isRecord } from "../model/json-value.js";

/** A path into an error body: `["error", "message"]` reads `body.error.message`. */
export type BodyPath = readonly string[];

/**
 * How one vendor writes its errors, as data: the kit reads every vendor's failures with the
 * same code (`readVendorResponse`).
 *
 * @example
 * const errors: ErrorDialect = { messageAt: [["message"], ["error", "message"], ["error"]] };
 */
export interface ErrorDialect {
  /** Where a failed answer keeps its message; the first non-empty string found wins. */
  readonly messageAt: readonly BodyPath[];
  /** Where even a 2xx answer may say it failed (an envelope's `error`). None by default. */
  readonly failureAt?: readonly BodyPath[];
  /** A message matching this is `not_found`, whatever the HTTP status says. */
  readonly notFoundMessage?: RegExp;
}

/** How much of a non-JSON error body goes into a message. */
const CLIP = 200;

/**
 * Interprets one answer: a failure (by status, or by the dialect's `failureAt` on a 2xx)
 * becomes a PromptError carrying the vendor's own message; a success is checked against
 * `shape` and returned.
 */
export function readVendorResponse<T>(http: VendorHttp, dialect: ErrorDialect, operation: string, shape: Shape<T>, result: ApiResult): T {
  const { response } = result;
  const body = response.ok ? result.data : result.error;
  const reason = firstMessage(body, response.ok ? (dialect.failureAt ?? []) : dialect.messageAt);
  if (reason !== undefined) {
    const code: PromptErrorCode | undefined = dialect.notFoundMessage?.test(reason) ? "not_found" : undefined;
    throw http.fail(operation, { response, message: reason, ...(code ? { code } : {}) });
  }
  if (!response.ok) {
    // A proxy's or a framework's answer: plain text, clipped, or just the status.
    const text = typeof body === "string" && body.trim() !== "" ? body.trim().slice(0, CLIP) : `HTTP ${response.status}`;
    throw http.fail(operation, { response, message: text });
  }
  return http.parse(operation, shape, body, "$");
}

function firstMessage(body: unknown, paths: readonly BodyPath[]): string | undefined {
  for (const path of paths) {
    let value: unknown = body;
    for (const key of path) value = isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;
    if (typeof value === "string" && value !== "") return value;
  }
  return undefined;
}
