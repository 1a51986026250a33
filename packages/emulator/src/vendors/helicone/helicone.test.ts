import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EMULATOR_KEYS, SEED, startEmulator, type Emulator } from "../../index.js";
import { Presigner } from "./s3.js";
import { call, helicone } from "../../__fixtures__/harness.js";

const S = SEED.helicone.supportAgent;
let emu: Emulator;
let h: ReturnType<typeof helicone>;

beforeAll(async () => {
  emu = await startEmulator();
  h = helicone(emu);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const version = async (id: string) => (await h.post("/v1/prompt-2025/query/version", { promptVersionId: id })).json.data;
const numbers = async (promptId: string) =>
  ((await h.post("/v1/prompt-2025/query/versions", { promptId })).json.data as { major_version: number; minor_version: number }[]).map(
    (v) => `${v.major_version}.${v.minor_version}`,
  );
const update = (body: Record<string, unknown>) =>
  h.post("/v1/prompt-2025/update", {
    promptId: S.promptId,
    commitMessage: "change",
    promptBody: { model: "gpt-4o", messages: [] },
    ...body,
  });

describe("auth", () => {
  it("answers 401 without a key or with a wrong one, as jawn's middleware does (no envelope `data`)", async () => {
    const missing = await h.get("/v1/prompt-2025/tags", { key: null });
    expect(missing.status).toBe(401);
    expect(missing.json).toEqual({ error: "No authorization header" });
    const wrong = await h.get("/v1/prompt-2025/tags", { key: EMULATOR_KEYS.tela });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual({ error: "Unauthorized", trace: "isAuthenticated.error" });
    const malformed = await call(emu, "helicone", "GET", "/v1/prompt-2025/tags", { key: "" });
    expect(malformed.status).toBe(401);
  });

  it("accepts every configured key", async () => {
    const multi = await startEmulator({ apiKeys: { helicone: ["sk-a", "sk-b"] } });
    try {
      expect(multi.apiKeys.helicone).toBe("sk-a");
      for (const key of ["sk-a", "sk-b"]) expect((await helicone(multi).get("/v1/prompt-2025/tags", { key })).status).toBe(200);
      expect((await helicone(multi).get("/v1/prompt-2025/tags", { key: EMULATOR_KEYS.helicone })).status).toBe(401);
    } finally {
      await multi.close();
    }
  });
});

describe("create and version numbering", () => {
  it("creates 0.0 in production with the model from the body (201, {id, versionId})", async () => {
    const res = await h.post("/v1/prompt-2025", {
      name: "Greeter",
      tags: ["demo"],
      promptBody: { model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi {{hc:name:string}}" }] },
    });
    expect(res.status).toBe(201);
    const { id, versionId } = res.json.data;
    expect(id).toMatch(/^[0-9a-zA-Z]{6}$/);
    expect(versionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const prod = (await h.post("/v1/prompt-2025/query/production-version", { promptId: id })).json.data;
    expect(prod).toMatchObject({
      id: versionId,
      major_version: 0,
      minor_version: 0,
      commit_message: "First version.",
      model: "gpt-4o-mini",
      environments: ["production"],
    });
  });

  it("numbers a minor version after the highest minor of the base's major, and a major after the highest major", async () => {
    expect(await numbers(S.promptId)).toEqual(["2.1", "2.0", "1.1", "1.0", "0.0"]);
    // Based on 1.0, but 1.1 exists: the new version is 1.2.
    const minor = await update({ promptVersionId: S.versions["1.0"], newMajorVersion: false });
    expect(minor.status).toBe(200);
    expect(Object.keys(minor.json.data)).toEqual(["id"]);
    expect(await version(minor.json.data.id)).toMatchObject({ major_version: 1, minor_version: 2, environments: [] });
    // Based on 0.0 with a new major: max(major) + 1 = 3.0, whatever the base.
    const major = await update({ promptVersionId: S.versions["0.0"], newMajorVersion: true });
    expect(await version(major.json.data.id)).toMatchObject({ major_version: 3, minor_version: 0 });
    expect(await numbers(S.promptId)).toEqual(["3.0", "1.2", "2.1", "2.0", "1.1", "1.0", "0.0"]);
    expect(
      (await h.post("/v1/prompt-2025/query/versions", { promptId: S.promptId, majorVersion: 1 })).json.data.map(
        (v: { minor_version: number }) => v.minor_version,
      ),
    ).toEqual([2, 1, 0]);
  });

  it('fails an update whose base version is unknown (500, "Current version not found")', async () => {
    const res = await update({ promptVersionId: SEED.helicone.brandVoice.versions["1.0"], newMajorVersion: false });
    expect(res.status).toBe(500);
    expect(res.json).toEqual({ data: null, error: "Current version not found" });
  });

  it("caps query/versions at 50, newest first", async () => {
    for (let i = 0; i < 52; i++) await update({ promptVersionId: S.versions["2.0"], newMajorVersion: false });
    const all = (await h.post("/v1/prompt-2025/query/versions", { promptId: S.promptId })).json.data;
    expect(all).toHaveLength(50);
    expect(`${all[0].major_version}.${all[0].minor_version}`).toBe("2.53");
    expect((await h.post("/v1/prompt-2025/query/total-versions", { promptId: S.promptId })).json.data).toEqual({
      totalVersions: 57,
      majorVersions: 2,
    });
  });

  it("reports majorVersions as the highest major number, not a count", async () => {
    const res = await h.post("/v1/prompt-2025/query/total-versions", { promptId: SEED.helicone.ticketClassifier.promptId });
    expect(res.json.data).toEqual({ totalVersions: 3, majorVersions: 0 });
  });
});

describe("environments", () => {
  it("moves an environment name to the new version (one version per environment per prompt)", async () => {
    expect((await version(S.versions["2.0"])).environments).toEqual(["staging"]);
    const res = await h.post("/v1/prompt-2025/update/environment", {
      promptId: S.promptId,
      promptVersionId: S.versions["1.0"],
      environment: "staging",
    });
    expect(res.json).toEqual({ data: null, error: null });
    expect((await version(S.versions["2.0"])).environments).toEqual([]);
    expect((await version(S.versions["1.0"])).environments).toEqual(["staging"]);
    const staging = await h.post("/v1/prompt-2025/query/environment-version", { promptId: S.promptId, environment: "staging" });
    expect(staging.json.data.id).toBe(S.versions["1.0"]);
  });

  it("assigns the environment given to update, and `production` moves the production pointer", async () => {
    const created = await update({ promptVersionId: S.versions["2.1"], newMajorVersion: false, environment: "production" });
    const prod = await h.post("/v2/prompt-2025/query/production-version", { promptId: S.promptId });
    expect(prod.json.data).toMatchObject({ id: created.json.data.id, major_version: 2, minor_version: 2, environments: ["production"] });
    expect((await version(S.versions["1.1"])).environments).toEqual([]);
  });

  it("clears the production pointer when production is removed; production-version then fails with 500", async () => {
    const removed = await h.post("/v1/prompt-2025/remove/environment", {
      promptId: S.promptId,
      promptVersionId: S.versions["1.1"],
      environment: "production",
    });
    expect(removed.status).toBe(200);
    for (const path of ["/v1/prompt-2025/query/production-version", "/v2/prompt-2025/query/production-version"]) {
      const res = await h.post(path, { promptId: S.promptId });
      expect(res.status).toBe(500);
      expect(res.json).toEqual({ data: null, error: "Prompt production version not found" });
    }
    const env = await h.post("/v1/prompt-2025/query/environment-version", { promptId: S.promptId, environment: "production" });
    expect(env.status).toBe(500);
    // Assigning production again restores it.
    await h.post("/v1/prompt-2025/update/environment", {
      promptId: S.promptId,
      promptVersionId: S.versions["2.0"],
      environment: "production",
    });
    expect((await h.post("/v1/prompt-2025/query/production-version", { promptId: S.promptId })).json.data.id).toBe(S.versions["2.0"]);
  });

  it("rejects a version of another prompt", async () => {
    const res = await h.post("/v1/prompt-2025/update/environment", {
      promptId: SEED.helicone.brandVoice.promptId,
      promptVersionId: S.versions["1.0"],
      environment: "staging",
    });
    expect(res.status).toBe(500);
    expect(res.json.error).toBe("Prompt version not found or does not belong to the specified prompt");
  });

  it("lists the distinct environments in use", async () => {
    expect((await h.get("/v1/prompt-2025/environments")).json.data).toEqual(["development", "production", "staging"]);
  });

  it("answers the legacy singular `environment` for the ticket classifier", async () => {
    const v = await version(SEED.helicone.ticketClassifier.versions["0.1"]);
    expect(v.environment).toBe("production");
    expect(v).not.toHaveProperty("environments");
    expect((await version(SEED.helicone.ticketClassifier.versions["0.0"])).environment).toBeNull();
  });
});

describe("bodies: v1 vs v2 vs prompt-body vs s3_url", () => {
  it("v1 queries carry s3_url and environments but no prompt_body; v2 queries add prompt_body", async () => {
    for (const [path, body] of [
      ["query/version", { promptVersionId: S.versions["1.1"] }],
      ["query/environment-version", { promptId: S.promptId, environment: "production" }],
      ["query/production-version", { promptId: S.promptId }],
    ] as const) {
      const v1 = (await h.post(`/v1/prompt-2025/${path}`, body)).json.data;
      const v2 = (await h.post(`/v2/prompt-2025/${path}`, body)).json.data;
      expect(v1).not.toHaveProperty("prompt_body");
      expect(v1.s3_url).toMatch(/\/helicone\/s3\/prompt-bodies\//);
      expect(v1.environments).toEqual(["production"]);
      expect(v2.prompt_body.tools[0].function.parameters.properties.tier.enum).toBe("{{hc:tiers:array}}");
      expect(v2.prompt_body.messages[0].content).toContain(`{{hcp:${SEED.helicone.brandVoice.promptId}:0}}`);
    }
    const versions = (await h.post("/v1/prompt-2025/query/versions", { promptId: S.promptId })).json.data;
    expect(versions.every((v: object) => !("prompt_body" in v) && "s3_url" in v)).toBe(true);
  });

  it("GET {promptVersionId}/prompt-body returns the envelope, 404 for an unknown version", async () => {
    const res = await h.get(`/v1/prompt-2025/${S.versions["2.0"]}/prompt-body`);
    expect(res.json.error).toBeNull();
    expect(res.json.data.response_format.json_schema.name).toBe("support_reply");
    const missing = await h.get(`/v1/prompt-2025/${S.promptId}/prompt-body`);
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ data: null, error: "Prompt version not found" });
  });

  it("s3_url works without auth, returns the raw body as JSON, and rejects a tampered signature", async () => {
    const v = await version(S.versions["1.1"]);
    const res = await fetch(v.s3_url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    const body = await res.json();
    expect(body).toEqual((await h.post("/v2/prompt-2025/query/version", { promptVersionId: S.versions["1.1"] })).json.data.prompt_body);
    expect(body).not.toHaveProperty("data");

    const url = new URL(v.s3_url);
    const sig = url.searchParams.get("X-Amz-Signature")!;
    url.searchParams.set("X-Amz-Signature", `${sig[0] === "a" ? "b" : "a"}${sig.slice(1)}`);
    const tampered = await fetch(url);
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain("<Code>SignatureDoesNotMatch</Code>");
    // The signature covers the version id: it cannot be reused for another body.
    const other = await fetch(v.s3_url.replace(S.versions["1.1"], S.versions["2.0"]));
    expect(other.status).toBe(403);
  });

  it("rejects an s3_url signed more than 24 h ago", async () => {
    // The emulator signs with a secret derived from its seed (1 here).
    const signer = new Presigner(1);
    const fresh = await fetch(signer.url(emu.url, S.versions["1.1"], new Date(Date.now() - 23 * 3600_000)));
    expect(fresh.status).toBe(200);
    const expired = await fetch(signer.url(emu.url, S.versions["1.1"], new Date(Date.now() - 25 * 3600_000)));
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain("<Code>AccessDenied</Code><Message>Request has expired</Message>");
  });
});

describe("prompts: query, tags, rename, delete, count, inputs", () => {
  it("searches names case-insensitively, filters tags any-of, pages from 0, newest first", async () => {
    const q = async (body: object) =>
      (await h.post("/v1/prompt-2025/query", { search: "", tagsFilter: [], page: 0, pageSize: 10, ...body })).json.data.map(
        (p: { name: string }) => p.name,
      );
    expect(await q({})).toEqual(["Onboarding Email", "Ticket Classifier", "Customer Support Agent", "Brand Voice"]);
    expect(await q({ search: "SUPPORT" })).toEqual(["Customer Support Agent"]);
    expect(await q({ tagsFilter: ["marketing", "partial"] })).toEqual(["Onboarding Email", "Brand Voice"]);
    expect(await q({ pageSize: 3, page: 1 })).toEqual(["Brand Voice"]);
  });

  it("replaces tags (trimmed, de-duplicated, empty dropped) and 404s for an unknown prompt", async () => {
    const res = await call(emu, "helicone", "PATCH", `/v1/prompt-2025/id/${S.promptId}/tags`, { body: { tags: [" a ", "b", "a", " "] } });
    expect(res.json).toEqual({ data: ["a", "b"], error: null });
    const missing = await call(emu, "helicone", "PATCH", "/v1/prompt-2025/id/nope00/tags", { body: { tags: [] } });
    expect(missing.status).toBe(404);
    expect(missing.json.error).toBe("Prompt not found");
  });

  it("soft-deletes a prompt: gone from reads, its S3 bodies removed", async () => {
    const v = await version(S.versions["1.1"]);
    expect((await call(emu, "helicone", "DELETE", `/v1/prompt-2025/${S.promptId}`)).json).toEqual({ data: null, error: null });
    expect((await h.get(`/v1/prompt-2025/id/${S.promptId}`)).status).toBe(500);
    expect((await h.post("/v1/prompt-2025/query/version", { promptVersionId: S.versions["1.1"] })).status).toBe(500);
    expect((await fetch(v.s3_url)).status).toBe(404);
    expect((await h.get("/v1/prompt-2025/count")).json).toEqual({ data: 3, error: null });
  });

  it("deletes the production version without a guard", async () => {
    await call(emu, "helicone", "DELETE", `/v1/prompt-2025/${S.promptId}/${S.versions["1.1"]}`);
    const res = await h.post("/v1/prompt-2025/query/production-version", { promptId: S.promptId });
    expect(res.status).toBe(500);
    expect(res.json.error).toBe("Prompt production version not found");
  });

  it("answers count 0 as a 500 with {data: 0, error: null}", async () => {
    const empty = await startEmulator({ seedData: false });
    try {
      const res = await helicone(empty).get("/v1/prompt-2025/count");
      expect(res.status).toBe(500);
      expect(res.json).toEqual({ data: 0, error: null });
    } finally {
      await empty.close();
    }
  });

  it("renames without checking the prompt exists", async () => {
    expect((await h.post(`/v1/prompt-2025/id/${S.promptId}/rename`, { name: "Renamed" })).json).toEqual({ data: null, error: null });
    expect((await h.get(`/v1/prompt-2025/id/${S.promptId}`)).json.data.name).toBe("Renamed");
    expect((await h.post("/v1/prompt-2025/id/nope00/rename", { name: "x" })).status).toBe(200);
  });

  it("returns recorded inputs, 404 when none were recorded", async () => {
    const base = `/v1/prompt-2025/id/${S.promptId}/${S.versions["1.1"]}/inputs`;
    const res = await h.get(`${base}?requestId=${S.inputsRequestId}`);
    expect(res.json.data).toMatchObject({ request_id: S.inputsRequestId, version_id: S.versions["1.1"], inputs: { count: 3, vip: true } });
    expect((await h.get(`${base}?requestId=other`)).json).toEqual({ data: null, error: "Prompt inputs not found" });
  });
});

describe("validation (tsoa style, outside the envelope)", () => {
  it("answers 400 {message: 'Validation failed', details} for missing, extra and mistyped fields", async () => {
    const missing = await h.post("/v1/prompt-2025/query", { search: "" });
    expect(missing.status).toBe(400);
    expect(missing.json.message).toBe("Validation failed");
    expect(missing.json.details["requestBody.tagsFilter"]).toEqual({ message: "'tagsFilter' is required" });
    expect(missing.json).not.toHaveProperty("data");

    const extra = await h.post("/v1/prompt-2025/query/version", { promptVersionId: S.versions["1.0"], foo: 1 });
    expect(extra.status).toBe(400);
    expect(Object.values(extra.json.details)).toContainEqual({
      message: '"foo" is an excess property and therefore is not allowed',
      value: "foo",
    });

    const typed = await h.post("/v1/prompt-2025/query/versions", { promptId: S.promptId, majorVersion: "one" });
    expect(typed.json.details["requestBody.majorVersion"]).toEqual({ message: "invalid integer number" });

    const badBody = await h.post("/v1/prompt-2025", { name: "x", tags: [], promptBody: { model: "m", nonsense: true } });
    expect(badBody.status).toBe(400);
  });

  it("requires the requestId query parameter of the inputs route", async () => {
    const res = await h.get(`/v1/prompt-2025/id/${S.promptId}/${S.versions["1.1"]}/inputs`);
    expect(res.status).toBe(400);
    expect(res.json.details.requestId).toEqual({ message: "'requestId' is required" });
  });

  it("answers a body that is not JSON with 400", async () => {
    const res = await call(emu, "helicone", "POST", "/v1/prompt-2025/query", { rawBody: "{oops" });
    expect(res.status).toBe(400);
    expect(res.json.message).toBe("Validation failed");
  });

  it("answers an unknown route with Express's HTML 404", async () => {
    const res = await h.get("/v1/prompt-2025/nope/nope/nope");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(res.text).toContain("Cannot GET /v1/prompt-2025/nope/nope/nope");
  });
});

describe("ids", () => {
  it("mints the same ids for the same seed and request sequence", async () => {
    const create = async (e: Emulator) =>
      (await helicone(e).post("/v1/prompt-2025", { name: "x", tags: [], promptBody: { model: "m" } })).json.data;
    const [a, b, c] = await Promise.all([startEmulator({ seed: 7 }), startEmulator({ seed: 7 }), startEmulator({ seed: 8 })]);
    try {
      const [ia, ib, ic] = [await create(a), await create(b), await create(c)];
      expect(ia).toEqual(ib);
      expect(ia.id).not.toBe(ic.id);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });
});
