import { PromptError, type PromptErrorCode } from "../errors/prompt-error.js";
import { redact, redactCause, redactError, secretForms } from "../errors/redaction.js";
import { DEFAULT_MAX_RESPONSE_BYTES, limitResponseBody } from "./body-limit.js";
import type { RequestLimits } from "./limits.js";
import { backoffDelay, retryAfterMs, type RetryOptions } from "./retry.js";
import type { Shape } from "./shape.js";

export { basicAuthSecrets } from "../errors/redaction.js";
export { DEFAULT_MAX_RESPONSE_BYTES } from "./body-limit.js";

/** A `fetch` implementation: the global one, or any compatible function. */
export type FetchLike = (input: Request, init?: RequestInit) => Promise<Response>;

/**
 * What the client hands an adapter for each call: its transport, time limits and work limits
 * (`maxResponseBytes`, `maxListRequests`, `listConcurrency`; a vendor's own setting wins).
 */
export interface RequestRuntime extends RequestLimits {
  fetch: FetchLike;
  timeoutMs: number;
  retry: RetryOptions;
  /** The caller's signal: aborts at once, with code `aborted`. */
  signal?: AbortSignal;
  /** Observes retries (the client turns these into `onEvent` events). */
  onRetry?: (info: { operation: string; attempt: number; delayMs: number; error: PromptError }) => void;
}

/** One openapi-fetch call, given the signal and fetch the runtime provides. */
export type Send = (init: { signal: AbortSignal; fetch: FetchLike }) => Promise<ApiResult>;

/** The result of one openapi-fetch call. */
export interface ApiResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** Everything an adapter needs to say about a failed response. */
export interface FailureDetails {
  code?: PromptErrorCode;
  message: string;
  status?: number;
  response?: Response;
}

/**
 * One vendor's HTTP helper: runs openapi-fetch calls under the client's retry, timeout and
 * abort policy, and builds PromptErrors that never contain the vendor's secrets.
 * Adapters create one with their API key; the key stays in this closure.
 */
export interface VendorHttp {
  readonly vendor: string;
  /**
   * Sends a request (retrying reads) and interprets the result. `interpret` throws
   * (via `fail`/`invalid`) for vendor errors; anything else it throws becomes `invalid_response`.
   */
  call<T>(
    runtime: RequestRuntime,
    operation: string,
    send: Send,
    interpret: (result: ApiResult) => T,
    options?: { idempotent?: boolean },
  ): Promise<T>;
  /** A PromptError for a vendor failure; the code defaults from the HTTP status. */
  fail(operation: string, details: FailureDetails): PromptError;
  /** Checks a payload against a shape, or throws `invalid_response` naming the first bad path. */
  parse<T>(operation: string, shape: Shape<T>, value: unknown, root: string): T;
}

/**
 * Creates a vendor's HTTP helper. `secrets` are the vendor's credentials: each is redacted
 * from every error in every form it can take (as given, trimmed, `Bearer …`; pass
 * `basicAuthSecrets(user, password)` for Basic auth). `limits` are the vendor's own bounds;
 * they win over the runtime's.
 *
 * @example
 * const http = createVendorHttp("acme", [apiKey], { maxResponseBytes: 1_000_000 });
 * const data = await http.call(runtime, "getThing", (init) => api.GET("/thing", init), (r) => r.data);
 */
export function createVendorHttp(vendor: string, credentials: readonly string[], limits: RequestLimits = {}): VendorHttp {
  const secrets = secretForms(credentials);
  const clean = (text: string): string => redact(text, secrets);

  const fail = (operation: string, details: FailureDetails): PromptError => {
    const status = details.status ?? details.response?.status;
    const headers = details.response?.headers;
    const code = details.code ?? codeForStatus(status);
    return new PromptError({
      code,
      vendor,
      operation,
      status,
      requestId: headers ? mapDefined(requestIdOf(headers), clean) : undefined,
      retryAfterMs: headers ? retryAfterMs(headers) : undefined,
      message: clean(`${vendor} ${operation} failed${status ? ` (HTTP ${status})` : ""}: ${details.message}`),
    });
  };

  const parse = <T>(operation: string, shape: Shape<T>, value: unknown, root: string): T => {
    const result = shape(value, root);
    if (result.ok) return result.value;
    throw new PromptError({
      code: "invalid_response",
      vendor,
      operation,
      message: clean(
        `${vendor} ${operation} returned an unexpected payload: at ${result.path}, expected ${result.expected} but got ${result.received}.`,
      ),
    });
  };

  const transportError = (operation: string, err: unknown, timedOut: boolean, aborted: boolean, timeoutMs: number): PromptError => {
    const base = { vendor, operation, cause: redactCause(err, secrets) };
    if (aborted) return new PromptError({ ...base, code: "aborted", message: `${vendor} ${operation} was aborted by the caller.` });
    if (timedOut) {
      return new PromptError({ ...base, code: "timeout", message: `${vendor} ${operation} timed out after ${timeoutMs} ms.` });
    }
    if (err instanceof SyntaxError) {
      return new PromptError({
        ...base,
        code: "invalid_response",
        message: clean(`${vendor} ${operation} returned a body that is not valid JSON: ${err.message}`),
      });
    }
    const detail = err instanceof Error ? describeNetworkError(err) : String(err);
    return new PromptError({ ...base, code: "network", message: clean(`${vendor} ${operation} could not reach the vendor: ${detail}`) });
  };

  async function attempt<T>(runtime: RequestRuntime, operation: string, send: Send, interpret: (result: ApiResult) => T): Promise<T> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, runtime.timeoutMs);
    const onCallerAbort = (): void => controller.abort();
    runtime.signal?.addEventListener("abort", onCallerAbort, { once: true });
    const maxBytes = limits.maxResponseBytes ?? runtime.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const tooLarge = (): PromptError =>
      new PromptError({
        code: "invalid_response",
        vendor,
        operation,
        message: `${vendor} ${operation} returned a response body larger than maxResponseBytes (${maxBytes} bytes); polyprompt stopped reading it.`,
      });
    let result: ApiResult;
    try {
      if (runtime.signal?.aborted) throw runtime.signal.reason;
      result = await send({ signal: controller.signal, fetch: limitResponseBody(runtime.fetch, maxBytes, tooLarge) });
    } catch (err) {
      throw PromptError.is(err) ? err : transportError(operation, err, timedOut, runtime.signal?.aborted === true, runtime.timeoutMs);
    } finally {
      clearTimeout(timer);
      runtime.signal?.removeEventListener("abort", onCallerAbort);
    }
    try {
      return interpret(result);
    } catch (err) {
      if (PromptError.is(err)) throw err;
      // An adapter bug or a payload its validators missed: report it, never a TypeError.
      throw new PromptError({
        code: "invalid_response",
        vendor,
        operation,
        status: result.response.status,
        message: clean(
          `${vendor} ${operation} returned a payload polyprompt could not read: ${err instanceof Error ? err.message : String(err)}`,
        ),
        cause: redactCause(err, secrets),
      });
    }
  }

  async function call<T>(
    runtime: RequestRuntime,
    operation: string,
    send: Send,
    interpret: (result: ApiResult) => T,
    options?: { idempotent?: boolean },
  ): Promise<T> {
    const retries = options?.idempotent === false ? 0 : Math.max(0, runtime.retry.retries);
    try {
      return await withRetries(runtime, operation, send, interpret, retries);
    } catch (err) {
      // The last line of defence: whatever an adapter or the transport put into the error
      // (message, requestId, causes), no form of the key leaves this function.
      throw PromptError.is(err) ? redactError(err, secrets) : err;
    }
  }

  async function withRetries<T>(
    runtime: RequestRuntime,
    operation: string,
    send: Send,
    interpret: (result: ApiResult) => T,
    retries: number,
  ): Promise<T> {
    for (let n = 0; ; n++) {
      try {
        return await attempt(runtime, operation, send, interpret);
      } catch (err) {
        const error = err as PromptError;
        const told = error.retryAfterMs;
        if (told !== undefined && told > runtime.retry.maxDelayMs && (error.retryable || error.status === 429)) {
          // Waiting that long would stall the caller: fail fast and pass the vendor's delay on.
          throw new PromptError({
            code: "rate_limited",
            vendor,
            operation,
            status: error.status,
            requestId: error.requestId,
            retryAfterMs: told,
            retryable: true,
            message: `${vendor} ${operation}: the vendor asked to retry after ${told} ms, more than maxDelayMs (${runtime.retry.maxDelayMs} ms).`,
            cause: error,
          });
        }
        if (!error.retryable || n >= retries) throw error;
        const delayMs = told ?? backoffDelay(n, runtime.retry);
        runtime.onRetry?.({ operation, attempt: n + 1, delayMs, error });
        await sleep(delayMs, runtime.signal, () => transportError(operation, runtime.signal?.reason, false, true, runtime.timeoutMs));
      }
    }
  }

  return { vendor, call, fail, parse };
}

const mapDefined = <T, U>(value: T | undefined, f: (value: T) => U): U | undefined => (value === undefined ? undefined : f(value));

function sleep(ms: number, signal: AbortSignal | undefined, onAbort: () => PromptError): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(onAbort());
    const abort = (): void => {
      clearTimeout(timer);
      reject(onAbort());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", abort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", abort, { once: true });
  });
}

export function codeForStatus(status: number | undefined): PromptErrorCode {
  if (status === undefined) return "vendor_error";
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404 || status === 410) return "not_found";
  if (status === 408) return "timeout";
  if (status === 429) return "rate_limited";
  return "vendor_error";
}

function requestIdOf(headers: Headers): string | undefined {
  return headers.get("x-request-id") ?? headers.get("request-id") ?? headers.get("x-amzn-requestid") ?? headers.get("cf-ray") ?? undefined;
}

/** undici hides the useful part ("ECONNRESET") in `cause`. */
function describeNetworkError(err: Error): string {
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return `${err.message} (${typeof code === "string" ? `${code}: ` : ""}${cause.message})`;
  }
  return err.message;
}
