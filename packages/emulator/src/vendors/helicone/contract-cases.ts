// Helicone contract cases: every operation of specs/helicone/openapi.yaml, success and error paths.
// Run by src/contract.test.ts, which validates each response against the spec.
import { SEED } from "../../index.js";
import { type ContractCase, defineContractCases, NO_KEY, UNKNOWN_UUID, WRONG_KEY } from "../../__fixtures__/contract.js";

const H = SEED.helicone;

export default defineContractCases([
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
      ([n, id]): ContractCase => ({
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
]);
