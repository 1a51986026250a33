import { defaultPathSerializer } from "openapi-fetch";
import { PromptError } from "../errors/prompt-error.js";
import type { ParsedRef } from "../refs/types.js";

/**
 * `.` and `..` are path segments, not ids: the URL parser folds them (`/prompt/../x` is `/x`),
 * so a request would reach another route with the caller's key. They are refused everywhere
 * an id is used.
 */
export const isDotSegment = (id: string): boolean => id === "." || id === "..";

function dotSegmentError(vendor: string, operation: string, what: string, id: string): PromptError {
  return new PromptError({
    code: "invalid_ref",
    vendor,
    operation,
    message: `${vendor}: ${JSON.stringify(id)} is not a valid ${what}; "." and ".." are path segments, not ids.`,
  });
}

/** Refuses a reference whose prompt id or version id is a dot segment, before any request. */
export function checkRefIds(vendor: string, operation: string, ref: Pick<ParsedRef, "promptId" | "selector">): void {
  if (isDotSegment(ref.promptId)) throw dotSegmentError(vendor, operation, "prompt id", ref.promptId);
  if (ref.selector.kind === "versionId" && isDotSegment(ref.selector.versionId)) {
    throw dotSegmentError(vendor, operation, "version id", ref.selector.versionId);
  }
}

/**
 * openapi-fetch's path serializer, refusing dot segments: the last guard where a path is
 * filled, for ids that did not come from a reference.
 */
export function safePathSerializer(vendor: string): (pathname: string, params: Record<string, unknown>) => string {
  return (pathname, params) => {
    for (const [name, value] of Object.entries(params)) {
      if (typeof value === "string" && isDotSegment(value)) throw dotSegmentError(vendor, "request", `path parameter ${name}`, value);
    }
    return defaultPathSerializer(pathname, params);
  };
}
