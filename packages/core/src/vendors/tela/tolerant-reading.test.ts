// Issue 9: what Tela does not document is read tolerantly (specs/tela/SOURCE.md §2, §4, §11).
// Every plausible shape has a fixture, served over a loopback server.
import { afterEach, describe, expect, it } from "vitest";
import { createPromptClient } from "../../client/create-client.js";
import { caught } from "../../test-support/emulator.js";
import { serveFixtures, type Routes } from "../../test-support/fixture-server.js";
import { tela } from "./index.js";
import byIdWithoutIndex from "./__fixtures__/by-id-without-index.json" with { type: "json" };
import errorMessage from "./__fixtures__/error-message.json" with { type: "json" };
import errorString from "./__fixtures__/error-string.json" with { type: "json" };
import errorWrapped from "./__fixtures__/error-wrapped.json" with { type: "json" };
import historyBareArray from "./__fixtures__/history-bare-array.json" with { type: "json" };
import historyDataOnly from "./__fixtures__/history-data-only.json" with { type: "json" };
import historyFlat from "./__fixtures__/history-flat.json" with { type: "json" };
import historyMeta from "./__fixtures__/history-meta.json" with { type: "json" };
import messageNull from "./__fixtures__/message-null.json" with { type: "json" };

let server: Awaited<ReturnType<typeof serveFixtures>> | undefined;
afterEach(() => server?.close());

async function clientWith(routes: Routes) {
  server = await serveFixtures(routes);
  return createPromptClient({ vendors: [tela({ apiKey: "tela-test", baseUrl: server.baseUrl })], retry: false, cache: false });
}

const historyRequests = () => server!.seen.filter((r) => r.path === "/prompt-version/history");

const envelopes = {
  "{ data, meta: { total, limit, offset } }": historyMeta,
  "{ data, total, limit, offset }": historyFlat,
  "{ data } without paging fields": historyDataOnly,
  "a bare array": historyBareArray,
};

describe.each(Object.entries(envelopes))("tela history as %s", (_shape, page) => {
  it("lists every version in one request", async () => {
    const prompts = await clientWith({ "GET /prompt-version/history": { body: page } });
    const labels = (await prompts.listVersions("tela:prompt_uuid")).map((v) => `${v.version}:${v.environments.join("+")}`);
    expect(labels).toEqual(["3:staging", "2:production", "1:"]);
    expect(historyRequests()).toHaveLength(1);
  });

  it("completes a version fetched by id whose route omits versionIndex and environments", async () => {
    const prompts = await clientWith({
      "GET /prompt-version/history": { body: page },
      "GET /prompt-version/v2": { body: byIdWithoutIndex },
    });
    const version = await prompts.get("tela:prompt_uuid#v2");
    expect(version).toMatchObject({ versionId: "v2", version: "2", environments: ["production"] });
  });

  it("resolves an environment through it", async () => {
    const prompts = await clientWith({
      "GET /prompt-version/history": { body: page },
      "GET /prompt-version/v3": { body: { ...byIdWithoutIndex, id: "v3" } },
    });
    expect(await prompts.get("tela:prompt_uuid@staging")).toMatchObject({ versionId: "v3", version: "3" });
  });
});

/** `count` (250) history items, served in the given envelope; `honourOffset: false` answers the whole list every time. */
function pagedHistory(
  shape: "meta" | "flat" | "data" | "array",
  options: { total?: number; serverLimit?: number; honourOffset?: boolean; count?: number } = {},
) {
  const count = options.count ?? 250;
  const items = Array.from({ length: count }, (_, i) => ({ id: `v${count - i}`, promptId: "prompt_uuid", versionIndex: count - i }));
  return (req: { query: URLSearchParams }) => {
    const limit = Math.min(Number(req.query.get("limit")), options.serverLimit ?? Infinity);
    const offset = Number(req.query.get("offset"));
    // A server that ignores paging answers the whole list every time.
    const data = options.honourOffset === false ? items : items.slice(offset, offset + limit);
    const total = options.total ?? count;
    const body =
      shape === "meta"
        ? { data, meta: { total, limit, offset } }
        : shape === "flat"
          ? { data, total, limit, offset }
          : shape === "data"
            ? { data }
            : data;
    return { body };
  };
}

describe("tela history paging", () => {
  it.each(["meta", "flat", "data", "array"] as const)("follows every page of a %s envelope and ends on the short page", async (shape) => {
    const prompts = await clientWith({ "GET /prompt-version/history": pagedHistory(shape) });
    expect(await prompts.listVersions("tela:prompt_uuid")).toHaveLength(250);
    expect(historyRequests().map((r) => r.query.get("offset"))).toEqual(["0", "100", "200"]);
  });

  it("ends on an empty page when the last full page gave no total", async () => {
    const prompts = await clientWith({ "GET /prompt-version/history": pagedHistory("data", { count: 200 }) });
    expect(await prompts.listVersions("tela:prompt_uuid")).toHaveLength(200);
    expect(historyRequests().map((r) => r.query.get("offset"))).toEqual(["0", "100", "200"]);
  });

  it("uses total when present: stops once every item is read", async () => {
    const prompts = await clientWith({ "GET /prompt-version/history": pagedHistory("meta", { count: 200 }) });
    expect(await prompts.listVersions("tela:prompt_uuid")).toHaveLength(200);
    expect(historyRequests()).toHaveLength(2);
  });

  it("a wrong total does not end paging early: the short page does", async () => {
    const prompts = await clientWith({ "GET /prompt-version/history": pagedHistory("flat", { total: 1_000 }) });
    expect(await prompts.listVersions("tela:prompt_uuid")).toHaveLength(250);
  });

  it("keeps paging when the server caps the page below what was asked (its limit says so)", async () => {
    const prompts = await clientWith({ "GET /prompt-version/history": pagedHistory("flat", { serverLimit: 20, count: 50 }) });
    expect(await prompts.listVersions("tela:prompt_uuid")).toHaveLength(50);
    expect(historyRequests().map((r) => r.query.get("offset"))).toEqual(["0", "20", "40"]);
  });

  it("stops when a server ignoring offset repeats itself, without duplicates", async () => {
    const prompts = await clientWith({ "GET /prompt-version/history": pagedHistory("array", { honourOffset: false, count: 150 }) });
    const list = await prompts.listVersions("tela:prompt_uuid");
    expect(list).toHaveLength(150);
    expect(new Set(list.map((v) => v.versionId)).size).toBe(150);
    expect(historyRequests().length).toBeLessThanOrEqual(2);
  });

  it("still validates what it reads: an item without versionIndex is invalid_response, naming the path", async () => {
    const prompts = await clientWith({
      "GET /prompt-version/history": { body: { data: [{ id: "v1", promptId: "prompt_uuid" }], total: 1 } },
    });
    const error = await caught(() => prompts.listVersions("tela:prompt_uuid"));
    expect(error.code).toBe("invalid_response");
    expect(error.message).toContain("versionIndex");
  });

  it("a negative total is invalid_response", async () => {
    const prompts = await clientWith({ "GET /prompt-version/history": { body: { data: [], meta: { total: -1 } } } });
    expect((await caught(() => prompts.listVersions("tela:prompt_uuid"))).code).toBe("invalid_response");
  });

  it("never pages past maxListRequests, and says so", async () => {
    server = await serveFixtures({ "GET /prompt-version/history": pagedHistory("data", { count: 1_000 }) });
    const prompts = createPromptClient({
      vendors: [tela({ apiKey: "tela-test", baseUrl: server.baseUrl, maxListRequests: 3 })],
      retry: false,
    });
    const error = await caught(() => prompts.listVersions("tela:prompt_uuid"));
    expect(error.code).toBe("invalid_response");
    expect(error.message).toContain("maxListRequests (3)");
    expect(historyRequests()).toHaveLength(3);
  });
});

describe("tela unverified payload fields", () => {
  it("reads `message: null` as no message (SOURCE.md §11)", async () => {
    const prompts = await clientWith({ "GET /prompt/prompt_uuid/promoted-version": { body: messageNull } });
    const version = await prompts.get("tela:prompt_uuid");
    expect(version.messages).toEqual([{ role: "system", content: "Analyze the following document and answer the question." }]);
  });

  it.each([
    ["{ message, status, code, details }", errorMessage],
    ["{ error: { message } }", errorWrapped],
    ["{ error: string }", errorString],
  ])("reads an error body shaped %s (SOURCE.md §4)", async (_shape, body) => {
    const prompts = await clientWith({ "GET /prompt/prompt_uuid/promoted-version": { status: 404, body } });
    const error = await caught(() => prompts.get("tela:prompt_uuid"));
    expect(error).toMatchObject({ code: "not_found", status: 404 });
    expect(error.message).toContain("Prompt not found");
  });

  it("reads a plain-text error from a proxy, clipped", async () => {
    const prompts = await clientWith({
      "GET /prompt/prompt_uuid/promoted-version": {
        status: 502,
        body: `Bad gateway ${"x".repeat(500)}`,
        headers: { "content-type": "text/plain" },
      },
    });
    const error = await caught(() => prompts.get("tela:prompt_uuid"));
    expect(error).toMatchObject({ code: "vendor_error", status: 502 });
    expect(error.message).toContain("Bad gateway");
    expect(error.message.length).toBeLessThan(400);
  });
});
