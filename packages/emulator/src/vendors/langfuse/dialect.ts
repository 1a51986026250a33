import { STATUS_CODES } from "node:http";
import { json, type Reply, type SchemaIssue, type VendorDialect } from "../../vendor-kit.js";

// Langfuse's public API errors (notes §3): `{ message, error }` where `error` is the error class
// name (`LangfuseNotFoundError`, `UnauthorizedError` …), except validation failures, whose `error`
// is the list of Zod issues, and rate limits, which are `{ message, code }`.

/** A Langfuse error body: `{ message, error: <error class name> }`. */
export const error = (status: number, message: string, name: string): Reply => json(status, { message, error: name });

/** A Zod issue, as Langfuse returns them in `error` of a 400. */
export interface ZodIssue {
  code: string;
  message: string;
  path: (string | number)[];
  [detail: string]: unknown;
}

/** 400 `{ message: "Invalid request data", error: ZodIssue[] }`. */
export const invalidRequest = (issues: ZodIssue[]): Reply => json(400, { message: "Invalid request data", error: issues });

/** One Zod issue of kind `custom` at `path`. */
export const customIssue = (message: string, path: (string | number)[] = []): ZodIssue => ({ code: "custom", message, path });

/** A spec validation issue worded as Zod words it. */
function zodIssue(issue: SchemaIssue): ZodIssue {
  const path = issue.path
    .split("/")
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, "/").replace(/~0/g, "~")));
  if (issue.in === "query" && path.length === 0 && typeof issue.params.missingProperty === "string")
    path.push(issue.params.missingProperty);
  switch (issue.keyword) {
    case "required":
      return {
        code: "invalid_type",
        expected: "string",
        received: "undefined",
        message: "Required",
        path: [...path, String(issue.params.missingProperty)],
      };
    case "type":
      return { code: "invalid_type", expected: String(issue.params.type), message: `Expected ${String(issue.params.type)}`, path };
    case "enum":
      return { code: "invalid_enum_value", options: issue.params.allowedValues, message: "Invalid enum value", path };
    case "pattern":
      return { code: "invalid_string", validation: "regex", message: "Invalid", path };
    case "minLength":
    case "minimum":
    case "minItems":
      return { code: "too_small", minimum: issue.params.limit, message: issue.message, path };
    case "maxLength":
    case "maximum":
    case "maxItems":
      return { code: "too_big", maximum: issue.params.limit, message: issue.message, path };
    case "anyOf":
    case "oneOf":
      return { code: "invalid_union", message: "Invalid input", path };
    default:
      return customIssue(issue.message, path);
  }
}

export const dialect: VendorDialect = {
  unauthorized: (reason, request) => {
    if (reason === "forbidden") {
      return error(403, `Access denied - need to use basic auth with secret key to ${request.method} prompts`, "ForbiddenError");
    }
    return error(401, reason === "missing" ? "No authorization header" : "Invalid credentials", "UnauthorizedError");
  },
  notFound: (method, path) => error(404, `Route not found: ${method} ${path}`, "LangfuseNotFoundError"),
  badJson: () => invalidRequest([customIssue("Invalid JSON body")]),
  // A union (chat or text body) reports a failing field once per branch: one issue each.
  invalid: (issues) => invalidRequest([...new Map(issues.map(zodIssue).map((i) => [JSON.stringify(i), i])).values()]),
  faultError: (status) => {
    if (status === 429) return json(429, { message: "Rate limit exceeded", code: 429 });
    if (status >= 500)
      return error(status, status === 500 ? "Internal Server Error" : (STATUS_CODES[status] ?? `HTTP ${status}`), "InternalServerError");
    return error(status, STATUS_CODES[status] ?? `HTTP ${status}`, "BaseError");
  },
  internalError: (err) => error(500, "Internal Server Error", err instanceof Error ? err.message : String(err)),
};
