// Issue 11, finding 8: `listVersions` never plans work from an unchecked vendor number. The
// counts are validated, the requests per list are bounded (`maxListRequests`) and so is the
// number in flight at once (`listConcurrency`).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createPromptClient } from "../../client/create-client.js";
import { DEFAULT_LIST_CONCURRENCY, DEFAULT_MAX_LIST_REQUESTS } from "../../http/limits.js";
import { caught } from "../../test-support/emulator.js";
import { helicone } from "./index.js";
import versions from "./__fixtures__/v1-versions.json" with { type: "json" };

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** A Helicone stand-in whose first list is full (50 rows), answering each request after `delayMs`. */
async function serveHelicone(counts: unknown, delayMs: number) {
  const stats = { requests: 0, inFlight: 0, maxInFlight: 0 };
  const server = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk) => (text += chunk));
    req.on("end", () => {
      stats.requests++;
      stats.inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      const body = JSON.parse(text || "{}") as { majorVersion?: number };
      const data =
        req.url === "/v1/prompt-2025/query/total-versions"
          ? counts
          : Array.from({ length: body.majorVersion === undefined ? 50 : 2 }, (_, i) => ({
              ...versions.data[0]!,
              id: `v${body.majorVersion ?? "all"}-${i}`,
              major_version: body.majorVersion ?? 0,
              minor_version: i,
            }));
      setTimeout(() => {
        stats.inFlight--;
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ data, error: null }));
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, stats };
}

const client = (baseUrl: string, options: { maxListRequests?: number; listConcurrency?: number } = {}) =>
  createPromptClient({ vendors: [helicone({ apiKey: "sk-test-1234", baseUrl, ...options })], retry: false, cache: false });

describe("helicone listVersions limits", () => {
  it("documents its defaults", () => {
    expect(DEFAULT_MAX_LIST_REQUESTS).toBe(1_000);
    expect(DEFAULT_LIST_CONCURRENCY).toBe(8);
  });

  it.each([1e12, -3, 2.5, Number.MAX_SAFE_INTEGER])(
    "majorVersions %s is invalid_response, not a RangeError or a short list",
    async (majorVersions) => {
      const { baseUrl, stats } = await serveHelicone({ totalVersions: 60, majorVersions }, 0);
      const error = await caught(() => client(baseUrl).listVersions("helicone:p1"));
      expect(error.code).toBe("invalid_response");
      expect(stats.requests).toBeLessThanOrEqual(2);
    },
  );

  it("a count past maxListRequests fails naming the limit, before planning any request", async () => {
    const { baseUrl, stats } = await serveHelicone({ totalVersions: 6_000, majorVersions: 3_000 }, 0);
    const error = await caught(() => client(baseUrl).listVersions("helicone:p1"));
    expect(error.code).toBe("invalid_response");
    expect(error.message).toContain("maxListRequests");
    expect(error.message).toContain("1000");
    expect(stats.requests).toBe(2);
  });

  it("lists every major with at most 8 requests in flight", async () => {
    const { baseUrl, stats } = await serveHelicone({ totalVersions: 80, majorVersions: 39 }, 20);
    const list = await client(baseUrl).listVersions("helicone:p1");
    expect(stats.requests).toBe(2 + 40);
    expect(stats.maxInFlight).toBeLessThanOrEqual(8);
    expect(stats.maxInFlight).toBeGreaterThan(1);
    // The first page's rows are kept with the per-major ones.
    expect(list.length).toBe(50 + 40 * 2);
  });

  it("both limits are options of the vendor", async () => {
    const { baseUrl, stats } = await serveHelicone({ totalVersions: 80, majorVersions: 9 }, 20);
    const error = await caught(() => client(baseUrl, { maxListRequests: 5 }).listVersions("helicone:p1"));
    expect(error.message).toContain("maxListRequests (5)");
    expect(stats.requests).toBe(2);
    await client(baseUrl, { listConcurrency: 2 }).listVersions("helicone:p1");
    expect(stats.maxInFlight).toBeLessThanOrEqual(2);
  });
});
