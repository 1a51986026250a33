// Contract test: drives every operation of both specs (success and error paths) against the
// emulator and validates every response body against the spec's schema for that status. A status
// the spec does not document fails the test, and so does an operation left undriven.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, SEED, type Emulator } from "./index.js";
import { call, type CallOptions, type Vendor } from "./__fixtures__/harness.js";

interface OpenApiHelpers {
  loadSpec(vendor: Vendor): Spec;
  createValidator(spec: Spec): (schema: unknown, value: unknown) => string[];
  responseSchema(spec: Spec, method: string, path: string, status: number): unknown;
}
interface Spec {
  paths: Record<string, Record<string, unknown>>;
}

// A computed specifier: the repo script is plain JS without type declarations.
const helpersUrl = new URL("../../../scripts/openapi.mjs", import.meta.url).href;
const { loadSpec, createValidator, responseSchema } = (await import(helpersUrl)) as OpenApiHelpers;

interface Case {
  /** The spec's path template. */
  op: string;
  method: string;
  /** The concrete vendor-relative path (defaults to `op`). */
  path?: string;
  status: number;
  options?: CallOptions;
  /** Runs against an emulator started without seed data. */
  empty?: boolean;
  note?: string;
}

const H = SEED.helicone;
const T = SEED.tela;
const NO_KEY: CallOptions = { key: null };
const WRONG_KEY: CallOptions = { key: "sk-wrong" };
const UNKNOWN_UUID = "00000000-0000-4000-8000-000000000000";

const heliconeCases: Case[] = [
  { op: "/v1/prompt-2025/id/{promptId}", method: "GET", path: `/v1/prompt-2025/id/${H.supportAgent.promptId}`, status: 200 },
  { op: "/v1/prompt-2025/id/{promptId}", method: "GET", path: "/v1/prompt-2025/id/zzzzzz", status: 500, note: "unknown prompt" },
  {
    op: "/v1/prompt-2025/id/{promptId}",
    method: "GET",
    path: `/v1/prompt-2025/id/${H.supportAgent.promptId}`,
    status: 401,
    options: NO_KEY,
  },

  {
    op: "/v1/prompt-2025/id/{promptId}/rename",
    method: "POST",
    path: `/v1/prompt-2025/id/${H.supportAgent.promptId}/rename`,
    status: 200,
    options: { body: { name: "Support v2" } },
  },
  {
    op: "/v1/prompt-2025/id/{promptId}/rename",
    method: "POST",
    path: "/v1/prompt-2025/id/zzzzzz/rename",
    status: 200,
    options: { body: { name: "x" } },
    note: "no existence check",
  },
  {
    op: "/v1/prompt-2025/id/{promptId}/rename",
    method: "POST",
    path: `/v1/prompt-2025/id/${H.supportAgent.promptId}/rename`,
    status: 401,
    options: { ...WRONG_KEY, body: { name: "x" } },
  },

  {
    op: "/v1/prompt-2025/id/{promptId}/tags",
    method: "PATCH",
    path: `/v1/prompt-2025/id/${H.supportAgent.promptId}/tags`,
    status: 200,
    options: { body: { tags: [" support ", "triage", "support", ""] } },
  },
  {
    op: "/v1/prompt-2025/id/{promptId}/tags",
    method: "PATCH",
    path: "/v1/prompt-2025/id/zzzzzz/tags",
    status: 404,
    options: { body: { tags: ["a"] } },
  },
  {
    op: "/v1/prompt-2025/id/{promptId}/tags",
    method: "PATCH",
    path: `/v1/prompt-2025/id/${H.supportAgent.promptId}/tags`,
    status: 401,
    options: { ...NO_KEY, body: { tags: [] } },
  },

  { op: "/v1/prompt-2025/{promptId}", method: "DELETE", path: `/v1/prompt-2025/${H.onboardingEmail.promptId}`, status: 200 },
  { op: "/v1/prompt-2025/{promptId}", method: "DELETE", path: "/v1/prompt-2025/zzzzzz", status: 500 },
  {
    op: "/v1/prompt-2025/{promptId}",
    method: "DELETE",
    path: `/v1/prompt-2025/${H.onboardingEmail.promptId}`,
    status: 401,
    options: NO_KEY,
  },

  {
    op: "/v1/prompt-2025/{promptId}/{versionId}",
    method: "DELETE",
    path: `/v1/prompt-2025/${H.supportAgent.promptId}/${H.supportAgent.versions["2.1"]}`,
    status: 200,
  },
  {
    op: "/v1/prompt-2025/{promptId}/{versionId}",
    method: "DELETE",
    path: `/v1/prompt-2025/${H.supportAgent.promptId}/${UNKNOWN_UUID}`,
    status: 500,
  },
  {
    op: "/v1/prompt-2025/{promptId}/{versionId}",
    method: "DELETE",
    path: `/v1/prompt-2025/${H.supportAgent.promptId}/${H.supportAgent.versions["2.1"]}`,
    status: 401,
    options: WRONG_KEY,
  },

  {
    op: "/v1/prompt-2025/id/{promptId}/{versionId}/inputs",
    method: "GET",
    path: `/v1/prompt-2025/id/${H.supportAgent.promptId}/${H.supportAgent.versions["1.1"]}/inputs?requestId=${H.supportAgent.inputsRequestId}`,
    status: 200,
  },
  {
    op: "/v1/prompt-2025/id/{promptId}/{versionId}/inputs",
    method: "GET",
    path: `/v1/prompt-2025/id/${H.supportAgent.promptId}/${H.supportAgent.versions["1.1"]}/inputs?requestId=${UNKNOWN_UUID}`,
    status: 404,
  },
  {
    op: "/v1/prompt-2025/id/{promptId}/{versionId}/inputs",
    method: "GET",
    path: `/v1/prompt-2025/id/${H.brandVoice.promptId}/${H.supportAgent.versions["1.1"]}/inputs?requestId=${UNKNOWN_UUID}`,
    status: 500,
    note: "version of another prompt",
  },
  {
    op: "/v1/prompt-2025/id/{promptId}/{versionId}/inputs",
    method: "GET",
    path: `/v1/prompt-2025/id/${H.supportAgent.promptId}/${H.supportAgent.versions["1.1"]}/inputs?requestId=x`,
    status: 401,
    options: NO_KEY,
  },

  { op: "/v1/prompt-2025/tags", method: "GET", status: 200 },
  { op: "/v1/prompt-2025/tags", method: "GET", status: 401, options: NO_KEY },
  { op: "/v1/prompt-2025/environments", method: "GET", status: 200 },
  { op: "/v1/prompt-2025/environments", method: "GET", status: 401, options: WRONG_KEY },

  {
    op: "/v1/prompt-2025",
    method: "POST",
    status: 201,
    options: {
      body: {
        name: "contract",
        tags: ["t"],
        promptBody: { model: "gpt-4o-mini", messages: [{ role: "system", content: "Hi {{hc:name:string}}" }] },
      },
    },
  },
  { op: "/v1/prompt-2025", method: "POST", status: 401, options: { ...NO_KEY, body: { name: "x", tags: [], promptBody: {} } } },

  {
    op: "/v1/prompt-2025/update",
    method: "POST",
    status: 200,
    options: {
      body: {
        promptId: H.supportAgent.promptId,
        promptVersionId: H.supportAgent.versions["1.0"],
        newMajorVersion: false,
        commitMessage: "c",
        promptBody: { model: "gpt-4o" },
        environment: "qa",
      },
    },
  },
  {
    op: "/v1/prompt-2025/update",
    method: "POST",
    status: 500,
    options: {
      body: { promptId: H.supportAgent.promptId, promptVersionId: UNKNOWN_UUID, newMajorVersion: true, commitMessage: "c", promptBody: {} },
    },
  },
  { op: "/v1/prompt-2025/update", method: "POST", status: 401, options: { ...NO_KEY, body: {} } },

  {
    op: "/v1/prompt-2025/update/environment",
    method: "POST",
    status: 200,
    options: { body: { promptId: H.supportAgent.promptId, promptVersionId: H.supportAgent.versions["2.0"], environment: "production" } },
  },
  {
    op: "/v1/prompt-2025/update/environment",
    method: "POST",
    status: 500,
    options: { body: { promptId: H.brandVoice.promptId, promptVersionId: H.supportAgent.versions["2.0"], environment: "production" } },
  },
  { op: "/v1/prompt-2025/update/environment", method: "POST", status: 401, options: { ...WRONG_KEY, body: {} } },

  {
    op: "/v1/prompt-2025/remove/environment",
    method: "POST",
    status: 200,
    options: { body: { promptId: H.supportAgent.promptId, promptVersionId: H.supportAgent.versions["1.1"], environment: "production" } },
  },
  {
    op: "/v1/prompt-2025/remove/environment",
    method: "POST",
    status: 500,
    options: { body: { promptId: H.supportAgent.promptId, promptVersionId: UNKNOWN_UUID, environment: "production" } },
  },
  { op: "/v1/prompt-2025/remove/environment", method: "POST", status: 401, options: { ...NO_KEY, body: {} } },

  { op: "/v1/prompt-2025/count", method: "GET", status: 200 },
  { op: "/v1/prompt-2025/count", method: "GET", status: 500, empty: true, note: "zero prompts: 500 with {data:0, error:null}" },
  { op: "/v1/prompt-2025/count", method: "GET", status: 401, options: NO_KEY },

  {
    op: "/v1/prompt-2025/query",
    method: "POST",
    status: 200,
    options: { body: { search: "support", tagsFilter: ["support"], page: 0, pageSize: 10 } },
  },
  { op: "/v1/prompt-2025/query", method: "POST", status: 401, options: { ...NO_KEY, body: {} } },

  {
    op: "/v1/prompt-2025/query/version",
    method: "POST",
    status: 200,
    options: { body: { promptVersionId: H.supportAgent.versions["2.0"] } },
  },
  {
    op: "/v1/prompt-2025/query/version",
    method: "POST",
    status: 200,
    options: { body: { promptVersionId: H.ticketClassifier.versions["0.1"] } },
    note: "legacy `environment` field",
  },
  { op: "/v1/prompt-2025/query/version", method: "POST", status: 500, options: { body: { promptVersionId: UNKNOWN_UUID } } },
  { op: "/v1/prompt-2025/query/version", method: "POST", status: 401, options: { ...NO_KEY, body: {} } },

  {
    op: "/v1/prompt-2025/query/environment-version",
    method: "POST",
    status: 200,
    options: { body: { promptId: H.supportAgent.promptId, environment: "staging" } },
  },
  {
    op: "/v1/prompt-2025/query/environment-version",
    method: "POST",
    status: 500,
    options: { body: { promptId: H.supportAgent.promptId, environment: "nowhere" } },
  },
  { op: "/v1/prompt-2025/query/environment-version", method: "POST", status: 401, options: { ...WRONG_KEY, body: {} } },

  { op: "/v1/prompt-2025/query/versions", method: "POST", status: 200, options: { body: { promptId: H.supportAgent.promptId } } },
  {
    op: "/v1/prompt-2025/query/versions",
    method: "POST",
    status: 200,
    options: { body: { promptId: H.ticketClassifier.promptId, majorVersion: 0 } },
  },
  { op: "/v1/prompt-2025/query/versions", method: "POST", status: 401, options: { ...NO_KEY, body: {} } },

  { op: "/v1/prompt-2025/query/production-version", method: "POST", status: 200, options: { body: { promptId: H.supportAgent.promptId } } },
  {
    op: "/v1/prompt-2025/query/production-version",
    method: "POST",
    status: 500,
    options: { body: { promptId: H.onboardingEmail.promptId } },
  },
  { op: "/v1/prompt-2025/query/production-version", method: "POST", status: 401, options: { ...NO_KEY, body: {} } },

  { op: "/v1/prompt-2025/query/total-versions", method: "POST", status: 200, options: { body: { promptId: H.supportAgent.promptId } } },
  { op: "/v1/prompt-2025/query/total-versions", method: "POST", status: 401, options: { ...NO_KEY, body: {} } },

  {
    op: "/v1/prompt-2025/{promptVersionId}/prompt-body",
    method: "GET",
    path: `/v1/prompt-2025/${H.supportAgent.versions["2.0"]}/prompt-body`,
    status: 200,
  },
  { op: "/v1/prompt-2025/{promptVersionId}/prompt-body", method: "GET", path: `/v1/prompt-2025/${UNKNOWN_UUID}/prompt-body`, status: 404 },
  {
    op: "/v1/prompt-2025/{promptVersionId}/prompt-body",
    method: "GET",
    path: `/v1/prompt-2025/${UNKNOWN_UUID}/prompt-body`,
    status: 401,
    options: NO_KEY,
  },

  // Every seeded version, with its body.
  ...Object.values(H).flatMap((prompt) =>
    Object.entries(prompt.versions).map(
      ([n, id]): Case => ({
        op: "/v2/prompt-2025/query/version",
        method: "POST",
        status: 200,
        options: { body: { promptVersionId: id } },
        note: `${prompt.promptId} ${n}`,
      }),
    ),
  ),
  { op: "/v2/prompt-2025/query/version", method: "POST", status: 500, options: { body: { promptVersionId: UNKNOWN_UUID } } },
  { op: "/v2/prompt-2025/query/version", method: "POST", status: 401, options: { ...NO_KEY, body: {} } },
  {
    op: "/v2/prompt-2025/query/environment-version",
    method: "POST",
    status: 200,
    options: { body: { promptId: H.ticketClassifier.promptId, environment: "staging" } },
  },
  {
    op: "/v2/prompt-2025/query/environment-version",
    method: "POST",
    status: 500,
    options: { body: { promptId: "zzzzzz", environment: "staging" } },
  },
  { op: "/v2/prompt-2025/query/environment-version", method: "POST", status: 401, options: { ...WRONG_KEY, body: {} } },
  { op: "/v2/prompt-2025/query/production-version", method: "POST", status: 200, options: { body: { promptId: H.brandVoice.promptId } } },
  {
    op: "/v2/prompt-2025/query/production-version",
    method: "POST",
    status: 500,
    options: { body: { promptId: H.onboardingEmail.promptId } },
  },
  { op: "/v2/prompt-2025/query/production-version", method: "POST", status: 401, options: { ...NO_KEY, body: {} } },
];

const D = T.docAnalysis;
const versionBody = {
  promptId: D.promptId,
  title: "Contract v6",
  configuration: { model: "gpt-4o", type: "chat" },
  variables: [{ name: "document", type: "file", required: true }],
};

const telaCases: Case[] = [
  { op: "/prompt", method: "GET", status: 200 },
  { op: "/prompt", method: "GET", path: "/prompt?includePromotedVersion=true", status: 200 },
  { op: "/prompt", method: "GET", path: `/prompt?projectId=${T.projectId}&includePromotedVersion=true`, status: 200 },
  { op: "/prompt", method: "GET", path: "/prompt?personal=true", status: 200 },
  { op: "/prompt", method: "GET", path: "/prompt?projectId=not-a-uuid", status: 400 },
  { op: "/prompt", method: "GET", status: 401, options: NO_KEY },

  { op: "/prompt/{id}", method: "GET", path: `/prompt/${D.promptId}`, status: 200 },
  { op: "/prompt/{id}", method: "GET", path: `/prompt/${UNKNOWN_UUID}`, status: 404 },
  { op: "/prompt/{id}", method: "GET", path: "/prompt/not-a-uuid", status: 404 },
  { op: "/prompt/{id}", method: "GET", path: `/prompt/${D.promptId}`, status: 401, options: WRONG_KEY },

  { op: "/prompt/{id}/promoted-version", method: "GET", path: `/prompt/${D.promptId}/promoted-version`, status: 200 },
  {
    op: "/prompt/{id}/promoted-version",
    method: "GET",
    path: `/prompt/${T.meetingSummarizer.promptId}/promoted-version`,
    status: 200,
    note: "legacy promoted flag",
  },
  { op: "/prompt/{id}/promoted-version", method: "GET", path: `/prompt/${T.scratchpad.promptId}/promoted-version`, status: 404 },
  { op: "/prompt/{id}/promoted-version", method: "GET", path: `/prompt/${D.promptId}/promoted-version`, status: 401, options: NO_KEY },

  { op: "/prompt/{id}/latest-version", method: "GET", path: `/prompt/${D.promptId}/latest-version`, status: 200 },
  { op: "/prompt/{id}/latest-version", method: "GET", path: `/prompt/${T.contractReview.promptId}/latest-version`, status: 200 },
  { op: "/prompt/{id}/latest-version", method: "GET", path: `/prompt/${UNKNOWN_UUID}/latest-version`, status: 404 },
  { op: "/prompt/{id}/latest-version", method: "GET", path: `/prompt/${D.promptId}/latest-version`, status: 401, options: NO_KEY },

  { op: "/prompt-version", method: "GET", path: `/prompt-version?promptId=${D.promptId}`, status: 200 },
  { op: "/prompt-version", method: "GET", path: `/prompt-version?promptId=${T.meetingSummarizer.promptId}`, status: 200 },
  { op: "/prompt-version", method: "GET", path: "/prompt-version", status: 400, note: "promptId is required" },
  { op: "/prompt-version", method: "GET", path: `/prompt-version?promptId=${D.promptId}`, status: 401, options: WRONG_KEY },

  {
    op: "/prompt-version",
    method: "POST",
    status: 201,
    options: { body: { ...versionBody, message: { role: "system", content: "Read {document}." } } },
  },
  {
    op: "/prompt-version",
    method: "POST",
    status: 201,
    options: { body: { ...versionBody, messages: { role: "system", content: "Read {{document}}." } } },
  },
  {
    op: "/prompt-version",
    method: "POST",
    status: 201,
    options: { body: { ...versionBody, messages: [{ role: "system", content: "Read {document}." }], draft: false } },
  },
  { op: "/prompt-version", method: "POST", status: 201, options: { body: { ...versionBody, content: "Read {document}." } } },
  {
    op: "/prompt-version",
    method: "POST",
    status: 400,
    options: {
      body: {
        ...versionBody,
        messages: [
          { role: "system", content: "a" },
          { role: "system", content: "b" },
        ],
      },
    },
  },
  { op: "/prompt-version", method: "POST", status: 400, options: { body: { promptId: D.promptId } }, note: "missing fields" },
  {
    op: "/prompt-version",
    method: "POST",
    status: 400,
    options: { body: { ...versionBody, promptId: UNKNOWN_UUID } },
    note: "unknown canvas",
  },
  { op: "/prompt-version", method: "POST", status: 400, options: { rawBody: "{not json" } },
  { op: "/prompt-version", method: "POST", status: 401, options: { ...NO_KEY, body: versionBody } },

  { op: "/prompt-version/history", method: "GET", path: `/prompt-version/history?promptId=${D.promptId}&limit=2&offset=1`, status: 200 },
  { op: "/prompt-version/history", method: "GET", path: `/prompt-version/history?promptId=${UNKNOWN_UUID}`, status: 200 },
  { op: "/prompt-version/history", method: "GET", path: `/prompt-version/history?promptId=${D.promptId}&limit=101`, status: 400 },
  { op: "/prompt-version/history", method: "GET", path: `/prompt-version/history?promptId=${D.promptId}`, status: 401, options: NO_KEY },

  // Every seeded version.
  ...[T.docAnalysis, T.contractReview, T.meetingSummarizer, T.scratchpad].flatMap((canvas) =>
    Object.entries(canvas.versions).map(
      ([n, id]): Case => ({ op: "/prompt-version/{id}", method: "GET", path: `/prompt-version/${id}`, status: 200, note: n }),
    ),
  ),
  { op: "/prompt-version/{id}", method: "GET", path: `/prompt-version/${UNKNOWN_UUID}`, status: 404 },
  { op: "/prompt-version/{id}", method: "GET", path: `/prompt-version/${D.versions.v1}`, status: 401, options: WRONG_KEY },

  {
    op: "/prompt-version/{id}",
    method: "PATCH",
    path: `/prompt-version/${D.versions.v5}`,
    status: 200,
    options: { body: { title: "Renamed", draft: false, message: { role: "system", content: "New {document}" } } },
  },
  { op: "/prompt-version/{id}", method: "PATCH", path: `/prompt-version/${UNKNOWN_UUID}`, status: 404, options: { body: { title: "x" } } },
  { op: "/prompt-version/{id}", method: "PATCH", path: `/prompt-version/${D.versions.v5}`, status: 400, options: { body: { title: 42 } } },
  { op: "/prompt-version/{id}", method: "PATCH", path: `/prompt-version/${D.versions.v5}`, status: 401, options: { ...NO_KEY, body: {} } },

  {
    op: "/environment/publish-by-name",
    method: "POST",
    status: 200,
    options: { body: { resourceType: "prompt", resourceId: D.promptId, envName: "production", versionId: D.versions.v5 } },
  },
  {
    op: "/environment/publish-by-name",
    method: "POST",
    status: 200,
    options: {
      body: { resourceType: "prompt", resourceId: D.promptId, envName: "eu-staging", versionId: D.versions.v4, autoCreate: true },
    },
  },
  {
    op: "/environment/publish-by-name",
    method: "POST",
    status: 404,
    options: { body: { resourceType: "prompt", resourceId: D.promptId, envName: "eu-staging", versionId: D.versions.v4 } },
    note: "unknown environment without autoCreate",
  },
  {
    op: "/environment/publish-by-name",
    method: "POST",
    status: 404,
    options: { body: { resourceType: "prompt", resourceId: D.promptId, envName: "staging", versionId: T.contractReview.versions.v1 } },
    note: "version of another canvas",
  },
  {
    op: "/environment/publish-by-name",
    method: "POST",
    status: 400,
    options: { body: { resourceType: "prompt", resourceId: D.promptId, envName: "Not Valid", versionId: D.versions.v4 } },
  },
  { op: "/environment/publish-by-name", method: "POST", status: 401, options: { ...WRONG_KEY, body: {} } },
];

const METHODS = ["get", "put", "post", "delete", "patch"];

// Typed by the registry: a registered vendor without contract cases fails `typecheck`.
const casesByVendor: Record<Vendor, Case[]> = { helicone: heliconeCases, tela: telaCases };

for (const [vendor, cases] of Object.entries(casesByVendor) as [Vendor, Case[]][]) {
  describe(`${vendor} contract`, () => {
    const spec = loadSpec(vendor);
    const validate = createValidator(spec);
    let emu: Emulator;
    let empty: Emulator;
    const seen = new Map<string, Set<"success" | "error">>();

    beforeAll(async () => {
      [emu, empty] = await Promise.all([startEmulator(), startEmulator({ seedData: false })]);
    });
    afterAll(async () => {
      await Promise.all([emu.close(), empty.close()]);
    });
    beforeEach(() => emu.reset());

    for (const c of cases) {
      const name = `${c.method} ${c.path ?? c.op} → ${c.status}${c.note ? ` (${c.note})` : ""}${c.options?.key === null ? " (no key)" : c.options?.key ? " (wrong key)" : ""}`;
      it(name, async () => {
        const res = await call(c.empty ? empty : emu, vendor, c.method, c.path ?? c.op, c.options);
        expect(res.status, res.text).toBe(c.status);
        const schema = responseSchema(spec, c.method, c.op, res.status);
        expect(schema, `the spec documents no ${res.status} JSON response for ${c.method} ${c.op}`).toBeDefined();
        expect(res.headers.get("content-type")).toMatch(/^application\/json/);
        expect(validate(schema, res.json), res.text).toEqual([]);
        const key = `${c.method} ${c.op}`;
        if (!seen.has(key)) seen.set(key, new Set());
        seen.get(key)!.add(res.status < 400 ? "success" : "error");
      });
    }

    it("drove every operation of the spec, on a success and an error path", () => {
      const missing: string[] = [];
      for (const [path, item] of Object.entries(spec.paths)) {
        for (const method of METHODS) {
          if (!item[method]) continue;
          const got = seen.get(`${method.toUpperCase()} ${path}`);
          if (!got?.has("success")) missing.push(`${method.toUpperCase()} ${path} (success)`);
          if (!got?.has("error")) missing.push(`${method.toUpperCase()} ${path} (error)`);
        }
      }
      expect(missing).toEqual([]);
    });
  });
}
