export { createVendorHttp, codeForStatus } from "./request.js";
export type { ApiResult, FailureDetails, FetchLike, RequestRuntime, VendorHttp } from "./request.js";
export { backoffDelay, DEFAULT_RETRY, retryAfterMs } from "./retry.js";
export type { RetryOptions } from "./retry.js";
export * as shape from "./shape.js";
export type { Shape, ShapeResult } from "./shape.js";
