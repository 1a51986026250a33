import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EMULATOR_KEYS, SEED, startEmulator, type Emulator } from "../../index.js";
import { tela } from "../../__fixtures__/harness.js";

const D = SEED.tela.docAnalysis;
const C = SEED.tela.contractReview;
let emu: Emulator;
let t: ReturnType<typeof tela>;

beforeAll(async () => {
  emu = await startEmulator();
  t = tela(emu);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const publish = (versionId: string, envName: string, extra: object = {}) =>
  t.post("/environment/publish-by-name", { resourceType: "prompt", resourceId: D.promptId, envName, versionId, ...extra });
const promoted = async (promptId: string = D.promptId) => (await t.get(`/prompt/${promptId}/promoted-version`)).json;
const versionById = async (id: string) => (await t.get(`/prompt-version/${id}`)).json;

describe("auth", () => {
  it("answers 401 {message, status} without a key or with a wrong one", async () => {
    for (const key of [null, EMULATOR_KEYS.helicone, "Bearer"]) {
      const res = await t.get("/prompt", { key });
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ message: "Unauthorized", status: 401 });
    }
  });
});

describe("canvases", () => {
  it("lists project canvases and personal drafts; filters by project or personal", async () => {
    const titles = async (q = "") => (await t.get(`/prompt${q}`)).json.map((p: { title: string }) => p.title);
    expect(await titles()).toEqual(["Document Analysis", "Contract Clause Extractor", "Meeting Summarizer", "Scratch idea"]);
    expect(await titles("?personal=true")).toEqual(["Scratch idea"]);
    expect(await titles(`?projectId=${SEED.tela.projectId}`)).toHaveLength(3);
  });

  it("embeds the promoted and the most recent version with includePromotedVersion=true", async () => {
    const plain = (await t.get("/prompt")).json[0];
    expect(plain).not.toHaveProperty("promotedVersion");
    const [doc, , , scratch] = (await t.get("/prompt?includePromotedVersion=true")).json;
    expect(doc.promotedVersion.id).toBe(D.versions.v3);
    expect(doc.lastVersion.id).toBe(D.versions.v5);
    expect(scratch).not.toHaveProperty("promotedVersion");
    expect(scratch.lastVersion.id).toBe(SEED.tela.scratchpad.versions.v1);
  });

  it("404s an unknown or malformed canvas id with {message, status}", async () => {
    for (const id of ["00000000-0000-4000-8000-000000000000", "nope"]) {
      const res = await t.get(`/prompt/${id}`);
      expect(res.status).toBe(404);
      expect(res.json).toEqual({ message: "Prompt not found", status: 404 });
    }
  });
});

describe("promoted and latest version", () => {
  it("resolves the production publication, with environments, versionIndex and previousVersionId", async () => {
    const v = await promoted();
    expect(v).toMatchObject({
      id: D.versions.v3,
      promoted: true,
      draft: false,
      environments: ["production"],
      versionIndex: 3,
      previousVersionId: D.versions.v2,
    });
  });

  it("falls back to the most recently updated promoted:true version for a legacy canvas", async () => {
    const v = await promoted(SEED.tela.meetingSummarizer.promptId);
    expect(v).toMatchObject({ id: SEED.tela.meetingSummarizer.versions.v2, environments: [], versionIndex: 2 });
    // Touching v1 with PATCH makes it the most recently updated promoted version.
    await t.patch(`/prompt-version/${SEED.tela.meetingSummarizer.versions.v1}`, { promoted: true });
    expect((await promoted(SEED.tela.meetingSummarizer.promptId)).id).toBe(SEED.tela.meetingSummarizer.versions.v1);
  });

  it("404s a canvas without a live version", async () => {
    const res = await t.get(`/prompt/${SEED.tela.scratchpad.promptId}/promoted-version`);
    expect(res.status).toBe(404);
    expect(res.json.status).toBe(404);
  });

  it("latest-version is the newest version, draft or not; the first version has previousVersionId null", async () => {
    expect((await t.get(`/prompt/${D.promptId}/latest-version`)).json).toMatchObject({
      id: D.versions.v5,
      draft: true,
      versionIndex: 5,
      previousVersionId: D.versions.v4,
      environments: [],
    });
    expect((await t.get(`/prompt/${SEED.tela.scratchpad.promptId}/latest-version`)).json).toMatchObject({
      versionIndex: 1,
      previousVersionId: null,
    });
  });
});

describe("publish-by-name", () => {
  it("publishing to production promotes the version, un-promotes the previous one and clears draft", async () => {
    const res = await publish(D.versions.v5, "production");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      environment: { id: SEED.tela.environments.production, name: "production" },
      resourceId: D.promptId,
      versionId: D.versions.v5,
    });
    expect(await promoted()).toMatchObject({ id: D.versions.v5, promoted: true, draft: false, environments: ["production"] });
    expect(await versionById(D.versions.v3)).toMatchObject({ promoted: false, draft: false });
  });

  it("moves a non-production environment without touching promotion", async () => {
    await publish(D.versions.v5, "staging");
    expect((await t.get(`/prompt/${D.promptId}/latest-version`)).json).toMatchObject({
      environments: ["staging"],
      draft: false,
      promoted: false,
    });
    const history = (await t.get(`/prompt-version/history?promptId=${D.promptId}`)).json.data;
    expect(history.find((i: { id: string }) => i.id === D.versions.v4).environments).toEqual([]);
    expect((await promoted()).id).toBe(D.versions.v3);
  });

  it("re-publishing the active version is a no-op", async () => {
    const first = await publish(D.versions.v3, "production");
    const again = await publish(D.versions.v3, "production");
    expect(again.json).toEqual(first.json);
    const state = emu
      .state()
      .tela.publications.filter((p) => p.resourceId === D.promptId && p.environmentId === SEED.tela.environments.production);
    expect(state).toHaveLength(1);
  });

  it("keeps the environment's history: the previous publication is marked unpublished", async () => {
    await publish(D.versions.v5, "production");
    const pubs = emu
      .state()
      .tela.publications.filter((p) => p.resourceId === D.promptId && p.environmentId === SEED.tela.environments.production);
    expect(pubs.map((p) => [p.versionId, p.unpublishedAt === null])).toEqual([
      [D.versions.v3, false],
      [D.versions.v5, true],
    ]);
  });

  it("creates a missing environment only with autoCreate; validates the name", async () => {
    const missing = await publish(D.versions.v4, "eu-staging");
    expect(missing.status).toBe(404);
    expect(missing.json.status).toBe(404);
    const created = await publish(D.versions.v4, "eu-staging", { autoCreate: true });
    expect(created.status).toBe(200);
    expect((await versionById(D.versions.v4)).draft).toBe(false);
    expect((await t.get(`/prompt-version/history?promptId=${D.promptId}`)).json.data[1].environments.sort()).toEqual([
      "eu-staging",
      "staging",
    ]);
    for (const envName of ["EU", "eu--staging", "-eu", "a".repeat(65)]) {
      const bad = await publish(D.versions.v4, envName, { autoCreate: true });
      expect(bad.status, envName).toBe(400);
      expect(bad.json).toMatchObject({ status: 400, code: "BAD_REQUEST" });
    }
  });

  it("rejects a version of another canvas", async () => {
    expect((await publish(C.versions.v1, "staging")).status).toBe(404);
  });
});

describe("history", () => {
  it("pages newest first with 1-based versionIndex (oldest = 1) and lightweight items", async () => {
    const page = async (q: string) => (await t.get(`/prompt-version/history?promptId=${D.promptId}${q}`)).json;
    const first = await page("&limit=2");
    expect(first.meta).toEqual({ total: 5, limit: 2, offset: 0 });
    expect(first.data.map((i: { versionIndex: number }) => i.versionIndex)).toEqual([5, 4]);
    expect(first.data[0]).not.toHaveProperty("content");
    expect(first.data[0]).not.toHaveProperty("configuration");
    expect((await page("&limit=2&offset=2")).data.map((i: { versionIndex: number }) => i.versionIndex)).toEqual([3, 2]);
    const last = await page("&limit=2&offset=4");
    expect(last.data.map((i: { id: string }) => i.id)).toEqual([D.versions.v1]);
    expect((await page("&offset=10")).data).toEqual([]);
    expect((await page("")).meta).toEqual({ total: 5, limit: 20, offset: 0 });
    expect(first.data[1]).toMatchObject({ environments: ["staging"], draft: false, promoted: false, originVersionId: D.versions.v3 });
  });

  it("validates limit and offset", async () => {
    for (const q of ["&limit=0", "&limit=101", "&offset=-1", "&limit=abc"]) {
      expect((await t.get(`/prompt-version/history?promptId=${D.promptId}${q}`)).status, q).toBe(400);
    }
    const res = await t.get("/prompt-version/history");
    expect(res.json).toMatchObject({ status: 400, message: "query must have required property 'promptId'" });
  });
});

describe("messages shapes", () => {
  it("serves each shape: one object, an array, a singular message, and none (content only)", async () => {
    const v1 = await versionById(D.versions.v1);
    expect(v1.messages).toEqual({ role: "system", content: "Analyze the document {{document}} and answer: {{query}}", index: 0 });
    expect(v1).not.toHaveProperty("message");

    const v2 = await versionById(D.versions.v2);
    expect(Array.isArray(v2.messages)).toBe(true);
    expect(v2.messages.map((m: { role: string }) => m.role)).toEqual(["system", "user"]);
    expect(v2.messages[1]).toMatchObject({ promptVersionId: D.versions.v2, index: 1, content: expect.stringContaining("{{document}}") });

    const v3 = await versionById(D.versions.v3);
    expect(v3.message).toMatchObject({ role: "system", promptVersionId: D.versions.v3, content: expect.stringContaining("{query}") });
    expect(v3).not.toHaveProperty("messages");

    const v4 = await versionById(D.versions.v4);
    expect(v4).not.toHaveProperty("messages");
    expect(v4).not.toHaveProperty("message");
    expect(v4.content).toContain("{appendix}");
  });

  it("keeps the shape a version was created or updated with", async () => {
    const base = { promptId: D.promptId, title: "t", configuration: { model: "gpt-4o", type: "chat" }, variables: [] };
    const a = (await t.post("/prompt-version", { ...base, messages: { role: "system", content: "x" } })).json;
    expect(a.messages).toMatchObject({ role: "system", content: "x" });
    const b = (await t.post("/prompt-version", { ...base, messages: [{ role: "system", content: "y" }] })).json;
    expect(b.messages).toHaveLength(1);
    const c = (await t.post("/prompt-version", { ...base, message: { role: "system", content: "z" } })).json;
    expect(c.message).toMatchObject({ role: "system", content: "z", promptVersionId: c.id });
    const patched = (await t.patch(`/prompt-version/${a.id}`, { message: { role: "system", content: "w" } })).json;
    expect(patched).not.toHaveProperty("messages");
    expect(patched.message.content).toBe("w");
  });

  it("rejects more than one message, or a non-system role, with 400", async () => {
    const base = { promptId: D.promptId, title: "t", configuration: { model: "gpt-4o", type: "chat" }, variables: [] };
    const two = await t.post("/prompt-version", {
      ...base,
      messages: [
        { role: "system", content: "a" },
        { role: "system", content: "b" },
      ],
    });
    expect(two.json).toMatchObject({ status: 400, message: "messages must contain exactly one system message" });
    expect((await t.post("/prompt-version", { ...base, message: { role: "user", content: "a" } })).status).toBe(400);
  });
});

describe("versions: create, update, list", () => {
  it("creates a draft version (201) that becomes the latest, with originVersionId = the previous latest", async () => {
    const res = await t.post("/prompt-version", {
      promptId: C.promptId,
      title: "Clause extractor v4",
      configuration: { model: "gpt-4.1", type: "chat", structuredOutput: { enabled: true, schema: { type: "object" } } },
      variables: [{ name: "contract", type: "file", required: true }],
      message: { role: "system", content: "Extract {contract}." },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ promptId: C.promptId, draft: true, promoted: false, originVersionId: C.versions.v3 });
    expect((await t.get(`/prompt/${C.promptId}/latest-version`)).json).toMatchObject({
      id: res.json.id,
      versionIndex: 4,
      previousVersionId: C.versions.v3,
    });
    expect((await t.get(`/prompt-version?promptId=${C.promptId}`)).json).toHaveLength(4);
  });

  it("updates only the fields sent", async () => {
    const before = await versionById(C.versions.v3);
    const res = await t.patch(`/prompt-version/${C.versions.v3}`, { title: "Renamed", configuration: { model: "gpt-4o", type: "chat" } });
    expect(res.json).toMatchObject({
      title: "Renamed",
      configuration: { model: "gpt-4o", type: "chat" },
      variables: before.variables,
      content: before.content,
    });
    expect(res.json.updatedAt > before.updatedAt).toBe(true);
  });

  it("lists versions as a bare array, oldest first, with structuredOutput and file variables", async () => {
    const list = (await t.get(`/prompt-version?promptId=${C.promptId}`)).json;
    expect(list.map((v: { id: string }) => v.id)).toEqual([C.versions.v1, C.versions.v2, C.versions.v3]);
    expect(list[1].configuration.structuredOutput.schema.properties.riskLevel.id).toBe("prop_risk");
    expect(list[1].variables[0]).toMatchObject({ type: "file", processingOptions: { allowMultimodal: true } });
    expect((await t.get("/prompt-version?promptId=00000000-0000-4000-8000-000000000000")).json).toEqual([]);
  });

  it("answers 404 for an unknown version and 400 for an invalid body", async () => {
    expect((await t.get("/prompt-version/00000000-0000-4000-8000-000000000000")).json).toEqual({
      message: "Prompt version not found",
      status: 404,
    });
    const bad = await t.post("/prompt-version", {
      promptId: D.promptId,
      title: "x".repeat(257),
      configuration: { model: "m", type: "chat" },
      variables: [],
    });
    expect(bad.status).toBe(400);
    expect(bad.json.details.errors[0]).toMatchObject({ in: "body", path: "/title" });
  });
});
