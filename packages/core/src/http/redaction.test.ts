// Issue 11, finding 5: no string a PromptError carries (message, requestId, cause chain)
// contains the API key, in any form the key can take on the wire.
import { afterEach, describe, expect, it } from "vitest";
import { createPromptClient } from "../client/create-client.js";
import { PromptError } from "../errors/prompt-error.js";
import { caught } from "../test-support/emulator.js";
import { serveFixtures } from "../test-support/fixture-server.js";
import { helicone } from "../vendors/helicone/index.js";
import { tela } from "../vendors/tela/index.js";
import { basicAuthSecrets, createVendorHttp, type RequestRuntime } from "./request.js";

let server: Awaited<ReturnType<typeof serveFixtures>> | undefined;
afterEach(() => server?.close());

/** Every string reachable from an error: its fields, JSON form and the whole cause chain. */
function everyString(error: unknown, depth = 0): string {
  if (depth > 5 || error === undefined || error === null) return "";
  if (typeof error !== "object") return String(error);
  const e = error as Error & Record<string, unknown>;
  return [e.message, e.stack, e.requestId, JSON.stringify(e), everyString(e.cause, depth + 1)].join("\n");
}

const KEY = "vendor-SECRET-key-9a8b7c";
const echo = (req: { authorization: string | undefined }) => ({
  status: 429,
  headers: { "x-request-id": `echo ${req.authorization}`, "retry-after": "3600" },
  body: { message: `rejected ${req.authorization}`, error: `rejected ${req.authorization}` },
});

const vendors = {
  helicone: {
    make: (apiKey: string, baseUrl: string) => helicone({ apiKey, baseUrl }),
    ref: "helicone:p1",
    route: "POST /v2/prompt-2025/query/production-version",
  },
  tela: { make: (apiKey: string, baseUrl: string) => tela({ apiKey, baseUrl }), ref: "tela:p1", route: "GET /prompt/p1/promoted-version" },
};

describe.each(Object.entries(vendors))("%s redaction", (_name, vendor) => {
  it("redacts a key echoed into requestId and the message, through the cause chain", async () => {
    server = await serveFixtures({ [vendor.route]: echo });
    const prompts = createPromptClient({
      vendors: [vendor.make(KEY, server.baseUrl)],
      retry: { retries: 1, minDelayMs: 1, maxDelayMs: 10 },
    });
    const error = await caught(() => prompts.get(vendor.ref));
    expect(error.code).toBe("rate_limited");
    expect(error.requestId).toContain("[redacted]");
    expect(everyString(error)).not.toContain(KEY);
  });

  it("trims a key read with surrounding whitespace, then redacts it", async () => {
    server = await serveFixtures({ [vendor.route]: echo });
    const prompts = createPromptClient({ vendors: [vendor.make(`  ${KEY}\n`, server.baseUrl)], retry: false });
    const error = await caught(() => prompts.get(vendor.ref));
    expect(server.seen[0]!.authorization).toBe(`Bearer ${KEY}`);
    expect(everyString(error)).not.toContain(KEY);
  });

  it("a key that is only whitespace is a configuration error", () => {
    expect(() => vendor.make(" \n", "http://127.0.0.1:1")).toThrow(PromptError);
  });
});

describe("redaction forms", () => {
  const runtime: RequestRuntime = { fetch: globalThis.fetch, timeoutMs: 5_000, retry: { retries: 0, minDelayMs: 1, maxDelayMs: 1 } };

  it("redacts the Basic form (base64 of user:password) and the Bearer form", async () => {
    const basic = btoa("pk-lf-user:sk-lf-pass-1234");
    const http = createVendorHttp("acme", basicAuthSecrets("pk-lf-user", "sk-lf-pass-1234"));
    const error = await caught(() =>
      http.call(
        runtime,
        "getThing",
        async () => {
          throw new Error(`boom Basic ${basic} and sk-lf-pass-1234`, { cause: new Error(`inner ${basic}`) });
        },
        () => undefined,
      ),
    );
    const text = everyString(error);
    expect(text).not.toContain(basic);
    expect(text).not.toContain("sk-lf-pass-1234");
  });

  it("redacts a key given with whitespace in every form", () => {
    const http = createVendorHttp("acme", [` ${KEY}\n`]);
    const error = http.fail("getThing", { message: `Authorization: Bearer ${KEY}` });
    expect(error.message).not.toContain(KEY);
  });
});
