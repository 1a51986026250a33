// Every example in specs/langfuse/openapi.yaml must satisfy its schema, and the checks must be able to fail.
import { describe, expect, test } from "vitest";
import { createValidator, exampleCases, loadSpec } from "../../../scripts/openapi.mjs";

const spec = loadSpec("langfuse");
const validate = createValidator(spec);
const cases = exampleCases(spec);
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const GET = "GET /api/public/v2/prompts/{promptName}";

describe("specs/langfuse/openapi.yaml examples", () => {
  test("the spec has examples for every operation, errors included", () => {
    const names = cases.map((c) => c.name);
    expect(names).toContain(`${GET} 200 application/json examples.chatWithPlaceholder`);
    expect(names).toContain(`${GET} 200 application/json examples.unresolvedDependency`);
    expect(names).toContain(`${GET} 404 application/json examples.promptNotFound`);
    expect(names).toContain(`${GET} 400 application/json examples.validation`);
    expect(names).toContain(`${GET} 429 application/json examples.rateLimited`);
    expect(names).toContain("POST /api/public/v2/prompts request application/json examples.chatWithPlaceholder");
    expect(names).toContain("POST /api/public/v2/prompts request application/json examples.textWithDependency");
    expect(names).toContain("POST /api/public/v2/prompts 409 application/json examples.cycle");
    expect(names).toContain("GET /api/public/v2/prompts 200 application/json examples.firstPage");
    expect(names).toContain("PATCH /api/public/v2/prompts/{name}/versions/{version} request application/json examples.promote");
  });

  test.each(cases.map((c) => [c.name, c] as const))("%s matches its schema", (_name, c) => {
    expect(validate(c.schema, c.value)).toEqual([]);
  });

  test("a broken copy of an example fails", () => {
    const example = cases.find((c) => c.name === `${GET} 200 application/json examples.chatWithPlaceholder`);
    expect(example).toBeDefined();
    const broken = structuredClone(example!.value) as { labels?: unknown; prompt: { type?: string }[] };
    delete broken.labels;
    broken.prompt[1]!.type = "history";
    const errors = validate(example!.schema, broken);
    expect(errors).toContain("/ must have required property 'labels'");
    expect(errors).not.toEqual([]);
  });
});

describe("operations", () => {
  const operations = Object.values(spec.paths as Record<string, Record<string, { operationId?: string }>>).flatMap((item) =>
    Object.values(item).map((op) => op.operationId),
  );

  test("all five prompt operations, with Langfuse's operationIds, under HTTP Basic", () => {
    expect(operations.sort()).toEqual(["promptVersion_update", "prompts_create", "prompts_delete", "prompts_get", "prompts_list"]);
    expect(spec.security).toEqual([{ BasicAuth: [] }]);
    expect(spec.components.securitySchemes.BasicAuth).toMatchObject({ type: "http", scheme: "basic" });
  });
});

describe("Langfuse's quirks", () => {
  const base = { name: "support/chat", version: 1, config: {}, labels: ["production"], tags: [] };

  test("a prompt is chat or text, told apart by type", () => {
    expect(validate(ref("Prompt"), { ...base, type: "text", prompt: "Hi {{name}}" })).toEqual([]);
    expect(validate(ref("Prompt"), { ...base, type: "chat", prompt: [{ role: "user", content: "Hi" }] })).toEqual([]);
    expect(validate(ref("Prompt"), { ...base, type: "chat", prompt: "Hi" })).not.toEqual([]);
    expect(validate(ref("Prompt"), { ...base, type: "text", prompt: [] })).not.toEqual([]);
    expect(validate(ref("Prompt"), { ...base, prompt: "Hi" })).not.toEqual([]);
  });

  test("a chat element is a chat message (type optional or null) or a placeholder", () => {
    const element = ref("ChatMessageWithPlaceholders");
    expect(validate(element, { role: "user", content: "Hi" })).toEqual([]);
    expect(validate(element, { type: "chatmessage", role: "user", content: "Hi" })).toEqual([]);
    expect(validate(element, { type: null, role: "user", content: "Hi" })).toEqual([]);
    expect(validate(element, { type: "placeholder", name: "history" })).toEqual([]);
    expect(validate(element, { type: "placeholder" })).not.toEqual([]);
    expect(validate(element, { name: "history" })).not.toEqual([]);
    expect(validate(element, { type: "other", role: "user", content: "Hi" })).not.toEqual([]);
  });

  test("nullable fields accept null, including the ones behind a $ref", () => {
    expect(
      validate(ref("Prompt"), { ...base, type: "text", prompt: "x", commitMessage: null, resolutionGraph: null, isActive: null }),
    ).toEqual([]);
    expect(
      validate(ref("CreatePromptRequest"), { name: "n", prompt: "x", type: null, labels: null, tags: null, commitMessage: null }),
    ).toEqual([]);
    expect(validate(ref("Prompt"), { ...base, type: "text", prompt: "x", resolutionGraph: { root: "n" } })).not.toEqual([]);
  });

  test("isActive is an optional boolean", () => {
    expect(validate(ref("Prompt"), { ...base, type: "text", prompt: "x", isActive: true })).toEqual([]);
    expect(validate(ref("Prompt"), { ...base, type: "text", prompt: "x", isActive: "yes" })).not.toEqual([]);
  });

  test("create bodies: chat needs type, text may leave it out, names and labels are checked", () => {
    const create = ref("CreatePromptRequest");
    expect(validate(create, { name: "a/b", prompt: "x" })).toEqual([]);
    expect(validate(create, { name: "a/b", type: "chat", prompt: [{ type: "placeholder", name: "h" }] })).toEqual([]);
    expect(validate(create, { name: "a/b", prompt: [{ role: "user", content: "x" }] })).not.toEqual([]);
    expect(validate(create, { name: "a|b", prompt: "x" })).not.toEqual([]);
    expect(validate(create, { name: "n".repeat(256), prompt: "x" })).not.toEqual([]);
    expect(validate(create, { name: "n", prompt: "x", labels: ["Production"] })).not.toEqual([]);
    expect(validate(create, { name: "n", prompt: "x", labels: ["l".repeat(37)] })).not.toEqual([]);
    expect(validate(create, { name: "n", prompt: "x", labels: ["eu-prod_1.2"] })).toEqual([]);
  });

  test("errors: 400 carries issues or a class name; 429 needs code", () => {
    expect(
      validate(ref("BadRequestError"), { message: "Invalid request data", error: [{ code: "custom", path: [], message: "m" }] }),
    ).toEqual([]);
    expect(validate(ref("BadRequestError"), { message: "m", error: "InvalidRequestError" })).toEqual([]);
    expect(validate(ref("BadRequestError"), { message: "m", error: [{ path: [] }] })).not.toEqual([]);
    expect(validate(ref("RateLimitError"), { message: "m" })).not.toEqual([]);
  });
});
