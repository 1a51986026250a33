import { PromptError } from "../errors/prompt-error.js";
import { formatRef } from "../refs/parse.js";
import type { ResolvedRef } from "./vendor-directory.js";

/** The error of a caller who gave up through its signal. */
export function abortedError(r: ResolvedRef): PromptError {
  return new PromptError({
    code: "aborted",
    vendor: r.parsed.vendor,
    operation: "get",
    message: `Fetching ${formatRef(r.parsed)} was aborted by the caller.`,
  });
}

/** Anything thrown, as a PromptError: a store or adapter bug is still ours to report. */
export function asPromptError(err: unknown, vendor: string | undefined, operation: string): PromptError {
  if (PromptError.is(err)) return err;
  return new PromptError({
    code: "vendor_error",
    vendor,
    operation,
    message: `${vendor === undefined ? "" : `${vendor} `}${operation} failed: ${err instanceof Error ? err.message : String(err)}`,
  });
}
