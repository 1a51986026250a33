// The Tela adapter over real HTTP, answering with the vendor's documented payload and its
// quirky variants.
import { afterEach, describe, expect, it } from "vitest";
import { createPromptClient } from "../../client/create-client.js";
import { renderPrompt } from "./index.js";
import { caught } from "../../test-support/emulator.js";
import { serveFixtures, type Routes } from "../../test-support/fixture-server.js";
import { tela } from "./index.js";
import contentOnly from "./__fixtures__/content-only.json" with { type: "json" };
import messageSingular from "./__fixtures__/message-singular.json" with { type: "json" };
import messagesObject from "./__fixtures__/messages-object.json" with { type: "json" };
import promotedLegacy from "./__fixtures__/promoted-legacy.json" with { type: "json" };
import docs from "./__fixtures__/prompt-version-docs.json" with { type: "json" };

let server: Awaited<ReturnType<typeof serveFixtures>> | undefined;
afterEach(() => server?.close());

async function clientWith(routes: Routes) {
  server = await serveFixtures(routes);
  return createPromptClient({ vendors: [tela({ apiKey: "tela-test", baseUrl: server.baseUrl })], retry: false });
}

const history =
  (items: Array<{ id: string; versionIndex: number; environments?: string[]; promoted?: boolean; updatedAt?: string }>) =>
  (req: { query: URLSearchParams }) => {
    const limit = Number(req.query.get("limit"));
    const offset = Number(req.query.get("offset"));
    const data = items
      .slice(offset, offset + limit)
      .map((item) => ({ promptId: "prompt_uuid", title: "v", draft: false, promoted: false, ...item }));
    return { body: { data, meta: { total: items.length, limit, offset } } };
  };

describe("tela adapter", () => {
  it("reads the vendor's documented version (messages as an array), with Bearer auth", async () => {
    const prompts = await clientWith({ "GET /prompt/prompt_uuid/promoted-version": { body: docs } });
    const version = await prompts.get("tela:prompt_uuid");
    expect(server!.seen[0]!.authorization).toBe("Bearer tela-test");
    expect(version).toMatchObject({
      vendor: "tela",
      promptId: "prompt_uuid",
      versionId: "version_uuid",
      title: "Document Analysis v2",
      model: "claude-3-opus-20240229",
      type: "chat",
      params: { temperature: 0.7 },
      draft: false,
      messages: [
        { role: "system", content: "You are a document analysis assistant." },
        { role: "user", content: "Please analyze the document {{document}} and answer this question: {{query}}" },
      ],
      variables: [
        { name: "document", type: "file", required: true, description: "The document to analyze" },
        { name: "query", type: "string", required: true, description: "The specific question about the document" },
      ],
      createdAt: "2024-04-01T12:00:00.000Z",
      updatedAt: "2024-04-01T12:30:00.000Z",
      template: "tela",
    });
    // quirk: promoted without a production publication is still production.
    expect(version.environments).toEqual(["production"]);
    const rendered = renderPrompt(version, { document: { url: "https://files.test/a.pdf", mimeType: "application/pdf" }, query: "Total?" });
    expect(rendered.messages[1]!.content).toEqual([
      { type: "text", text: "Please analyze the document " },
      { type: "file", url: "https://files.test/a.pdf", mimeType: "application/pdf", variable: "document" },
      { type: "text", text: " and answer this question: Total?" },
    ]);
  });

  it("quirk: messages as one object", async () => {
    const prompts = await clientWith({ "GET /prompt/prompt_uuid/latest-version": { body: messagesObject } });
    expect((await prompts.get("tela:prompt_uuid@latest")).messages).toEqual([
      { role: "system", content: "You are a document analysis assistant. Answer {query} about {document}." },
    ]);
  });

  it("quirk: the newer singular message, with environments and versionIndex", async () => {
    const prompts = await clientWith({ "GET /prompt/prompt_uuid/promoted-version": { body: messageSingular } });
    const version = await prompts.get("tela:prompt_uuid");
    expect(version.messages).toEqual([{ role: "system", content: "Answer {query} about {document}." }]);
    expect(version.environments).toEqual(["production", "staging"]);
    expect(version.version).toBe("4");
  });

  it("quirk: no messages at all, so the text comes from content; configuration maps to params and a response format", async () => {
    const prompts = await clientWith({
      "GET /prompt-version/version_uuid": { body: { ...contentOnly, versionIndex: 1, environments: [] } },
    });
    const version = await prompts.get("tela:prompt_uuid#version_uuid");
    expect(version.messages).toEqual([{ role: "user", content: "Answer {query} using {document}." }]);
    expect(version.type).toBe("completion");
    expect(version.params).toEqual({ temperature: 0.2, maxTokens: 512 });
    expect(version.responseFormat).toEqual({
      type: "json_schema",
      schema: { type: "object", properties: { answer: { type: "string", id: "p1" } } },
    });
  });

  it("resolves an environment and a version index from the history, following every page", async () => {
    const items = Array.from({ length: 250 }, (_, i) => ({
      id: `v${250 - i}`,
      versionIndex: 250 - i,
      environments: i === 230 ? ["staging"] : [],
    }));
    const prompts = await clientWith({
      "GET /prompt-version/history": history(items),
      "GET /prompt-version/v20": { body: { ...promotedLegacy, id: "v20", versionIndex: undefined, environments: undefined } },
      "GET /prompt-version/v7": {
        body: { ...promotedLegacy, id: "v7", promoted: false, versionIndex: undefined, environments: undefined },
      },
    });
    const staging = await prompts.get("tela:prompt_uuid@staging");
    expect(staging).toMatchObject({ versionId: "v20", version: "20" });
    // `promoted: true` alone does not make it production: only the production route says so.
    expect(staging.environments).toEqual(["staging"]);
    expect(server!.seen.filter((r) => r.path === "/prompt-version/history").map((r) => r.query.get("offset"))).toEqual(["0", "100", "200"]);
    expect((await prompts.get("tela:prompt_uuid@7")).version).toBe("7");
    expect((await caught(() => prompts.get("tela:prompt_uuid@999"))).code).toBe("not_found");
    expect((await caught(() => prompts.get("tela:prompt_uuid@qa"))).code).toBe("not_found");
  });

  it("lists every version from the history, newest first", async () => {
    const items = Array.from({ length: 130 }, (_, i) => ({ id: `v${130 - i}`, versionIndex: 130 - i }));
    const prompts = await clientWith({ "GET /prompt-version/history": history(items) });
    const list = await prompts.listVersions("tela:prompt_uuid");
    expect(list).toHaveLength(130);
    expect(list[0]).toMatchObject({ versionId: "v130", version: "130", source: "network" });
  });

  it("quirk: a legacy canvas promoted on several versions lists only the live one (last updated) in production", async () => {
    const items = [
      { id: "v3", versionIndex: 3, promoted: false, updatedAt: "2025-03-01T00:00:00.000Z" },
      { id: "v2", versionIndex: 2, promoted: true, updatedAt: "2025-02-01T00:00:00.000Z" },
      { id: "v1", versionIndex: 1, promoted: true, updatedAt: "2025-02-15T00:00:00.000Z" },
    ];
    const prompts = await clientWith({ "GET /prompt-version/history": history(items) });
    const list = await prompts.listVersions("tela:prompt_uuid");
    expect(list.map((v) => [v.version, v.environments])).toEqual([
      ["3", []],
      ["2", []],
      ["1", ["production"]],
    ]);
  });

  it("refuses Helicone-style version labels before any request", async () => {
    const prompts = await clientWith({});
    for (const ref of ["tela:p@2.1", "tela:p@2.x", "tela:p@0"]) expect((await caught(() => prompts.get(ref))).code).toBe("invalid_ref");
    expect(server!.seen).toHaveLength(0);
  });

  it("quirk: the error class follows the HTTP status, not the body's `status` field", async () => {
    const prompts = await clientWith({
      "GET /prompt/prompt_uuid/promoted-version": { status: 404, body: { message: "Prompt not found", status: 500 } },
    });
    const err = await caught(() => prompts.get("tela:prompt_uuid"));
    expect(err).toMatchObject({ code: "not_found", status: 404, retryable: false });
    expect(err.message).toContain("Prompt not found");
  });

  it("a version without configuration is invalid_response, naming the path", async () => {
    const { configuration: _, ...broken } = docs;
    const prompts = await clientWith({ "GET /prompt/prompt_uuid/promoted-version": { body: broken } });
    const err = await caught(() => prompts.get("tela:prompt_uuid"));
    expect(err.code).toBe("invalid_response");
    expect(err.message).toContain("$.configuration");
  });
});
