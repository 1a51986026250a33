// Every example in specs/tela/openapi.yaml must satisfy its schema, and the checks must be able to fail.
import { describe, expect, test } from "vitest";
import { createValidator, exampleCases, loadSpec } from "../../../scripts/openapi.mjs";

const spec = loadSpec("tela");
const validate = createValidator(spec);
const cases = exampleCases(spec);
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

describe("specs/tela/openapi.yaml examples", () => {
  test("the spec has examples to check", () => {
    expect(cases.length).toBeGreaterThan(0);
    expect(cases.map((c) => c.name)).toContain("GET /prompt-version/{id} 200 application/json examples.vendorExample");
  });

  test.each(cases.map((c) => [c.name, c] as const))("%s matches its schema", (_name, c) => {
    expect(validate(c.schema, c.value)).toEqual([]);
  });

  test("a broken copy of the vendor example fails", () => {
    const vendor = cases.find((c) => c.name.endsWith("examples.vendorExample"));
    expect(vendor).toBeDefined();
    const broken = structuredClone(vendor!.value) as { variables: { type: string }[]; configuration?: unknown };
    broken.variables[0]!.type = "image";
    delete broken.configuration;
    const errors = validate(vendor!.schema, broken);
    expect(errors).toContain("/variables/0/type must be equal to one of the allowed values");
    expect(errors).toContain("/ must have required property 'configuration'");
  });
});

describe("the messages quirk", () => {
  const message = { role: "system", content: "Be brief." };

  test("messages accepts exactly one branch: one object, or an array", () => {
    expect(validate(ref("PromptVersionMessages"), message)).toEqual([]);
    expect(validate(ref("PromptVersionMessages"), [message, { role: "user", content: "{x}", index: 1 }])).toEqual([]);
    expect(validate(ref("PromptVersionMessages"), [])).toEqual([]);
    expect(validate(ref("PromptVersionMessages"), "Be brief.")).not.toEqual([]);
    expect(validate(ref("PromptVersionMessages"), { content: "no role" })).not.toEqual([]);
  });

  test("a version may carry message, messages, or neither", () => {
    const base = { id: "v", promptId: "p", title: "t", configuration: { model: "m", type: "chat" }, variables: [] };
    expect(validate(ref("PromptVersion"), base)).toEqual([]);
    expect(validate(ref("PromptVersion"), { ...base, message })).toEqual([]);
    expect(validate(ref("PromptVersion"), { ...base, messages: message })).toEqual([]);
    expect(validate(ref("PromptVersion"), { ...base, messages: [message] })).toEqual([]);
    expect(validate(ref("PromptVersion"), { ...base, message: [message] })).not.toEqual([]);
  });

  test("create bodies take one system message only", () => {
    const body = { promptId: "p", title: "t", configuration: { model: "m", type: "chat" }, variables: [] };
    expect(validate(ref("CreatePromptVersionRequest"), { ...body, messages: [message] })).toEqual([]);
    expect(validate(ref("CreatePromptVersionRequest"), { ...body, messages: [message, message] })).not.toEqual([]);
    expect(validate(ref("CreatePromptVersionRequest"), { ...body, message: { role: "user" } })).not.toEqual([]);
    expect(validate(ref("CreatePromptVersionRequest"), { title: "t" })).not.toEqual([]);
  });

  test("resolved versions require versionIndex, environments and previousVersionId", () => {
    const version = { id: "v", promptId: "p", title: "t", configuration: { model: "m", type: "chat" }, variables: [] };
    expect(validate(ref("ResolvedPromptVersion"), version)).not.toEqual([]);
    expect(validate(ref("ResolvedPromptVersion"), { ...version, environments: [], versionIndex: 1, previousVersionId: null })).toEqual([]);
  });

  test("environment names are lowercase words joined by single hyphens", () => {
    const body = { resourceType: "prompt", resourceId: "r", versionId: "v" };
    for (const envName of ["production", "eu-staging-2"]) {
      expect(validate(ref("PublishByNameRequest"), { ...body, envName })).toEqual([]);
    }
    for (const envName of ["Production", "eu--staging", "-eu", "eu-", "a".repeat(65)]) {
      expect(validate(ref("PublishByNameRequest"), { ...body, envName })).not.toEqual([]);
    }
  });
});
