import { describe, expect, it } from "vitest";
import { backoffDelay, DEFAULT_RETRY, retryAfterMs } from "./retry.js";

describe("retryAfterMs", () => {
  const at = Date.parse("2026-11-22T10:00:00Z");
  it("reads seconds, fractional seconds, HTTP dates and retry-after-ms", () => {
    expect(retryAfterMs(new Headers({ "retry-after": "2" }), at)).toBe(2_000);
    expect(retryAfterMs(new Headers({ "retry-after": "0.25" }), at)).toBe(250);
    expect(retryAfterMs(new Headers({ "retry-after": "Sun, 22 Nov 2026 10:00:03 GMT" }), at)).toBe(3_000);
    expect(retryAfterMs(new Headers({ "retry-after-ms": "120.5", "retry-after": "9" }), at)).toBe(121);
  });
  it("treats a date in the past as 'now' and garbage as unknown", () => {
    expect(retryAfterMs(new Headers({ "retry-after": "Sun, 22 Nov 2026 09:00:00 GMT" }), at)).toBe(0);
    expect(retryAfterMs(new Headers({ "retry-after": "soon" }), at)).toBeUndefined();
    expect(retryAfterMs(new Headers({ "retry-after": "-3" }), at)).toBeUndefined();
    expect(retryAfterMs(new Headers(), at)).toBeUndefined();
  });
});

describe("backoffDelay", () => {
  it("is full jitter under an exponential ceiling capped at maxDelayMs", () => {
    expect(backoffDelay(0, DEFAULT_RETRY, () => 0.999)).toBe(249);
    expect(backoffDelay(1, DEFAULT_RETRY, () => 0.999)).toBe(499);
    expect(backoffDelay(10, DEFAULT_RETRY, () => 0.999)).toBe(4_995);
    expect(backoffDelay(3, DEFAULT_RETRY, () => 0)).toBe(0);
  });
});
