import { describe, expect, it } from "vitest";
import { createValidator, exampleCases, loadSpec } from "../../../scripts/openapi.mjs";

// Every example embedded in specs/helicone/openapi.yaml (request bodies, responses, component
// examples and schema examples) must validate against the schema it documents.
const spec = loadSpec("helicone");
const validate = createValidator(spec);
const cases = exampleCases(spec);

describe("specs/helicone/openapi.yaml examples", () => {
  it("has examples to check", () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    expect(validate(c.schema, c.value)).toEqual([]);
  });

  it("rejects a broken copy of an example (the check can fail)", () => {
    const docs = cases.find((c) => c.name === "POST /v1/prompt-2025/query/versions 200 application/json examples.vendorDocs");
    expect(docs).toBeDefined();
    const broken = structuredClone(docs!.value) as { data: Array<Record<string, unknown>> };
    delete broken.data[0]!.prompt_id;
    broken.data[1]!.major_version = "2";
    expect(validate(docs!.schema, broken)).toEqual([
      "/data/0 must have required property 'prompt_id'",
      "/data/1/major_version must be integer",
    ]);
  });

  it("rejects an unknown top-level field in a request prompt body, but not in a stored one", () => {
    const create = cases.find((c) => c.name === "POST /v1/prompt-2025 request application/json example");
    expect(create).toBeDefined();
    const withExtra = structuredClone(create!.value) as { promptBody: Record<string, unknown> };
    withExtra.promptBody.top_k = 40;
    expect(validate(create!.schema, withExtra)).toContain("/promptBody must NOT have additional properties");

    const body = { $ref: "#/components/schemas/Prompt2025VersionPromptBody" };
    expect(validate(body, { ...withExtra.promptBody })).toEqual([]);
  });

  it("accepts the server's two error shapes and the /count zero quirk", () => {
    const error = { $ref: "#/components/schemas/ErrorEnvelope" };
    expect(validate(error, { data: null, error: "Prompt version not found" })).toEqual([]);
    expect(validate(error, { data: 0, error: null })).not.toEqual([]);

    const count500 = spec.paths["/v1/prompt-2025/count"].get.responses["500"].content["application/json"].schema;
    expect(validate(count500, { data: 0, error: null })).toEqual([]);
    expect(validate(count500, { data: null, error: "boom" })).toEqual([]);
  });
});
