import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EMULATOR_KEYS, SEED, startEmulator, type Emulator } from "../../index.js";
import { call, type CallOptions } from "../../__fixtures__/harness.js";
import { MAX_DEPENDENCY_DEPTH, parseDependencyTags } from "./dependencies.js";

interface OpenApiHelpers {
  loadSpec(vendor: string): unknown;
  createValidator(spec: unknown): (schema: unknown, value: unknown) => string[];
  responseSchema(spec: unknown, method: string, path: string, status: number): unknown;
}
// A computed specifier: the repo script is plain JS without type declarations.
const helpers = (await import(new URL("../../../../../scripts/openapi.mjs", import.meta.url).href)) as OpenApiHelpers;
const spec = helpers.loadSpec("langfuse");
const validate = helpers.createValidator(spec);

const L = SEED.langfuse;
const PROMPTS = "/api/public/v2/prompts";
const at = (name: string, query = "") => `${PROMPTS}/${encodeURIComponent(name)}${query}`;

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const get = (path: string, options?: CallOptions) => call(emu, "langfuse", "GET", path, options);
const create = (body: unknown) => call(emu, "langfuse", "POST", PROMPTS, { body });
const patchLabels = (name: string, version: number | string, newLabels: unknown) =>
  call(emu, "langfuse", "PATCH", `${PROMPTS}/${encodeURIComponent(name)}/versions/${version}`, { body: { newLabels } });
const remove = (name: string, query = "") => call(emu, "langfuse", "DELETE", at(name, query));
/** `{ version: labels }` of every version of a name. */
const labelsByVersion = (name: string) =>
  Object.fromEntries(
    emu
      .state()
      .langfuse.prompts.filter((p) => p.name === name)
      .map((p) => [p.version, [...p.labels].sort()]),
  );

describe("auth", () => {
  it("takes publicKey:secretKey as HTTP Basic, and says 401 { message, error } otherwise", async () => {
    expect((await get(PROMPTS)).status).toBe(200);
    for (const options of [{ key: null }, { key: "pk-lf-emulator-0000:sk-wrong" }, { key: "sk-lf-emulator-0000" }]) {
      const res = await get(PROMPTS, options);
      expect(res.status).toBe(401);
      expect(res.json).toMatchObject({ message: expect.any(String), error: "UnauthorizedError" });
    }
  });

  it("refuses the public key sent as Bearer with Langfuse's 403, and any other Bearer with 401", async () => {
    const bearer = async (token: string, method = "GET") => {
      const res = await fetch(`${emu.urlFor("langfuse")}${PROMPTS}`, { method, headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, body: await res.json() };
    };
    const [publicKey, secretKey] = EMULATOR_KEYS.langfuse.split(":") as [string, string];
    const forbidden = await bearer(publicKey);
    expect(forbidden).toEqual({
      status: 403,
      body: { message: "Access denied - need to use basic auth with secret key to GET prompts", error: "ForbiddenError" },
    });
    expect(validate(helpers.responseSchema(spec, "GET", PROMPTS, 403), forbidden.body)).toEqual([]);
    expect((await bearer(publicKey, "POST")).body.message).toMatch(/to POST prompts$/);
    expect((await bearer(secretKey)).status).toBe(401);
    expect((await bearer(EMULATOR_KEYS.langfuse)).status).toBe(401);
  });

  it("declares the client environment LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY and LANGFUSE_BASE_URL", () => {
    expect(emu.clientEnv("langfuse")).toEqual({
      LANGFUSE_PUBLIC_KEY: "pk-lf-emulator-0000",
      LANGFUSE_SECRET_KEY: "sk-lf-emulator-0000",
      LANGFUSE_BASE_URL: emu.urlFor("langfuse"),
    });
  });
});

describe("get", () => {
  it("answers production with neither label nor version, a label, or a version; isActive follows production", async () => {
    const production = await get(at(L.welcomeEmail.name));
    expect(production.json).toMatchObject({
      name: "welcome-email",
      type: "text",
      version: 2,
      prompt: "Hi {{name}}, welcome to {{plan}}",
      labels: ["production", "latest"],
      tags: ["email", "onboarding"],
      isActive: true,
      resolutionGraph: null,
      projectId: L.projectId,
    });
    expect((await get(at(L.welcomeEmail.name, "?label=staging"))).json).toMatchObject({ version: 1, isActive: false });
    expect((await get(at(L.welcomeEmail.name, "?version=1"))).json).toMatchObject({ version: 1, prompt: "Hi {{name}}, welcome!" });
    expect((await get(at(L.supportChat.name, "?label=latest"))).json.version).toBe(L.supportChat.labels.latest);
  });

  it("stores chat messages with their known fields only, as Langfuse's schema parses them", async () => {
    const res = await create({
      name: "extra",
      type: "chat",
      prompt: [
        { role: "user", content: "hi", extra: 1 },
        { type: "placeholder", name: "h", role: "ignored" },
      ],
    });
    expect(res.json.prompt).toEqual([
      { role: "user", content: "hi" },
      { type: "placeholder", name: "h" },
    ]);
  });

  it("serves folder names URL-encoded, and the chat messages and placeholders as stored", async () => {
    const res = await get(`${PROMPTS}/support%2Fchat`);
    expect(res.json.name).toBe("support/chat");
    expect(res.json.prompt).toEqual([
      { type: "chatmessage", role: "system", content: expect.stringContaining("{{#vip}}") },
      { type: "placeholder", name: "history" },
      { type: "chatmessage", role: "user", content: "{{question}}" },
    ]);
    expect((await get(`${PROMPTS}/support/chat`)).status).toBe(404);
  });

  it("404s with LangfuseNotFoundError and the exact message shape", async () => {
    expect((await get(at("support/chat", "?label=canary"))).json).toEqual({
      message: "Prompt not found: 'support/chat' with label 'canary'",
      error: "LangfuseNotFoundError",
    });
    expect((await get(at("nope"))).json.message).toBe("Prompt not found: 'nope' with label 'production'");
    expect((await get(at("welcome-email", "?version=7"))).json.message).toBe("Prompt not found: 'welcome-email' with version 7");
  });

  it("refuses label and version together, and a non-integer version, with Invalid request data", async () => {
    const both = await get(at(L.welcomeEmail.name, "?version=1&label=production"));
    expect(both.status).toBe(400);
    expect(both.json).toEqual({ message: "Invalid request data", error: [expect.objectContaining({ code: "custom" })] });
    const bad = await get(at(L.welcomeEmail.name, "?version=one"));
    expect(bad.status).toBe(400);
    expect(bad.json.error[0]).toMatchObject({ code: "invalid_type", path: ["version"] });
  });

  it("returns the config with tools, tool_choice and a json_schema response_format", async () => {
    const { config } = (await get(at(L.classifier.name))).json;
    expect(config).toMatchObject({ model: "gpt-4o", temperature: 0, max_tokens: 256, tool_choice: "auto" });
    expect(config.tools[0].function.name).toBe("escalate");
    expect(config.response_format.type).toBe("json_schema");
  });
});

describe("create", () => {
  it("numbers versions per name from 1; the new version takes latest and the labels given, moving them", async () => {
    const first = await create({ name: "fresh", prompt: "v1 {{x}}" });
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ name: "fresh", version: 1, type: "text", labels: ["latest"], config: {}, commitMessage: null });
    const next = await create({ name: L.welcomeEmail.name, prompt: "Hey {{name}}", labels: ["production"], commitMessage: "shorter" });
    expect(next.json).toMatchObject({ version: 3, labels: ["production", "latest"], commitMessage: "shorter" });
    expect(labelsByVersion(L.welcomeEmail.name)).toEqual({ 1: ["staging"], 2: [], 3: ["latest", "production"] });
    expect((await get(at(L.welcomeEmail.name))).json.version).toBe(3);
  });

  it("keeps tags the same on every version: given tags replace them all, none given inherits them", async () => {
    await create({ name: L.welcomeEmail.name, prompt: "a" });
    expect(
      emu
        .state()
        .langfuse.prompts.filter((p) => p.name === "welcome-email")
        .map((p) => p.tags),
    ).toEqual([
      ["email", "onboarding"],
      ["email", "onboarding"],
      ["email", "onboarding"],
    ]);
    await create({ name: L.welcomeEmail.name, prompt: "b", tags: ["email"] });
    expect(
      new Set(
        emu
          .state()
          .langfuse.prompts.filter((p) => p.name === "welcome-email")
          .map((p) => p.tags.join()),
      ),
    ).toEqual(new Set(["email"]));
  });

  it("refuses latest (400 InvalidRequestError), bad labels (Zod issues) and a type change", async () => {
    const latest = await create({ name: "x", prompt: "y", labels: ["latest"] });
    expect(latest.status).toBe(400);
    expect(latest.json).toEqual({
      message: "Label 'latest' is always assigned to the latest prompt version",
      error: "InvalidRequestError",
    });
    const bad = await create({ name: "x", prompt: "y", labels: ["Prod"] });
    expect(bad.json.message).toBe("Invalid request data");
    expect(bad.json.error).toContainEqual(expect.objectContaining({ code: "invalid_string", path: ["labels", 0] }));
    const missing = await create({ prompt: "y" });
    expect(missing.json.error).toContainEqual(expect.objectContaining({ code: "invalid_type", path: ["name"], message: "Required" }));
    const typeChange = await create({ name: L.welcomeEmail.name, type: "chat", prompt: [{ role: "user", content: "x" }] });
    expect(typeChange.status).toBe(400);
    expect(emu.state().langfuse.prompts.filter((p) => p.name === "x")).toEqual([]);
  });
});

describe("labels (PATCH newLabels)", () => {
  it("adds the labels to the version, moving each from the version that had it; latest cannot be set", async () => {
    const res = await patchLabels(L.supportChat.name, 1, ["production", "canary"]);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ version: 1, labels: ["production", "canary"], isActive: true });
    expect(labelsByVersion(L.supportChat.name)).toEqual({ 1: ["canary", "production"], 2: [], 3: ["latest", "staging"] });
    expect((await get(at(L.supportChat.name))).json.version).toBe(1);
    const latest = await patchLabels(L.supportChat.name, 1, ["latest"]);
    expect(latest.status).toBe(400);
    expect(latest.json.error).toBe("InvalidRequestError");
    expect((await patchLabels(L.supportChat.name, 9, ["x"])).json).toEqual({
      message: "Prompt not found: 'support/chat' with version 9",
      error: "LangfuseNotFoundError",
    });
  });
});

describe("delete", () => {
  it("deletes one version, the version holding a label, or every version; latest moves to the newest left", async () => {
    expect((await remove(L.supportChat.name, "?version=3")).status).toBe(204);
    expect(labelsByVersion(L.supportChat.name)).toEqual({ 1: [], 2: ["latest", "production"] });
    expect((await remove(L.supportChat.name, "?label=production")).status).toBe(204);
    expect(labelsByVersion(L.supportChat.name)).toEqual({ 1: ["latest"] });
    expect((await remove(L.classifier.name)).status).toBe(204);
    expect(labelsByVersion(L.classifier.name)).toEqual({});
    expect((await remove(L.classifier.name)).json).toEqual({ message: "Prompt not found: 'classifier'", error: "LangfuseNotFoundError" });
    expect((await remove(L.welcomeEmail.name, "?version=5")).status).toBe(404);
  });

  it("refuses to delete a version another prompt includes", async () => {
    const res = await remove(L.brandVoice.name, "?version=1");
    expect(res.status).toBe(400);
    expect(res.json.message).toMatch(/support\/agent/);
    expect(labelsByVersion(L.brandVoice.name)).toEqual({ 1: ["staging"], 2: ["latest", "production"] });
  });
});

describe("list", () => {
  it("lists one entry per name with versions, labels, tags, lastUpdatedAt and lastConfig, paged from 1", async () => {
    const all = (await get(PROMPTS)).json;
    expect(all.meta).toEqual({ page: 1, limit: 50, totalItems: 5, totalPages: 1 });
    const chat = all.data.find((p: { name: string }) => p.name === "support/chat");
    expect(chat).toEqual({
      name: "support/chat",
      type: "chat",
      versions: [1, 2, 3],
      labels: expect.arrayContaining(["production", "staging", "latest"]),
      tags: ["support"],
      lastUpdatedAt: "2025-04-15T14:30:00.000Z",
      lastConfig: { model: "gpt-4.1", temperature: 0.2 },
    });
    const page2 = (await get(`${PROMPTS}?page=2&limit=2`)).json;
    expect(page2.meta).toEqual({ page: 2, limit: 2, totalItems: 5, totalPages: 3 });
    expect(page2.data).toHaveLength(2);
    expect((await get(`${PROMPTS}?page=9&limit=2`)).json.data).toEqual([]);
  });

  it("filters by name, label, tag and update time", async () => {
    const names = async (query: string) => (await get(`${PROMPTS}?${query}`)).json.data.map((p: { name: string }) => p.name);
    expect(await names("name=support%2Fchat")).toEqual(["support/chat"]);
    expect(await names("tag=support")).toEqual(["support/agent", "support/chat"]);
    const staging = (await get(`${PROMPTS}?label=staging&name=support%2Fchat`)).json.data[0];
    expect(staging).toMatchObject({ versions: [3], lastConfig: { model: "gpt-4.1", temperature: 0.2 } });
    expect(await names("fromUpdatedAt=2025-04-10T00:00:00.000Z")).toEqual(["support/agent", "support/chat"]);
    expect(await names("toUpdatedAt=2025-03-01T00:00:00.000Z")).toEqual(["brand-voice"]);
    expect((await get(`${PROMPTS}?page=0`)).status).toBe(400);
  });
});

describe("dependencies", () => {
  it("resolves tags on GET, in chat messages too, with the resolution graph", async () => {
    const res = await get(at(L.supportAgent.name));
    expect(res.json.prompt[0].content).toBe("You are Acme's support agent. Speak in a warm, concise voice. Never promise refunds.");
    const state = emu.state().langfuse.prompts;
    const id = (name: string, version: number) => state.find((p) => p.name === name && p.version === version)!.id;
    expect(res.json.resolutionGraph).toEqual({
      root: { id: id("support/agent", 1), name: "support/agent", version: 1 },
      dependencies: { [id("support/agent", 1)]: [{ id: id("brand-voice", 2), name: "brand-voice", version: 2 }] },
    });
    // Pinned by version; and resolve=false keeps the tag and reports no graph.
    expect((await get(at(L.supportAgent.name, "?label=staging"))).json.prompt[0].content).toBe(
      "You are Acme's support agent. Be friendly.",
    );
    const raw = await get(at(L.supportAgent.name, "?resolve=false"));
    expect(raw.json.prompt[0].content).toContain("@@@langfusePrompt:name=brand-voice|label=production@@@");
    expect(raw.json.resolutionGraph).toBeNull();
    // A label-based include follows the label.
    await patchLabels(L.brandVoice.name, 1, ["production"]);
    expect((await get(at(L.supportAgent.name))).json.prompt[0].content).toBe("You are Acme's support agent. Be friendly.");
  });

  it("resolves nested text prompts up to the depth limit, and refuses deeper nesting with 409", async () => {
    await create({ name: "level-0", prompt: "base" });
    for (let i = 1; i <= MAX_DEPENDENCY_DEPTH; i++) {
      const res = await create({ name: `level-${i}`, prompt: `${i}[@@@langfusePrompt:name=level-${i - 1}|version=1@@@]` });
      expect(res.status, res.text).toBe(201);
    }
    const deepest = await get(at(`level-${MAX_DEPENDENCY_DEPTH}`, "?version=1"));
    expect(deepest.json.prompt).toBe("5[4[3[2[1[base]]]]]");
    expect(Object.keys(deepest.json.resolutionGraph.dependencies)).toHaveLength(MAX_DEPENDENCY_DEPTH);
    const tooDeep = await create({ name: "level-6", prompt: `@@@langfusePrompt:name=level-${MAX_DEPENDENCY_DEPTH}|version=1@@@` });
    expect(tooDeep.status).toBe(409);
    expect(tooDeep.json.error).toBe("LangfuseConflictError");
  });

  it("answers 409 on create for a missing child, a chat child or a cycle, and stores nothing", async () => {
    const missing = await create({ name: "orphan", prompt: "@@@langfusePrompt:name=ghost|label=production@@@" });
    expect(missing.status).toBe(409);
    expect(missing.json).toEqual({
      message: "Prompt dependency not found: 'ghost' with label 'production'",
      error: "LangfuseConflictError",
    });
    expect((await create({ name: "x", prompt: "@@@langfusePrompt:name=support/agent|version=1@@@" })).status).toBe(409);
    expect((await create({ name: "a", prompt: "A", labels: ["production"] })).status).toBe(201);
    expect((await create({ name: "b", prompt: "B @@@langfusePrompt:name=a|label=production@@@", labels: ["production"] })).status).toBe(
      201,
    );
    const cycle = await create({ name: "a", prompt: "A @@@langfusePrompt:name=b|label=production@@@", labels: ["production"] });
    expect(cycle.status).toBe(409);
    expect(cycle.json.message).toMatch(/Circular dependency detected involving prompt/);
    expect(labelsByVersion("a")).toEqual({ 1: ["latest", "production"] });
    expect(labelsByVersion("orphan")).toEqual({});
  });

  it("resolves each child once, and refuses a text that would grow past the size bound", async () => {
    const many = (name: string) => Array.from({ length: 40 }, () => `@@@langfusePrompt:name=${name}|version=1@@@`).join(" ");
    expect((await create({ name: "leaf", prompt: "0123456789" })).status).toBe(201);
    expect((await create({ name: "wide-1", prompt: many("leaf") })).status).toBe(201);
    expect((await create({ name: "wide-2", prompt: many("wide-1") })).status).toBe(201);
    expect((await get(at("wide-2", "?version=1"))).json.prompt).toHaveLength(40 * 40 * 10 + 40 * 39 + 39);
    expect((await create({ name: "wide-3", prompt: many("wide-2") })).status).toBe(201);
    // 40^4 leaves would be 25 600 000 characters: refused.
    const tooLarge = await create({ name: "wide-4", prompt: many("wide-3") });
    expect(tooLarge.status).toBe(409);
    expect(tooLarge.json.message).toMatch(/exceeds 1048576 characters/);
  });

  it("sees the depth limit through a child already resolved on another path", async () => {
    await create({ name: "c0", prompt: "end" });
    for (let i = 1; i <= 3; i++) await create({ name: `c${i}`, prompt: `@@@langfusePrompt:name=c${i - 1}|version=1@@@` });
    await create({ name: "d2", prompt: "@@@langfusePrompt:name=c3|version=1@@@" });
    await create({ name: "d1", prompt: "@@@langfusePrompt:name=d2|version=1@@@" });
    const tag = (name: string) => `@@@langfusePrompt:name=${name}|version=1@@@`;
    // c3 first directly (4 levels), then below d1 and d2: c0 at level 6.
    const deep = await create({ name: "two-paths", prompt: `${tag("c3")} ${tag("d1")}` });
    expect(deep.status).toBe(409);
    expect(deep.json.message).toMatch(/Maximum nesting depth of 5/);
    const shallow = await create({ name: "two-paths", prompt: `${tag("c3")} ${tag("d2")}` });
    expect(shallow.status).toBe(201);
    expect((await get(at("two-paths", "?version=1"))).json.prompt).toBe("end end");
  });

  it("parses only well-formed tags: name first, then exactly one of version or label", () => {
    const tags = parseDependencyTags(
      "@@@langfusePrompt:name=a|version=2@@@ @@@langfusePrompt:name=b|label=x@@@ @@@langfusePrompt:label=x|name=c@@@ @@@langfusePrompt:name=d@@@ @@@langfusePrompt:name=e|version=two@@@",
    );
    expect(tags.map((t) => [t.name, t.version ?? t.label])).toEqual([
      ["a", 2],
      ["b", "x"],
    ]);
  });
});

describe("faults and persistence", () => {
  it("answers a 429 fault with Langfuse's body and the fault's Retry-After", async () => {
    emu.faults.add({ match: { vendor: "langfuse" }, status: 429, headers: { "retry-after": "2" }, times: 1 });
    const limited = await get(at(L.welcomeEmail.name));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect(limited.json).toEqual({ message: "Rate limit exceeded", code: 429 });
    expect(validate(helpers.responseSchema(spec, "GET", `${PROMPTS}/{promptName}`, 429), limited.json)).toEqual([]);
    expect((await get(at(L.welcomeEmail.name))).status).toBe(200);
  });

  it("persists writes to the state file and refuses a malformed langfuse slice", async () => {
    const dir = mkdtempSync(join(tmpdir(), "polyprompt-langfuse-"));
    try {
      const file = join(dir, "state.json");
      let persisted = await startEmulator({ dataFile: file });
      try {
        expect((await call(persisted, "langfuse", "POST", PROMPTS, { body: { name: "kept", prompt: "k" } })).status).toBe(201);
      } finally {
        await persisted.close();
      }
      persisted = await startEmulator({ dataFile: file });
      try {
        expect((await call(persisted, "langfuse", "GET", at("kept", "?label=latest"))).json.prompt).toBe("k");
      } finally {
        await persisted.close();
      }
      const broken = JSON.parse(readFileSync(file, "utf8"));
      broken.langfuse.prompts[0].version = "one";
      writeFileSync(file, JSON.stringify(broken));
      await expect(startEmulator({ dataFile: file })).rejects.toThrow(/langfuse\/prompts\/0\/version/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
