// Error codes (invalid_ref, not_found, unauthorized, aborted, timeout, network, vendor_error,
// invalid_response) and API-key redaction, for each vendor on each target.
import { describe, expect, it } from "vitest";
import { PromptError, type PromptRef } from "@polyprompt/core";
import { SEED } from "@polyprompt/emulator";
import { VENDOR_PROFILES, VENDORS } from "./vendors.js";
import { itConforms } from "./known-issues.js";
import { forEachTarget, type Session, type VendorName } from "./targets.js";
import { caught, expectNoSecret, sleep } from "./support.js";

// Time bounds here are multiples of injected delays, never absolute: a busy machine may take
// seconds to answer, so clients that must not time out wait ANSWER_MS, and a slow response is
// SLOW_MS, far beyond SHORT_TIMEOUT_MS (the timeout meant to fire).
const ANSWER_MS = 60_000;
const SHORT_TIMEOUT_MS = 1_000;
const SLOW_MS = 30_000;

/** References no vendor accepts, for a vendor's prompt id `id`. */
function malformedRefs(vendor: VendorName, id: string): PromptRef[] {
  return [
    "",
    vendor,
    `${vendor}:`,
    `:${id}`,
    `${vendor.toUpperCase()}:${id}`,
    `${vendor}:${id}@`,
    `${vendor}:${id}#`,
    `${vendor}:${id}@1.2.3`,
    `${vendor}:${id}@1.`,
    `${vendor}:${id}@staging#abc`,
    `${vendor}:has space`,
    `${vendor}:${id}@bad env`,
    `${vendor} :${id}`,
    { vendor, promptId: "" },
    { vendor, promptId: id, environment: "staging", version: "1" },
    { vendor, promptId: id, version: "v1" },
    { vendor, promptId: id, versionId: "has space" },
    { vendor: "", promptId: id },
    null as unknown as PromptRef,
    42 as unknown as PromptRef,
  ];
}

forEachTarget((tc, session) => {
  const s = (): Session => session();

  describe("invalid references", () => {
    it("malformed references are invalid_ref, before any request, from get/render/listVersions/invalidate", async () => {
      const client = s().client();
      const before = s().upstream();
      for (const ref of malformedRefs(tc.vendor, s().promptId)) {
        for (const [op, run] of [
          ["get", () => client.get(ref)],
          ["render", () => client.render(ref, {})],
          ["listVersions", () => client.listVersions(ref)],
          ["invalidate", () => client.invalidate(ref)],
        ] as const) {
          const err = await caught(run);
          expect(err.code, `${op}(${JSON.stringify(ref)})`).toBe("invalid_ref");
          expect(err.retryable).toBe(false);
          expect(err.message.length).toBeGreaterThan(10);
        }
      }
      expect(s().upstream(), "no request was made").toBe(before);
    });

    it("selectors the vendor cannot express are invalid_ref before any request", async () => {
      const client = s().client();
      const before = s().upstream();
      for (const selector of VENDOR_PROFILES[tc.vendor].unexpressibleSelectors) {
        const err = await caught(() => client.get(s().ref(selector)));
        expect(err.code, selector).toBe("invalid_ref");
        expect(err.vendor).toBe(tc.vendor);
      }
      // listVersions takes a prompt, not a version.
      for (const ref of [s().ref("@latest"), s().ref("@staging"), s().ref(`#${s().versions[0]!.versionId}`)]) {
        expect((await caught(() => client.listVersions(ref))).code, `listVersions(${ref})`).toBe("invalid_ref");
      }
      expect(s().upstream()).toBe(before);
    });

    it("an unknown (or unregistered) vendor is invalid_ref naming the registered ones", async () => {
      const client = s().client();
      const before = s().upstream();
      // The other built-in vendors are known to the core but not registered in this client.
      const others = VENDORS.filter((name) => name !== tc.vendor).map((name) => `${name}:${s().promptId}`);
      for (const ref of [`nosuchvendor:${s().promptId}`, ...others, { vendor: "acme", promptId: s().promptId }] as PromptRef[]) {
        const err = await caught(() => client.get(ref));
        expect(err.code).toBe("invalid_ref");
        expect(err.message).toContain(`"${tc.vendor}"`);
        expect((await caught(() => client.render(ref))).code).toBe("invalid_ref");
        expect(
          (await caught(() => client.listVersions(typeof ref === "string" ? ref : { vendor: ref.vendor, promptId: ref.promptId }))).code,
        ).toBe("invalid_ref");
      }
      expect(s().upstream()).toBe(before);
    });
  });

  describe("not found", () => {
    it("a missing prompt, environment, version label or version id is not_found, and not retried", async () => {
      const client = s().client({ retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 } });
      const { missingVersionId, missingSelectors } = VENDOR_PROFILES[tc.vendor];
      const refs = [
        `${tc.vendor}:${s().missingPromptId}`,
        `${tc.vendor}:${s().missingPromptId}@latest`,
        `${tc.vendor}:${s().missingPromptId}@staging`,
        s().ref("@no-such-environment"),
        ...missingSelectors.map((selector) => s().ref(selector)),
        s().ref(`#${missingVersionId}`),
      ];
      for (const ref of refs) {
        const before = s().upstream();
        const err = await caught(() => client.get(ref));
        expect(err.code, ref).toBe("not_found");
        expect(err.vendor, ref).toBe(tc.vendor);
        expect(err.retryable, ref).toBe(false);
        expect(err.message, ref).toMatch(/not found|no version|has no|does not exist/i);
        const made = s().upstream() - before;
        expect(made, `${ref}: requests`).toBeGreaterThan(0);
        // A retried not_found would make at least 3 times the requests of one attempt.
        const again = s().upstream();
        await caught(() => client.get(ref));
        expect(s().upstream() - again, `${ref}: the same number of requests again (not cached, not retried)`).toBe(made);
        expect(made, `${ref}: not retried`).toBeLessThanOrEqual(2);
        expect((await caught(() => client.render(ref, {}))).code, `render(${ref})`).toBe("not_found");
      }
    });

    it("a version id of another prompt is not_found", async (ctx) => {
      if (!s().expected) return ctx.skip("needs a second known prompt (emulator)");
      const client = s().client();
      // A version id that exists, but belongs to a different prompt.
      const foreign = VENDOR_PROFILES[tc.vendor].foreignVersionId(SEED);
      const err = await caught(() => client.get(s().ref(`#${foreign}`)));
      expect(err.code).toBe("not_found");
    });
  });

  describe("credentials", () => {
    it.skipIf(tc.kind !== "emulator")("a wrong API key is unauthorized (401), not retried, and no key appears in the error", async () => {
      const wrong = Object.fromEntries(Object.keys(s().credentials).map((option) => [option, `${tc.vendor}-WRONG-${option}-4c1d9e`]));
      const client = s().client({ retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 } }, wrong);
      for (const [op, run] of [
        ["get", () => client.get(s().ref())],
        ["get @latest", () => client.get(s().ref("@latest"))],
        ["render", () => client.render(s().ref(), {})],
        ["listVersions", () => client.listVersions(s().ref())],
      ] as const) {
        const before = s().upstream();
        const err = await caught(run);
        expect(err.code, op).toBe("unauthorized");
        expect(err.status, op).toBe(401);
        expect(err.vendor, op).toBe(tc.vendor);
        expect(err.retryable, op).toBe(false);
        expect(s().upstream() - before, `${op}: one request, not retried`).toBe(1);
        expectNoSecret(err, [...Object.values(wrong), ...s().secrets]);
      }
    });

    it("an adapter without a key refuses to be created (unauthorized)", () => {
      const err = (() => {
        try {
          s().adapter(Object.fromEntries(Object.keys(s().credentials).map((option) => [option, ""])));
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(PromptError.is(err)).toBe(true);
      expect((err as PromptError).code).toBe("unauthorized");
    });
  });

  describe("abort", () => {
    it("a caller's abort rejects with aborted; another caller of the same request still gets it", async () => {
      const client = s().client();
      // Aborted while in flight (the request cannot have finished synchronously).
      const controller = new AbortController();
      const aborted = client.get(s().ref(), { signal: controller.signal });
      const sharing = client.get(s().ref());
      controller.abort();
      const err = await caught(() => aborted);
      expect(err.code).toBe("aborted");
      expect(err.vendor).toBe(tc.vendor);
      const version = await sharing;
      expect(version.source).toBe("network");
    });

    it("an already-aborted signal rejects with aborted from get, render and listVersions", async () => {
      const client = s().client();
      const done = new AbortController();
      done.abort();
      expect((await caught(() => client.get(s().ref("@latest"), { signal: done.signal }))).code).toBe("aborted");
      expect((await caught(() => client.render(s().ref("@latest"), {}, { signal: done.signal }))).code).toBe("aborted");
      expect((await caught(() => client.listVersions(s().ref(), { signal: done.signal }))).code).toBe("aborted");
    });

    itConforms(tc, "an already-aborted signal makes no upstream request", async () => {
      const client = s().client();
      const done = new AbortController();
      done.abort();
      const before = s().upstream();
      await caught(() => client.get(s().ref("@latest"), { signal: done.signal }));
      await caught(() => client.render(s().ref(), {}, { signal: done.signal }));
      await caught(() => client.listVersions(s().ref(), { signal: done.signal }));
      await sleep(30);
      expect(s().upstream() - before, "requests made for calls whose signal was already aborted").toBe(0);
    });

    it.skipIf(tc.kind !== "emulator")("an abort during a slow response rejects at once with aborted", async () => {
      const emu = s().emulator!;
      const fault = emu.faults.add({ match: { vendor: tc.vendor }, latencyMs: SLOW_MS });
      try {
        const client = s().client({ cache: false });
        const controller = new AbortController();
        const started = performance.now();
        setTimeout(() => controller.abort(), 30);
        const err = await caught(() => client.get(s().ref(), { signal: controller.signal }));
        expect(err.code).toBe("aborted");
        expect(performance.now() - started, "rejected well before the response").toBeLessThan(SLOW_MS / 2);
      } finally {
        fault.remove();
      }
    });
  });

  describe("transport failures (emulator faults)", () => {
    it.skipIf(tc.kind !== "emulator")("503, malformed JSON, HTML page, truncated body, reset and slowness map to their codes", async () => {
      const emu = s().emulator!;
      const cases = [
        { spec: { status: 503 }, code: "vendor_error", status: 503, retryable: true },
        { spec: { body: "malformed" as const }, code: "invalid_response" },
        { spec: { body: "html" as const, status: 502 }, code: "vendor_error", status: 502 },
        { spec: { body: "truncated" as const }, code: "network" },
        { spec: { reset: true }, code: "network" },
        { spec: { latencyMs: SLOW_MS }, code: "timeout" },
        { spec: { status: 429, headers: { "retry-after": "120" } }, code: "rate_limited", retryAfterMs: 120_000 },
      ];
      for (const c of cases) {
        const fault = emu.faults.add({ match: { vendor: tc.vendor }, ...c.spec });
        try {
          const client = s().client({ retry: false, timeoutMs: "latencyMs" in c.spec ? SHORT_TIMEOUT_MS : ANSWER_MS, cache: false });
          const err = await caught(() => client.get(s().ref()));
          const what = JSON.stringify(c.spec);
          expect(err.code, what).toBe(c.code);
          expect(err.vendor, what).toBe(tc.vendor);
          if (c.status !== undefined) expect(err.status, what).toBe(c.status);
          if (c.retryable !== undefined) expect(err.retryable, what).toBe(c.retryable);
          if (c.retryAfterMs !== undefined) expect(err.retryAfterMs, what).toBe(c.retryAfterMs);
          expectNoSecret(err, s().secrets);
        } finally {
          fault.remove();
        }
      }
    });

    it.skipIf(tc.kind !== "emulator")("a transient 503 is retried and then succeeds", async () => {
      const emu = s().emulator!;
      const fault = emu.faults.add({ match: { vendor: tc.vendor }, status: 503, times: 2 });
      try {
        const events: string[] = [];
        const client = s().client({ retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 }, onEvent: (e) => events.push(e.type) });
        const before = s().upstream();
        const v = await client.get(s().ref());
        expect(v.source).toBe("network");
        expect(s().upstream() - before).toBe(3);
        expect(events.filter((e) => e === "retry")).toHaveLength(2);
      } finally {
        fault.remove();
      }
    });
  });

  describe("secrets", () => {
    it("no error message, JSON, stack or cause contains the API key", async () => {
      const key = s().secrets.join(" ");
      const secrets = [...s().secrets, s().authorization];
      const errors: unknown[] = [];
      const client = s().client({ retry: false, timeoutMs: ANSWER_MS });
      errors.push(await caught(() => client.get(`${tc.vendor}:${s().missingPromptId}`)));
      errors.push(await caught(() => client.get(`${tc.vendor}:bad ref`)));
      const renderError = await client.render(s().ref(), {}).then(
        () => undefined,
        (e: unknown) => e,
      );
      if (renderError) errors.push(renderError);
      const aborted = new AbortController();
      aborted.abort();
      errors.push(await caught(() => client.get(s().ref("@latest"), { signal: aborted.signal })));
      // A transport that quotes the request (as some fetch polyfills and proxies do).
      const leaky = s().client({
        retry: false,
        fetch: async (request: Request) => {
          throw new TypeError(`fetch failed for ${request.url} with Authorization: ${request.headers.get("authorization")} (key ${key})`, {
            cause: new Error(`socket hang up; headers were ${JSON.stringify(Object.fromEntries(request.headers))}`),
          });
        },
      });
      const leak = await caught(() => leaky.get(s().ref()));
      expect(leak.code).toBe("network");
      errors.push(leak);
      const stringThrower = s().client({
        retry: false,
        fetch: async () => {
          throw `connection refused while sending ${s().authorization}`;
        },
      });
      errors.push(await caught(() => stringThrower.get(s().ref())));
      const echo = s().client({
        retry: false,
        fetch: async (request: Request) =>
          new Response(JSON.stringify({ message: `bad token ${request.headers.get("authorization")}`, error: `bad token ${key}` }), {
            status: 500,
            headers: { "content-type": "application/json" },
          }),
      });
      errors.push(await caught(() => echo.get(s().ref())));
      if (s().emulator) {
        for (const spec of [
          { status: 500 },
          { body: "malformed" as const },
          { body: "truncated" as const },
          { reset: true },
          { latencyMs: SLOW_MS },
        ]) {
          const fault = s().emulator!.faults.add({ match: { vendor: tc.vendor }, ...spec });
          try {
            const timeoutMs = "latencyMs" in spec ? SHORT_TIMEOUT_MS : ANSWER_MS;
            errors.push(await caught(() => s().client({ retry: false, timeoutMs, cache: false }).get(s().ref())));
          } finally {
            fault.remove();
          }
        }
      }
      for (const err of errors) {
        expect(PromptError.is(err), String(err)).toBe(true);
        expect(err).toBeInstanceOf(Error);
        expect((err as PromptError).name).toBe("PromptError");
        expect(Object.keys((err as PromptError).toJSON())).toEqual(
          expect.arrayContaining(["name", "code", "message", "vendor", "operation", "retryable"]),
        );
        expectNoSecret(err, secrets);
      }
    });
  });
});
