import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SEED, startEmulator, type Emulator, type FaultSpec } from "./index.js";
import { helicone, tela } from "./__fixtures__/harness.js";
import { wildcardMatch } from "./faults.js";

const PROD = "/v1/prompt-2025/query/production-version";
let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

/** A raw Helicone production-version request, so each test can look at the Response itself. */
const production = (e: Emulator = emu) =>
  fetch(`${e.urlFor("helicone")}${PROD}`, {
    method: "POST",
    headers: { authorization: `Bearer ${e.apiKeys.helicone}`, "content-type": "application/json" },
    body: JSON.stringify({ promptId: SEED.helicone.supportAgent.promptId }),
  });
const promoted = (e: Emulator = emu) =>
  fetch(`${e.urlFor("tela")}/prompt/${SEED.tela.docAnalysis.promptId}/promoted-version`, {
    headers: { authorization: `Bearer ${e.apiKeys.tela}` },
  });

describe("fault kinds", () => {
  it("latencyMs alone delays, then serves normally", async () => {
    emu.faults.add({ match: { path: PROD }, latencyMs: 150 });
    const started = performance.now();
    const res = await production();
    const elapsed = performance.now() - started;
    expect(res.status).toBe(200);
    expect((await res.json()).data.id).toBe(SEED.helicone.supportAgent.versions["1.1"]);
    expect(elapsed).toBeGreaterThanOrEqual(145);
    // Served once, not held twice: a generous multiple of the injected delay, whatever the machine's load.
    expect(elapsed).toBeLessThan(150 * 20);
  });

  it("status answers a vendor-shaped error with the given headers", async () => {
    emu.faults.add({ status: 503, headers: { "retry-after": "2" } });
    const h = await production();
    expect(h.status).toBe(503);
    expect(h.headers.get("retry-after")).toBe("2");
    expect(await h.json()).toEqual({ data: null, error: "Service Unavailable" });
    const t = await promoted();
    expect(t.status).toBe(503);
    expect(t.headers.get("retry-after")).toBe("2");
    expect(await t.json()).toEqual({ message: "Service Unavailable", status: 503 });
  });

  it("latency and status combine", async () => {
    emu.faults.add({ latencyMs: 80, status: 429, headers: { "retry-after": "1" } });
    const started = performance.now();
    const res = await promoted();
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    expect(res.status).toBe(429);
    expect(await res.json()).toEqual({ message: "Too Many Requests", status: 429 });
  });

  it("reset destroys the socket: fetch rejects", async () => {
    emu.faults.add({ reset: true });
    await expect(production()).rejects.toThrow();
    await expect(promoted()).rejects.toThrow();
  });

  it("malformed sends broken JSON with a JSON content type: parsing fails", async () => {
    emu.faults.add({ body: "malformed" });
    const res = await production();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    await expect(res.json()).rejects.toThrow(SyntaxError);
    emu.faults.clear();
    emu.faults.add({ body: "malformed", status: 500 });
    expect((await production()).status).toBe(500);
  });

  it("truncated promises more bytes than it sends, then drops the connection: reading the body fails", async () => {
    emu.faults.add({ body: "truncated" });
    const res = await production();
    expect(res.status).toBe(200);
    expect(Number(res.headers.get("content-length"))).toBeGreaterThan(0);
    await expect(res.text()).rejects.toThrow();
  });

  it("truncated still runs the request (the write happened, the answer was lost)", async () => {
    emu.faults.add({ match: { path: "/prompt-version" }, body: "truncated", times: 1 });
    const t = tela(emu);
    const res = await fetch(`${emu.urlFor("tela")}/prompt-version`, {
      method: "POST",
      headers: { authorization: `Bearer ${emu.apiKeys.tela}`, "content-type": "application/json" },
      body: JSON.stringify({
        promptId: SEED.tela.scratchpad.promptId,
        title: "v2",
        configuration: { model: "m", type: "chat" },
        variables: [],
      }),
    });
    await expect(res.json()).rejects.toThrow();
    expect((await t.get(`/prompt-version?promptId=${SEED.tela.scratchpad.promptId}`)).json).toHaveLength(2);
  });

  it("html sends an nginx 502 page", async () => {
    emu.faults.add({ body: "html" });
    const res = await promoted();
    expect(res.status).toBe(502);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const text = await res.text();
    expect(text).toContain("<title>502 Bad Gateway</title>");
    expect(text).toContain("<center>nginx</center>");
  });

  it("empty sends no body with a JSON content type", async () => {
    emu.faults.add({ body: "empty", status: 200 });
    const res = await production();
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
  });
});

describe("matching, times, probability", () => {
  it("matches vendor, method and wildcard path", async () => {
    emu.faults.add({ match: { vendor: "tela", method: "get", path: "/prompt/*/promoted-version" }, status: 500 });
    expect((await promoted()).status).toBe(500);
    expect((await production()).status).toBe(200);
    expect((await tela(emu).get(`/prompt/${SEED.tela.docAnalysis.promptId}/latest-version`)).status).toBe(200);
    expect(wildcardMatch("/v1/*", "/v1/prompt-2025/query")).toBe(true);
    expect(wildcardMatch("/v1/prompt-2025/query", "/v1/prompt-2025/query/version")).toBe(false);
    expect(wildcardMatch("/prompt(x)?", "/prompt(x)?")).toBe(true);
  });

  it("applies a fault at most `times` times, then removes it", async () => {
    const handle = emu.faults.add({ status: 500, times: 2 });
    expect(emu.faults.list()).toEqual([{ id: handle.id, spec: { status: 500, times: 2 }, applied: 0, remaining: 2 }]);
    expect((await production()).status).toBe(500);
    expect(emu.faults.list()[0]).toMatchObject({ applied: 1, remaining: 1 });
    expect((await production()).status).toBe(500);
    expect((await production()).status).toBe(200);
    expect(handle.applied).toBe(2);
    expect(emu.faults.list()).toEqual([]);
  });

  it("tries faults in order, one per request; handle.remove() and clear() stop them", async () => {
    const first = emu.faults.add({ match: { vendor: "helicone" }, status: 503 });
    emu.faults.add({ status: 500 });
    expect((await production()).status).toBe(503);
    expect((await promoted()).status).toBe(500);
    first.remove();
    expect((await production()).status).toBe(500);
    emu.faults.clear();
    expect((await production()).status).toBe(200);
  });

  it("probability draws are deterministic under the seed", async () => {
    const pattern = async (seed: number) => {
      const e = await startEmulator({ seed });
      try {
        e.faults.add({ status: 500, probability: 0.5 });
        const out: number[] = [];
        for (let i = 0; i < 40; i++) out.push((await promoted(e)).status);
        return out.map((s) => (s === 500 ? "x" : ".")).join("");
      } finally {
        await e.close();
      }
    };
    const [a, b, c] = await Promise.all([pattern(42), pattern(42), pattern(43)]);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    const failures = a.split("").filter((ch) => ch === "x").length;
    expect(failures).toBeGreaterThan(8);
    expect(failures).toBeLessThan(32);
  });

  it("rejects invalid specs", () => {
    for (const spec of [
      { probability: 2 },
      { status: 42 },
      { body: "weird" },
      { match: { vendor: "acme" } },
      { times: 0 },
      { nope: true },
    ]) {
      expect(() => emu.faults.add(spec as FaultSpec), JSON.stringify(spec)).toThrow(/Invalid fault spec/);
    }
  });
});

describe("request log", () => {
  it("counts every vendor request, faulted ones included, by vendor, method, path and route", async () => {
    emu.faults.add({ match: { vendor: "tela" }, reset: true, times: 1 });
    await expect(promoted()).rejects.toThrow();
    await promoted();
    await production();
    await helicone(emu).get("/v1/prompt-2025/tags", { key: null });
    expect(emu.requests.total()).toBe(4);
    expect(emu.requests.total({ vendor: "tela" })).toBe(2);
    expect(emu.requests.total({ method: "post" })).toBe(1);
    expect(emu.requests.total({ path: "/prompt/*" })).toBe(2);
    expect(emu.requests.byRoute()).toEqual({
      "tela GET /prompt/{id}/promoted-version": 2,
      "helicone POST /v1/prompt-2025/query/production-version": 1,
      "helicone GET /v1/prompt-2025/tags": 1,
    });
    expect(emu.requests.recent()[0]).toMatchObject({ vendor: "tela", fault: expect.stringMatching(/^fault-/) });
    emu.requests.reset();
    expect(emu.requests.total()).toBe(0);
  });
});

describe("admin routes", () => {
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${emu.url}/__admin${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
    });

  it("adds, lists and clears faults with the same JSON spec", async () => {
    const added = await admin("POST", "/faults", { match: { vendor: "helicone" }, status: 502, times: 1 });
    expect(added.status).toBe(201);
    const { id } = await added.json();
    expect((await (await admin("GET", "/faults")).json())[0]).toMatchObject({ id, remaining: 1 });
    expect((await production()).status).toBe(502);
    expect((await production()).status).toBe(200);

    expect((await admin("POST", "/faults", { status: "x" })).status).toBe(400);
    await admin("POST", "/faults", { status: 500 });
    expect((await admin("DELETE", "/faults")).status).toBe(200);
    expect((await production()).status).toBe(200);
  });

  it("reports requests and state, and reseeds", async () => {
    await production();
    const requests = await (await admin("GET", "/requests")).json();
    expect(requests.total).toBe(1);
    await helicone(emu).post("/v1/prompt-2025", { name: "temp", tags: [], promptBody: {} });
    expect((await (await admin("GET", "/state")).json()).helicone.prompts).toHaveLength(5);
    expect((await admin("POST", "/reset")).status).toBe(200);
    expect((await (await admin("GET", "/state")).json()).helicone.prompts).toHaveLength(4);
    expect(emu.requests.total()).toBe(0);
    expect((await admin("GET", "/nope")).status).toBe(404);
  });
});
