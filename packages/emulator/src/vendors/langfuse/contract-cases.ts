// Langfuse contract cases: every operation of specs/langfuse/openapi.yaml, success and error paths.
// Run by src/contract.test.ts, which validates each response against the spec. (The 403 for a
// Bearer public key needs a header the harness does not build; langfuse.test.ts checks it against
// the spec.)
import { SEED } from "../../index.js";
import { type ContractCase, defineContractCases, NO_KEY, WRONG_KEY } from "../../__fixtures__/contract.js";

const L = SEED.langfuse;
const PROMPTS = "/api/public/v2/prompts";
const one = (name: string, query = "") => `${PROMPTS}/${encodeURIComponent(name)}${query}`;
const GET_OP = `${PROMPTS}/{promptName}`;
const PATCH_OP = `${PROMPTS}/{name}/versions/{version}`;

export default defineContractCases([
  // List.
  { op: PROMPTS, method: "GET", status: 200 },
  { op: PROMPTS, method: "GET", path: `${PROMPTS}?page=2&limit=2`, status: 200 },
  { op: PROMPTS, method: "GET", path: `${PROMPTS}?label=staging&tag=support`, status: 200 },
  { op: PROMPTS, method: "GET", path: `${PROMPTS}?name=${encodeURIComponent(L.supportChat.name)}`, status: 200 },
  { op: PROMPTS, method: "GET", path: `${PROMPTS}?fromUpdatedAt=2025-04-01T00:00:00.000Z&toUpdatedAt=2025-05-01T00:00:00Z`, status: 200 },
  { op: PROMPTS, method: "GET", status: 200, empty: true, note: "no prompts" },
  { op: PROMPTS, method: "GET", path: `${PROMPTS}?page=0`, status: 400 },
  { op: PROMPTS, method: "GET", path: `${PROMPTS}?limit=abc`, status: 400 },
  { op: PROMPTS, method: "GET", status: 401, options: NO_KEY },
  { op: PROMPTS, method: "GET", status: 401, options: WRONG_KEY },

  // Get, by every kind of reference, resolved and not.
  ...Object.values(L).flatMap((prompt) =>
    typeof prompt === "string"
      ? []
      : [
          ...prompt.versions.map(
            (v): ContractCase => ({ op: GET_OP, method: "GET", path: one(prompt.name, `?version=${v}`), status: 200, note: `v${v}` }),
          ),
          ...Object.keys(prompt.labels).map(
            (label): ContractCase => ({ op: GET_OP, method: "GET", path: one(prompt.name, `?label=${label}`), status: 200 }),
          ),
          { op: GET_OP, method: "GET", path: one(prompt.name), status: 200, note: "production" },
        ],
  ),
  { op: GET_OP, method: "GET", path: one(L.supportAgent.name, "?resolve=false"), status: 200 },
  { op: GET_OP, method: "GET", path: one("no-such-prompt"), status: 404 },
  { op: GET_OP, method: "GET", path: one(L.welcomeEmail.name, "?label=canary"), status: 404 },
  { op: GET_OP, method: "GET", path: one(L.welcomeEmail.name, "?version=9"), status: 404 },
  { op: GET_OP, method: "GET", path: one(L.welcomeEmail.name, "?version=1&label=production"), status: 400 },
  { op: GET_OP, method: "GET", path: one(L.welcomeEmail.name, "?version=x"), status: 400 },
  { op: GET_OP, method: "GET", path: one(L.welcomeEmail.name), status: 401, options: NO_KEY },

  // Create.
  {
    op: PROMPTS,
    method: "POST",
    status: 201,
    options: { body: { name: L.welcomeEmail.name, prompt: "Hello {{name}}", labels: ["staging"], commitMessage: "c" } },
    note: "next version of a text prompt",
  },
  {
    op: PROMPTS,
    method: "POST",
    status: 201,
    options: {
      body: {
        name: "folder/new-chat",
        type: "chat",
        prompt: [
          { role: "system", content: "@@@langfusePrompt:name=brand-voice|version=2@@@" },
          { type: "placeholder", name: "history" },
        ],
        config: { model: "gpt-4o" },
        labels: ["production"],
        tags: ["new"],
      },
    },
    note: "new chat prompt with a dependency",
  },
  { op: PROMPTS, method: "POST", status: 400, options: { body: { prompt: "no name" } } },
  { op: PROMPTS, method: "POST", status: 400, options: { body: { name: "x", prompt: "y", labels: ["Not Valid"] } } },
  { op: PROMPTS, method: "POST", status: 400, options: { body: { name: "x", prompt: "y", labels: ["latest"] } }, note: "latest" },
  { op: PROMPTS, method: "POST", status: 400, options: { rawBody: "{not json" } },
  {
    op: PROMPTS,
    method: "POST",
    status: 400,
    options: { body: { name: L.welcomeEmail.name, type: "chat", prompt: [{ role: "user", content: "x" }] } },
    note: "type change",
  },
  {
    op: PROMPTS,
    method: "POST",
    status: 409,
    options: { body: { name: "orphan", prompt: "@@@langfusePrompt:name=nowhere|label=production@@@" } },
    note: "missing child",
  },
  {
    op: PROMPTS,
    method: "POST",
    status: 409,
    options: { body: { name: L.brandVoice.name, prompt: "@@@langfusePrompt:name=support/agent|label=production@@@" } },
    note: "chat child",
  },
  { op: PROMPTS, method: "POST", status: 401, options: { ...NO_KEY, body: { name: "x", prompt: "y" } } },

  // Update labels.
  {
    op: PATCH_OP,
    method: "PATCH",
    path: `${PROMPTS}/${encodeURIComponent(L.supportChat.name)}/versions/3`,
    status: 200,
    options: { body: { newLabels: ["production", "canary"] } },
  },
  { op: PATCH_OP, method: "PATCH", path: `${PROMPTS}/classifier/versions/9`, status: 404, options: { body: { newLabels: ["x"] } } },
  { op: PATCH_OP, method: "PATCH", path: `${PROMPTS}/classifier/versions/1`, status: 400, options: { body: { newLabels: ["latest"] } } },
  { op: PATCH_OP, method: "PATCH", path: `${PROMPTS}/classifier/versions/1`, status: 400, options: { body: {} } },
  {
    op: PATCH_OP,
    method: "PATCH",
    path: `${PROMPTS}/classifier/versions/1`,
    status: 401,
    options: { ...WRONG_KEY, body: { newLabels: [] } },
  },

  // Delete.
  { op: GET_OP, method: "DELETE", path: one(L.classifier.name, "?version=1"), status: 204 },
  { op: GET_OP, method: "DELETE", path: one(L.welcomeEmail.name, "?label=staging"), status: 204 },
  { op: GET_OP, method: "DELETE", path: one(L.supportChat.name), status: 204, note: "every version" },
  { op: GET_OP, method: "DELETE", path: one("no-such-prompt"), status: 404 },
  { op: GET_OP, method: "DELETE", path: one(L.brandVoice.name), status: 400, note: "other prompts include it" },
  { op: GET_OP, method: "DELETE", path: one(L.classifier.name), status: 401, options: NO_KEY },
]);
