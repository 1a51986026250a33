// Tela contract cases: every operation of specs/tela/openapi.yaml, success and error paths.
// Run by src/contract.test.ts, which validates each response against the spec.
import { SEED } from "../../index.js";
import { type ContractCase, defineContractCases, NO_KEY, UNKNOWN_UUID, WRONG_KEY } from "../../__fixtures__/contract.js";

const T = SEED.tela;
const D = T.docAnalysis;
const versionBody = {
  promptId: D.promptId,
  title: "Contract v6",
  configuration: { model: "gpt-4o", type: "chat" },
  variables: [{ name: "document", type: "file", required: true }],
};

export default defineContractCases([
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
      ([n, id]): ContractCase => ({ op: "/prompt-version/{id}", method: "GET", path: `/prompt-version/${id}`, status: 200, note: n }),
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
]);
