import { STATUS_CODES } from "node:http";
import { json, type Reply, type SchemaIssue, type VendorDialect } from "../../vendor-kit.js";

// Tela's prompt ("canvas") and prompt-version API (notes §2–§3): camelCase JSON, errors as
// `{message, status, code?, details?}` (the JS SDK picks its error class from the body's `status`).

/** Tela's error body. */
export const error = (status: number, message: string, extra?: { code?: string; details?: Record<string, unknown> }): Reply =>
  json(status, { message, status, ...extra });

export const dialect: VendorDialect = {
  unauthorized: () => error(401, "Unauthorized"),
  notFound: (method, path) => error(404, `Cannot ${method} ${path}`),
  badJson: () => error(400, "Invalid JSON body", { code: "BAD_REQUEST" }),
  invalid: (issues) =>
    error(400, telaMessage(issues), {
      code: "BAD_REQUEST",
      details: { errors: issues.map((i) => ({ in: i.in, path: i.path || "/", message: i.message })) },
    }),
  faultError: (status) => error(status, STATUS_CODES[status] ?? `HTTP ${status}`),
  internalError: () => error(500, "Internal server error"),
};

function telaMessage(issues: SchemaIssue[]): string {
  if (issues.some((i) => i.in === "body" && i.path.startsWith("/messages") && (i.keyword === "maxItems" || i.keyword === "minItems"))) {
    return "messages must contain exactly one system message";
  }
  const first = issues[0];
  if (!first) return "Invalid request";
  if (first.keyword === "required")
    return `${first.in === "query" ? "query" : "body"} must have required property '${String(first.params.missingProperty)}'`;
  return `${first.in}${first.path.replace(/\//g, ".")} ${first.message}`;
}
