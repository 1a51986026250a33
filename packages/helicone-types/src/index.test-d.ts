// Type tests (run by `vitest run --typecheck`): the generated types carry the fields and quirks
// that specs/helicone/openapi.yaml documents.
import { describe, expectTypeOf, it } from "vitest";
import type {
  HeliconeAuthError,
  HeliconeChatMessage,
  HeliconeChatRequest,
  HeliconeEnvelope,
  HeliconeErrorEnvelope,
  HeliconePrompt,
  HeliconePromptBody,
  HeliconePromptVersion,
  HeliconePromptVersionWithBody,
  HeliconeSuccessEnvelope,
  HeliconeTool,
  components,
  operations,
  paths,
} from "./index.js";

type Json<R> = R extends { content: { "application/json": infer B } } ? B : never;
type Responses<Op extends keyof operations> = operations[Op]["responses"];
type Ok<Op extends keyof operations, S extends keyof Responses<Op> = 200 & keyof Responses<Op>> = Json<Responses<Op>[S]>;
type Body<Op extends keyof operations> = operations[Op] extends { requestBody: { content: { "application/json": infer B } } } ? B : never;

describe("Prompt2025Version", () => {
  it("has the required metadata", () => {
    expectTypeOf<HeliconePromptVersion>().toHaveProperty("id").toEqualTypeOf<string>();
    expectTypeOf<HeliconePromptVersion>().toHaveProperty("prompt_id").toEqualTypeOf<string>();
    expectTypeOf<HeliconePromptVersion>().toHaveProperty("model").toEqualTypeOf<string>();
    expectTypeOf<HeliconePromptVersion>().toHaveProperty("major_version").toEqualTypeOf<number>();
    expectTypeOf<HeliconePromptVersion>().toHaveProperty("minor_version").toEqualTypeOf<number>();
    expectTypeOf<HeliconePromptVersion>().toHaveProperty("commit_message").toEqualTypeOf<string>();
    expectTypeOf<HeliconePromptVersion>().toHaveProperty("created_at").toEqualTypeOf<string>();
  });

  it("has the environments array and the legacy singular environment, both optional", () => {
    expectTypeOf<Pick<HeliconePromptVersion, "environments">>().toEqualTypeOf<{ environments?: string[] }>();
    expectTypeOf<Pick<HeliconePromptVersion, "environment">>().toEqualTypeOf<{ environment?: string | null }>();
  });

  it("has an optional s3_url and an optional prompt_body", () => {
    expectTypeOf<Pick<HeliconePromptVersion, "s3_url">>().toEqualTypeOf<{ s3_url?: string }>();
    expectTypeOf<Pick<HeliconePromptVersion, "prompt_body">>().toEqualTypeOf<{ prompt_body?: HeliconePromptBody }>();
  });
});

describe("prompt_body only on v2 responses", () => {
  it("v1 version queries return versions whose prompt_body may be missing", () => {
    expectTypeOf<Ok<"GetPrompt2025Version">["data"]>().toEqualTypeOf<HeliconePromptVersion>();
    expectTypeOf<Ok<"GetPrompt2025EnvironmentVersion">["data"]>().toEqualTypeOf<HeliconePromptVersion>();
    expectTypeOf<Ok<"GetPrompt2025ProductionVersion">["data"]>().toEqualTypeOf<HeliconePromptVersion>();
    expectTypeOf<Ok<"GetPrompt2025Versions">["data"]>().toEqualTypeOf<HeliconePromptVersion[]>();
    expectTypeOf<Ok<"GetPrompt2025Version">["data"]["prompt_body"]>().toEqualTypeOf<HeliconePromptBody | undefined>();
  });

  it("v2 version queries always carry prompt_body", () => {
    expectTypeOf<Ok<"GetPrompt2025VersionWithBody">["data"]>().toEqualTypeOf<HeliconePromptVersionWithBody>();
    expectTypeOf<Ok<"GetPrompt2025EnvironmentVersionWithBody">["data"]>().toEqualTypeOf<HeliconePromptVersionWithBody>();
    expectTypeOf<Ok<"GetPrompt2025ProductionVersionWithBody">["data"]>().toEqualTypeOf<HeliconePromptVersionWithBody>();
    expectTypeOf<HeliconePromptVersionWithBody["prompt_body"]>().toEqualTypeOf<HeliconePromptBody>();
    expectTypeOf<HeliconePromptVersionWithBody>().toExtend<HeliconePromptVersion>();
  });

  it("the prompt-body route returns the bare body", () => {
    expectTypeOf<Ok<"GetPrompt2025VersionBody">["data"]>().toEqualTypeOf<HeliconePromptBody>();
  });
});

describe("operationIds", () => {
  it("v1 keeps the vendor's ids and v2 has distinct ones", () => {
    expectTypeOf<paths["/v1/prompt-2025/query/version"]["post"]>().toEqualTypeOf<operations["GetPrompt2025Version"]>();
    expectTypeOf<paths["/v2/prompt-2025/query/version"]["post"]>().toEqualTypeOf<operations["GetPrompt2025VersionWithBody"]>();
    expectTypeOf<paths["/v2/prompt-2025/query/environment-version"]["post"]>().toEqualTypeOf<
      operations["GetPrompt2025EnvironmentVersionWithBody"]
    >();
    expectTypeOf<paths["/v2/prompt-2025/query/production-version"]["post"]>().toEqualTypeOf<
      operations["GetPrompt2025ProductionVersionWithBody"]
    >();
  });

  it("covers the 23 operations", () => {
    expectTypeOf<keyof operations>().toEqualTypeOf<
      | "GetPrompt2025"
      | "RenamePrompt2025"
      | "UpdatePrompt2025Tags"
      | "DeletePrompt2025"
      | "DeletePrompt2025Version"
      | "GetPrompt2025Inputs"
      | "GetPrompt2025Tags"
      | "GetPrompt2025Environments"
      | "CreatePrompt2025"
      | "UpdatePrompt2025"
      | "SetPromptVersionEnvironment"
      | "RemoveEnvironmentFromVersion"
      | "GetPrompt2025Count"
      | "GetPrompts2025"
      | "GetPrompt2025Version"
      | "GetPrompt2025EnvironmentVersion"
      | "GetPrompt2025Versions"
      | "GetPrompt2025ProductionVersion"
      | "GetPrompt2025TotalVersions"
      | "GetPrompt2025VersionBody"
      | "GetPrompt2025VersionWithBody"
      | "GetPrompt2025EnvironmentVersionWithBody"
      | "GetPrompt2025ProductionVersionWithBody"
    >();
  });
});

describe("status codes and envelopes", () => {
  it("create answers 201, not 200", () => {
    expectTypeOf<keyof Responses<"CreatePrompt2025">>().toEqualTypeOf<201 | 401 | 500>();
    expectTypeOf<Ok<"CreatePrompt2025", 201>>().toEqualTypeOf<{ data: { id: string; versionId: string }; error: null }>();
  });

  it("failures are 500 with the error envelope", () => {
    expectTypeOf<HeliconeErrorEnvelope>().toEqualTypeOf<{ data: null; error: string }>();
    expectTypeOf<Ok<"GetPrompt2025", 500>>().toEqualTypeOf<HeliconeErrorEnvelope>();
    expectTypeOf<Ok<"GetPrompt2025VersionWithBody", 500>>().toEqualTypeOf<HeliconeErrorEnvelope>();
    expectTypeOf<Ok<"DeletePrompt2025", 500>>().toEqualTypeOf<HeliconeErrorEnvelope>();
  });

  it("three routes use 404 for a missing resource", () => {
    expectTypeOf<Ok<"UpdatePrompt2025Tags", 404>>().toEqualTypeOf<HeliconeErrorEnvelope>();
    expectTypeOf<Ok<"GetPrompt2025Inputs", 404>>().toEqualTypeOf<HeliconeErrorEnvelope>();
    expectTypeOf<Ok<"GetPrompt2025VersionBody", 404>>().toEqualTypeOf<HeliconeErrorEnvelope>();
    expectTypeOf<Responses<"GetPrompt2025Version">>().not.toHaveProperty(404);
  });

  it("/count may answer 500 with a zero count and no error", () => {
    expectTypeOf<Ok<"GetPrompt2025Count", 500>>().toEqualTypeOf<HeliconeErrorEnvelope | { data: number; error: null }>();
  });

  it("401 is the middleware's { error } body, without data", () => {
    expectTypeOf<Ok<"GetPrompt2025", 401>>().toEqualTypeOf<HeliconeAuthError>();
    expectTypeOf<HeliconeAuthError>().not.toHaveProperty("data");
  });

  it("success envelopes are { data: T, error: null }", () => {
    expectTypeOf<Ok<"GetPrompt2025">>().toEqualTypeOf<HeliconeSuccessEnvelope<HeliconePrompt>>();
    expectTypeOf<Ok<"RenamePrompt2025">>().toEqualTypeOf<HeliconeSuccessEnvelope<null>>();
    expectTypeOf<Ok<"GetPrompt2025Tags">>().toEqualTypeOf<HeliconeSuccessEnvelope<string[]>>();
    expectTypeOf<Ok<"GetPrompt2025TotalVersions">>().toEqualTypeOf<
      HeliconeSuccessEnvelope<{ totalVersions: number; majorVersions: number }>
    >();
    expectTypeOf<components["schemas"]["Prompt2025VersionEnvelope"]>().toExtend<HeliconeEnvelope<HeliconePromptVersion>>();
  });
});

describe("request bodies", () => {
  it("create requires name, tags and promptBody", () => {
    expectTypeOf<Body<"CreatePrompt2025">>().toEqualTypeOf<{ name: string; tags: string[]; promptBody: HeliconeChatRequest }>();
  });

  it("update requires everything but environment", () => {
    expectTypeOf<Body<"UpdatePrompt2025">>().toEqualTypeOf<{
      promptId: string;
      promptVersionId: string;
      newMajorVersion: boolean;
      commitMessage: string;
      promptBody: HeliconeChatRequest;
      environment?: string;
    }>();
  });

  it("queries take the documented fields", () => {
    expectTypeOf<Body<"GetPrompts2025">>().toEqualTypeOf<{ search: string; tagsFilter: string[]; page: number; pageSize: number }>();
    expectTypeOf<Body<"GetPrompt2025Versions">>().toEqualTypeOf<{ promptId: string; majorVersion?: number }>();
    expectTypeOf<Body<"GetPrompt2025Version">>().toEqualTypeOf<{ promptVersionId: string }>();
    expectTypeOf<Body<"GetPrompt2025VersionWithBody">>().toEqualTypeOf<{ promptVersionId: string }>();
    expectTypeOf<Body<"GetPrompt2025EnvironmentVersionWithBody">>().toEqualTypeOf<{ promptId: string; environment: string }>();
    expectTypeOf<Body<"SetPromptVersionEnvironment">>().toEqualTypeOf<{
      promptId: string;
      promptVersionId: string;
      environment: string;
    }>();
  });

  it("the inputs route takes requestId in the query", () => {
    expectTypeOf<operations["GetPrompt2025Inputs"]["parameters"]["query"]>().toEqualTypeOf<{ requestId: string }>();
  });
});

describe("prompt bodies", () => {
  it("a stored body is open; a request body is closed", () => {
    expectTypeOf<HeliconePromptBody>().toExtend<Record<string, unknown>>();
    expectTypeOf<{ top_k: number }>().toExtend<HeliconePromptBody>();
    expectTypeOf<HeliconeChatRequest>().not.toHaveProperty("top_k");
  });

  it("messages carry string, multi-part or null content", () => {
    expectTypeOf<HeliconeChatMessage["content"]>().toEqualTypeOf<string | null | components["schemas"]["ChatContentPart"][]>();
    expectTypeOf<HeliconeChatMessage["role"]>().toEqualTypeOf<string>();
    expectTypeOf<NonNullable<HeliconePromptBody["messages"]>>().toEqualTypeOf<HeliconeChatMessage[]>();
  });

  it("tools only require function.name", () => {
    expectTypeOf<{ type: "function"; function: { name: "lookup" } }>().toExtend<HeliconeTool>();
    expectTypeOf<HeliconeTool["function"]["parameters"]>().toEqualTypeOf<Record<string, unknown> | undefined>();
  });

  it("has the common sampling parameters", () => {
    expectTypeOf<HeliconePromptBody["stop"]>().toEqualTypeOf<string | string[] | undefined>();
    expectTypeOf<HeliconePromptBody["temperature"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<HeliconePromptBody["reasoning_effort"]>().toEqualTypeOf<"minimal" | "low" | "medium" | "high" | undefined>();
    expectTypeOf<HeliconeChatRequest["max_completion_tokens"]>().toEqualTypeOf<number | undefined>();
  });
});
