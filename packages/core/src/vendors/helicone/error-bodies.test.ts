// Error bodies Helicone's spec does not model (specs/helicone/SOURCE.md §8–9), each read
// through the vendor's error dialect, with a fixture per shape.
import { afterEach, describe, expect, it } from "vitest";
import { createPromptClient } from "../../client/create-client.js";
import { caught } from "../../test-support/emulator.js";
import { serveFixtures } from "../../test-support/fixture-server.js";
import { helicone } from "./index.js";
import auth401 from "./__fixtures__/error-401-auth.json" with { type: "json" };
import null401 from "./__fixtures__/error-401-null.json" with { type: "json" };
import tsoa422 from "./__fixtures__/error-422-tsoa.json" with { type: "json" };
import notFound500 from "./__fixtures__/error-not-found-500.json" with { type: "json" };

let server: Awaited<ReturnType<typeof serveFixtures>> | undefined;
afterEach(() => server?.close());

const ROUTE = "POST /v2/prompt-2025/query/production-version";

async function errorFor(status: number, body: unknown, headers?: Record<string, string>) {
  server = await serveFixtures({ [ROUTE]: { status, body, ...(headers ? { headers } : {}) } });
  const prompts = createPromptClient({ vendors: [helicone({ apiKey: "sk-test-1234", baseUrl: server.baseUrl })], retry: false });
  return caught(() => prompts.get("helicone:p1"));
}

describe("helicone error bodies", () => {
  it("the auth middleware's { error, trace } outside the envelope is unauthorized with its message", async () => {
    const error = await errorFor(401, auth401);
    expect(error).toMatchObject({ code: "unauthorized", status: 401 });
    expect(error.message).toContain("Invalid API key");
  });

  it("{ error: null } on a 401 falls back to the status", async () => {
    const error = await errorFor(401, null401);
    expect(error).toMatchObject({ code: "unauthorized", status: 401 });
    expect(error.message).toContain("HTTP 401");
  });

  it("tsoa's validation failure { message, fields } keeps its message", async () => {
    const error = await errorFor(422, tsoa422);
    expect(error).toMatchObject({ code: "vendor_error", status: 422 });
    expect(error.message).toContain("Validation failed");
  });

  it('the middleware\'s plain-text 400 "Invalid token." is read as text', async () => {
    const error = await errorFor(400, "Invalid token.", { "content-type": "text/plain" });
    expect(error).toMatchObject({ code: "vendor_error", status: 400 });
    expect(error.message).toContain("Invalid token.");
  });

  it("an envelope error on a 200 is a failure all the same", async () => {
    const error = await errorFor(200, notFound500);
    expect(error.code).toBe("not_found");
  });
});
