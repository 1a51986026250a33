// Type tests: the generated types carry the documented fields and Tela's quirks.
// Run by `vitest run --typecheck`.
import { describe, expectTypeOf, test } from "vitest";
import type {
  TelaCanvas,
  TelaConfiguration,
  TelaCreatePromptVersionRequest,
  TelaEnvironmentPublication,
  TelaError,
  TelaHistoryItem,
  TelaHistoryPage,
  TelaHistoryQuery,
  TelaMessage,
  TelaMessages,
  TelaPromptVersion,
  TelaPublishByNameRequest,
  TelaResolvedPromptVersion,
  TelaVariable,
  operations,
  paths,
} from "./index.js";

type Json200<Op extends keyof operations> = operations[Op]["responses"] extends { 200: { content: { "application/json": infer T } } }
  ? T
  : never;

describe("PromptVersion", () => {
  test("documented required fields", () => {
    expectTypeOf<TelaPromptVersion["id"]>().toEqualTypeOf<string>();
    expectTypeOf<TelaPromptVersion["promptId"]>().toEqualTypeOf<string>();
    expectTypeOf<TelaPromptVersion["title"]>().toEqualTypeOf<string>();
    expectTypeOf<TelaPromptVersion["configuration"]>().toEqualTypeOf<TelaConfiguration>();
    expectTypeOf<TelaPromptVersion["variables"]>().toEqualTypeOf<TelaVariable[]>();
    expectTypeOf<TelaPromptVersion["content"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<TelaPromptVersion["markdownContent"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<TelaPromptVersion["promoted"]>().toEqualTypeOf<boolean | null | undefined>();
    expectTypeOf<TelaPromptVersion["draft"]>().toEqualTypeOf<boolean | null | undefined>();
  });

  test("messages is one message object or an array of them, and optional", () => {
    expectTypeOf<TelaMessages>().toEqualTypeOf<TelaMessage | TelaMessage[]>();
    expectTypeOf<TelaPromptVersion["messages"]>().toEqualTypeOf<TelaMessage | TelaMessage[] | undefined>();
  });

  test("newer payloads carry a singular message", () => {
    expectTypeOf<TelaPromptVersion["message"]>().toEqualTypeOf<TelaMessage | undefined>();
    expectTypeOf<TelaMessage["role"]>().toEqualTypeOf<"user" | "assistant" | "system" | "function">();
    expectTypeOf<TelaMessage["content"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<TelaMessage["index"]>().toEqualTypeOf<number | undefined>();
  });

  test("variables are typed file | text", () => {
    expectTypeOf<TelaVariable["type"]>().toEqualTypeOf<"file" | "text">();
    expectTypeOf<TelaVariable["required"]>().toEqualTypeOf<boolean>();
    expectTypeOf<NonNullable<TelaVariable["processingOptions"]>["allowMultimodal"]>().toEqualTypeOf<boolean | undefined>();
  });

  test("configuration has structuredOutput and stays open", () => {
    expectTypeOf<TelaConfiguration["type"]>().toEqualTypeOf<"chat" | "completion">();
    expectTypeOf<TelaConfiguration["model"]>().toEqualTypeOf<string>();
    type StructuredOutput = NonNullable<TelaConfiguration["structuredOutput"]>;
    expectTypeOf<StructuredOutput["enabled"]>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<StructuredOutput["schema"]>().toEqualTypeOf<{ [key: string]: unknown } | undefined>();
    expectTypeOf({ model: "gpt-4o", type: "chat" as const, maxTokens: 1024, topP: 0.9 }).toExtend<TelaConfiguration>();
  });

  test("versionIndex and the other newer fields", () => {
    expectTypeOf<TelaPromptVersion["versionIndex"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<TelaPromptVersion["environments"]>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<TelaPromptVersion["previousVersionId"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<TelaPromptVersion>().toHaveProperty("originVersionId");
    expectTypeOf<TelaPromptVersion>().toHaveProperty("workspaceId");
    expectTypeOf<TelaPromptVersion>().toHaveProperty("deletedAt");
  });

  test("promoted-version and latest-version always carry versionIndex, environments, previousVersionId", () => {
    expectTypeOf<TelaResolvedPromptVersion["versionIndex"]>().toEqualTypeOf<number>();
    expectTypeOf<TelaResolvedPromptVersion["environments"]>().toEqualTypeOf<string[]>();
    expectTypeOf<TelaResolvedPromptVersion["previousVersionId"]>().toEqualTypeOf<string | null>();
    expectTypeOf<TelaResolvedPromptVersion>().toExtend<TelaPromptVersion>();
    expectTypeOf<Json200<"getPromotedPromptVersion">>().toEqualTypeOf<TelaResolvedPromptVersion>();
    expectTypeOf<Json200<"getLatestPromptVersion">>().toEqualTypeOf<TelaResolvedPromptVersion>();
    expectTypeOf<Json200<"getPromptVersionById">>().toEqualTypeOf<TelaPromptVersion>();
  });
});

describe("history", () => {
  test("page shape is { data, meta: { total, limit, offset } }", () => {
    expectTypeOf<TelaHistoryPage["data"]>().toEqualTypeOf<TelaHistoryItem[]>();
    expectTypeOf<TelaHistoryPage["meta"]>().toEqualTypeOf<{ total: number; limit: number; offset: number }>();
    expectTypeOf<Json200<"getPromptVersionHistory">>().toEqualTypeOf<TelaHistoryPage>();
  });

  test("items are lightweight and carry versionIndex", () => {
    expectTypeOf<TelaHistoryItem["versionIndex"]>().toEqualTypeOf<number>();
    expectTypeOf<TelaHistoryItem["originVersionId"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<TelaHistoryItem>().not.toHaveProperty("content");
    expectTypeOf<TelaHistoryItem>().not.toHaveProperty("configuration");
  });

  test("query takes promptId with optional limit and offset", () => {
    expectTypeOf<TelaHistoryQuery>().toEqualTypeOf<{ promptId: string; limit?: number; offset?: number }>();
  });
});

describe("other operations", () => {
  test("the spec's paths", () => {
    expectTypeOf<keyof paths>().toEqualTypeOf<
      | "/prompt"
      | "/prompt/{id}"
      | "/prompt/{id}/promoted-version"
      | "/prompt/{id}/latest-version"
      | "/prompt-version"
      | "/prompt-version/history"
      | "/prompt-version/{id}"
      | "/environment/publish-by-name"
    >();
  });

  test("canvas list returns canvases with a nullable projectId", () => {
    expectTypeOf<Json200<"listCanvases">>().toEqualTypeOf<TelaCanvas[]>();
    expectTypeOf<TelaCanvas["projectId"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<TelaCanvas["promotedVersion"]>().toEqualTypeOf<TelaPromptVersion | undefined>();
  });

  test("create requires promptId, title, configuration and variables", () => {
    expectTypeOf({
      promptId: "p",
      title: "t",
      configuration: { model: "m", type: "chat" as const },
      variables: [],
      message: { role: "system" as const, content: "Be brief." },
    }).toExtend<TelaCreatePromptVersionRequest>();
    expectTypeOf({ promptId: "p", title: "t" }).not.toExtend<TelaCreatePromptVersionRequest>();
    expectTypeOf({
      promptId: "p",
      title: "t",
      configuration: { model: "m", type: "chat" as const },
      variables: [],
      message: { role: "user" as const },
    }).not.toExtend<TelaCreatePromptVersionRequest>();
  });

  test("publish-by-name request and assumed response", () => {
    expectTypeOf<TelaPublishByNameRequest["resourceType"]>().toEqualTypeOf<"prompt">();
    expectTypeOf<TelaPublishByNameRequest["autoCreate"]>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<TelaEnvironmentPublication["environment"]>().toEqualTypeOf<{ id?: string; name: string }>();
    expectTypeOf<Json200<"publishVersionToEnvironment">>().toEqualTypeOf<TelaEnvironmentPublication>();
  });

  test("errors share one body", () => {
    expectTypeOf<TelaError["message"]>().toEqualTypeOf<string>();
    expectTypeOf<TelaError["status"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<operations["getCanvasById"]["responses"][404]["content"]["application/json"]>().toEqualTypeOf<TelaError>();
  });
});
