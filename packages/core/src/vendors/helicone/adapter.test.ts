// The Helicone adapter over real HTTP, answering with the vendor's documented payloads.
import { afterEach, describe, expect, it } from "vitest";
import { createPromptClient } from "../../client/create-client.js";
import { caught } from "../../test-support/emulator.js";
import { serveFixtures, type Routes } from "../../test-support/fixture-server.js";
import { helicone } from "./index.js";
import errorNotFound from "./__fixtures__/error-not-found-500.json" with { type: "json" };
import versions from "./__fixtures__/v1-versions.json" with { type: "json" };
import production from "./__fixtures__/v2-production-version.json" with { type: "json" };
import legacy from "./__fixtures__/v2-version-legacy-environment.json" with { type: "json" };

let server: Awaited<ReturnType<typeof serveFixtures>> | undefined;
afterEach(() => server?.close());

async function clientWith(routes: Routes) {
  server = await serveFixtures(routes);
  return createPromptClient({ vendors: [helicone({ apiKey: "sk-test", baseUrl: server.baseUrl })], retry: false });
}

describe("helicone adapter", () => {
  it("gets production in ONE request through the v2 query, with Bearer auth", async () => {
    const prompts = await clientWith({ "POST /v2/prompt-2025/query/production-version": { body: production } });
    const version = await prompts.get("helicone:prompt_123");
    expect(server!.seen).toHaveLength(1);
    expect(server!.seen[0]).toMatchObject({ body: { promptId: "prompt_123" }, authorization: "Bearer sk-test" });
    expect(version).toMatchObject({
      vendor: "helicone",
      promptId: "prompt_123",
      versionId: "version_789",
      version: "2.0",
      environments: ["production"],
      draft: false,
      commitMessage: "Production-ready version with improved accuracy",
      model: "gpt-4o-mini",
      createdAt: "2024-01-16T16:45:00.000Z",
      params: { temperature: 0.7, maxTokens: 1000 },
      messages: [{ role: "system", content: "You are a helpful AI assistant.\n\nYou are speaking to {{ hc:name:string }}" }],
      variables: [{ name: "name", type: "string", required: true }],
      template: "helicone",
      raw: [production.data],
    });
  });

  it("quirk: accepts the older singular `environment`", async () => {
    const prompts = await clientWith({ "POST /v2/prompt-2025/query/version": { body: legacy } });
    const version = await prompts.get("helicone:prompt_123#version_456");
    expect(version.environments).toEqual(["production"]);
    expect(version.version).toBe("1.2");
  });

  it("a version id of another prompt is not_found", async () => {
    const prompts = await clientWith({ "POST /v2/prompt-2025/query/version": { body: legacy } });
    expect((await caught(() => prompts.get("helicone:other1#version_456"))).code).toBe("not_found");
  });

  it("quirk: a 500 whose envelope says 'not found' is not_found", async () => {
    const prompts = await clientWith({ "POST /v2/prompt-2025/query/environment-version": { status: 500, body: errorNotFound } });
    const err = await caught(() => prompts.get("helicone:prompt_123@staging"));
    expect(err).toMatchObject({
      code: "not_found",
      status: 500,
      vendor: "helicone",
      operation: "GetPrompt2025EnvironmentVersionWithBody",
      retryable: false,
    });
    expect(err.message).toContain("Prompt version not found");
    expect(server!.seen[0]!.body).toEqual({ promptId: "prompt_123", environment: "staging" });
  });

  it("resolves @latest, @2.x and @2.0 from the version list, then fetches that version", async () => {
    const withBody = (id: string) => ({
      body: { data: { ...versions.data.find((v) => v.id === id)!, prompt_body: production.data.prompt_body }, error: null },
    });
    const prompts = await clientWith({
      "POST /v1/prompt-2025/query/versions": (req) => ({
        body: {
          data: versions.data.filter(
            (v) =>
              (req.body as { majorVersion?: number }).majorVersion === undefined ||
              v.major_version === (req.body as { majorVersion: number }).majorVersion,
          ),
          error: null,
        },
      }),
      "POST /v2/prompt-2025/query/version": (req) => withBody((req.body as { promptVersionId: string }).promptVersionId),
    });
    expect((await prompts.get("helicone:prompt_abc123xyz@latest")).version).toBe("2.1");
    expect((await prompts.get("helicone:prompt_abc123xyz@2.x")).version).toBe("2.1");
    expect((await prompts.get("helicone:prompt_abc123xyz@2")).version).toBe("2.1");
    expect((await prompts.get("helicone:prompt_abc123xyz@2.0")).versionId).toBe("version_def456uvw");
    expect((await caught(() => prompts.get("helicone:prompt_abc123xyz@3.x"))).code).toBe("not_found");
    expect(server!.seen.filter((r) => r.path.endsWith("/query/versions")).map((r) => r.body)).toContainEqual({
      promptId: "prompt_abc123xyz",
      majorVersion: 2,
    });
  });

  it("lists versions newest first with environments", async () => {
    const prompts = await clientWith({ "POST /v1/prompt-2025/query/versions": { body: versions } });
    const list = await prompts.listVersions("helicone:prompt_abc123xyz");
    expect(list.map((v) => [v.version, v.environments])).toEqual([
      ["2.1", ["production"]],
      ["2.0", ["staging"]],
      ["1.0", []],
    ]);
    expect(list[0]).toMatchObject({ source: "network", commitMessage: "Updated temperature and added max_tokens", model: "gpt-4o" });
  });

  it("quirk: query/versions stops at 50 rows, so a full page is completed major by major", async () => {
    const all = Array.from({ length: 70 }, (_, i) => ({
      ...versions.data[0]!,
      id: `v${i}`,
      major_version: Math.floor(i / 35),
      minor_version: i % 35,
      environments: [],
      created_at: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(),
    })).reverse();
    const prompts = await clientWith({
      "POST /v1/prompt-2025/query/versions": (req) => {
        const major = (req.body as { majorVersion?: number }).majorVersion;
        return { body: { data: all.filter((v) => major === undefined || v.major_version === major).slice(0, 50), error: null } };
      },
      "POST /v1/prompt-2025/query/total-versions": { body: { data: { totalVersions: 70, majorVersions: 1 }, error: null } },
    });
    const list = await prompts.listVersions("helicone:prompt_abc123xyz");
    expect(list).toHaveLength(70);
    expect(list[0]!.version).toBe("1.34");
    expect(list.at(-1)!.version).toBe("0.0");
  });

  it("a v2 answer without prompt_body is invalid_response, naming the path", async () => {
    const { prompt_body: _, ...bare } = production.data;
    const prompts = await clientWith({ "POST /v2/prompt-2025/query/production-version": { body: { data: bare, error: null } } });
    const err = await caught(() => prompts.get("helicone:prompt_123"));
    expect(err).toMatchObject({ code: "invalid_response", vendor: "helicone" });
    expect(err.message).toContain("prompt_body");
  });

  it("a payload that does not match the spec is invalid_response, naming the first bad path", async () => {
    const prompts = await clientWith({
      "POST /v2/prompt-2025/query/production-version": { body: { data: { ...production.data, major_version: "2" }, error: null } },
    });
    const err = await caught(() => prompts.get("helicone:prompt_123"));
    expect(err.code).toBe("invalid_response");
    expect(err.message).toContain("$.data.major_version");
    expect(err.message).toContain('expected number but got string "2"');
  });

  it("a 401 is unauthorized", async () => {
    const prompts = await clientWith({
      "POST /v2/prompt-2025/query/production-version": { status: 401, body: { error: "No authorization header" } },
    });
    expect((await caught(() => prompts.get("helicone:prompt_123"))).code).toBe("unauthorized");
  });
});
