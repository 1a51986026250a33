/** Every failure polyprompt reports carries one of these codes. */
export type PromptErrorCode =
  | "invalid_ref"
  | "not_found"
  | "unauthorized"
  | "forbidden"
  | "rate_limited"
  | "vendor_error"
  | "network"
  | "timeout"
  | "aborted"
  | "invalid_response"
  | "invalid_variables"
  /** A prompt that would take unbounded work to render (see README, Limits). */
  | "invalid_prompt"
  /** The client's options are contradictory, e.g. two vendors with one name. */
  | "invalid_config"
  | "unsupported";

/** One problem with one variable, as `invalid_variables` lists them. */
export interface VariableProblem {
  name: string;
  /** The type the template asked for, or `"defined"` for a missing value. */
  expected: string;
  /** A short description of what was given: `"undefined"`, `"string \"abc\""`, … */
  received: string;
}

export interface PromptErrorOptions {
  code: PromptErrorCode;
  message: string;
  vendor?: string;
  operation?: string;
  status?: number;
  requestId?: string;
  retryable?: boolean;
  /** For `rate_limited`: how long the vendor asked us to wait. */
  retryAfterMs?: number;
  /** For `invalid_variables`: every problem found, not only the first. */
  problems?: VariableProblem[];
  cause?: unknown;
}

const MARKER = Symbol.for("polyprompt.PromptError");

/** Codes that a retry can fix, unless the status says otherwise. */
const RETRYABLE_CODES: ReadonlySet<PromptErrorCode> = new Set(["network", "timeout", "rate_limited"]);

/**
 * The one error type polyprompt throws.
 *
 * @example
 * try {
 *   await prompts.get("acme:abc123@staging");
 * } catch (err) {
 *   if (PromptError.is(err) && err.code === "not_found") useDefaults();
 *   else throw err;
 * }
 */
export class PromptError extends Error {
  override readonly name = "PromptError";
  readonly code: PromptErrorCode;
  readonly vendor: string | undefined;
  readonly operation: string | undefined;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly problems: VariableProblem[] | undefined;

  constructor(options: PromptErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.vendor = options.vendor;
    this.operation = options.operation;
    this.status = options.status;
    this.requestId = options.requestId;
    this.retryable = options.retryable ?? defaultRetryable(options.code, options.status);
    this.retryAfterMs = options.retryAfterMs;
    this.problems = options.problems;
    Object.defineProperty(this, MARKER, { value: true });
  }

  /** True for any PromptError, even one from another copy of this package. */
  static is(value: unknown): value is PromptError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }

  /**
   * `err instanceof PromptError` is `PromptError.is(err)`: true for an error from another copy of
   * this package too (two installed versions, or the entry points dist/ builds apart).
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return PromptError.is(value);
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      vendor: this.vendor,
      operation: this.operation,
      status: this.status,
      requestId: this.requestId,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
      problems: this.problems,
    };
  }
}

function defaultRetryable(code: PromptErrorCode, status: number | undefined): boolean {
  if (RETRYABLE_CODES.has(code)) return true;
  // A vendor failure is worth retrying only when its status says it is transient. Codes such
  // as not_found stay final even when a vendor reports them as HTTP 500 (some do).
  return code === "vendor_error" && status !== undefined && (status === 408 || status === 429 || status >= 500);
}
