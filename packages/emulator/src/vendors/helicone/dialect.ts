import { STATUS_CODES } from "node:http";
import { json, type Reply, type SchemaIssue, type VendorDialect } from "../../vendor-kit.js";

// Helicone "Prompts 2025" as jawn serves it (notes §1): the `{data, error}` envelope everywhere,
// 201 on create, 500 for most failures (not-found included), 404 in three places.

/** jawn's `{data, error}` envelope around a success. */
export const ok = (data: unknown, status = 200): Reply => json(status, { data, error: null });
/** jawn's envelope around a failure: most failures, not-found included, are 500s. */
export const fail = (error: string, status = 500): Reply => json(status, { data: null, error });

export const dialect: VendorDialect = {
  // jawn's auth middleware answers before the controller: `{error}` without the envelope's
  // `data`, plus a `trace` when a key was sent and rejected.
  unauthorized: (reason) =>
    json(401, reason === "missing" ? { error: "No authorization header" } : { error: "Unauthorized", trace: "isAuthenticated.error" }),
  // Express's default 404 page.
  notFound: (method, path) => ({
    status: 404,
    raw: `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot ${method} ${escapeHtml(path)}</pre>\n</body>\n</html>\n`,
    contentType: "text/html; charset=utf-8",
  }),
  badJson: () => json(400, { message: "Validation failed", details: { requestBody: { message: "invalid JSON body" } } }),
  invalid: (issues) => json(400, { message: "Validation failed", details: tsoaDetails(issues) }),
  faultError: (status) => json(status, { data: null, error: STATUS_CODES[status] ?? `HTTP ${status}` }),
  internalError: (error) => fail(error instanceof Error ? error.message : String(error)),
};

/** tsoa's field-error map: `{ "requestBody.promptId": { message: "'promptId' is required" } }`. */
function tsoaDetails(issues: SchemaIssue[]): Record<string, { message: string; value?: unknown }> {
  const details: Record<string, { message: string; value?: unknown }> = {};
  for (const issue of issues) {
    const base = issue.in === "body" ? `requestBody${issue.path.replace(/\//g, ".")}` : issue.path.replace(/^\//, "");
    const p = issue.params;
    if (issue.keyword === "required") {
      const name = String(p.missingProperty);
      details[issue.in === "body" ? `${base}.${name}` : name] = { message: `'${name}' is required` };
    } else if (issue.keyword === "additionalProperties") {
      details[base] = {
        message: `"${String(p.additionalProperty)}" is an excess property and therefore is not allowed`,
        value: p.additionalProperty,
      };
    } else if (issue.keyword === "type") {
      const type = String(p.type);
      const message =
        {
          string: "invalid string value",
          number: "invalid float number",
          integer: "invalid integer number",
          boolean: "invalid boolean value",
          array: "invalid array",
          object: "invalid object",
        }[type] ?? `invalid ${type}`;
      details[base || "requestBody"] = { message };
    } else {
      details[base || "requestBody"] = { message: issue.message };
    }
  }
  return details;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
