import type { AuthProblem } from "./auth.js";
import type { Reply } from "./http.js";
import type { SchemaIssue } from "./specs.js";

/** How one vendor words the failures every vendor has: its error bodies and statuses. */
export interface VendorDialect {
  /** No credentials, wrong ones, or ones without access to the route (`forbidden`, usually a 403). */
  unauthorized(reason: AuthProblem, request: { method: string; path: string }): Reply;
  /** An unknown route. */
  notFound(method: string, path: string): Reply;
  /** The body is not JSON. */
  badJson(): Reply;
  /** Request validation against our spec failed. */
  invalid(issues: SchemaIssue[]): Reply;
  /** A fault's `status` answer. */
  faultError(status: number): Reply;
  /** A handler threw, or the state could not be saved. */
  internalError(error: unknown): Reply;
}
