// Type tests: the generated types carry the documented fields and Langfuse's quirks.
// Run by `vitest run --typecheck`.
import { describe, expectTypeOf, test } from "vitest";
import type {
  LangfuseBadRequestError,
  LangfuseChatMessage,
  LangfuseChatMessageWithPlaceholders,
  LangfuseChatPrompt,
  LangfuseCreatePromptRequest,
  LangfuseError,
  LangfuseGetPromptQuery,
  LangfuseListPromptsQuery,
  LangfusePlaceholderMessage,
  LangfusePrompt,
  LangfusePromptMeta,
  LangfusePromptMetaListResponse,
  LangfusePromptReference,
  LangfuseRateLimitError,
  LangfuseResolutionGraph,
  LangfuseTextPrompt,
  LangfuseUpdatePromptVersionRequest,
  LangfuseZodIssue,
  components,
  operations,
  paths,
} from "./index.js";

type Json<Op extends keyof operations, Status extends number> = operations[Op]["responses"] extends {
  [S in Status]: { content: { "application/json": infer T } };
}
  ? T
  : never;

describe("Prompt: the chat/text union", () => {
  test("type tells chat from text", () => {
    expectTypeOf<LangfusePrompt>().toEqualTypeOf<LangfuseChatPrompt | LangfuseTextPrompt>();
    expectTypeOf<LangfusePrompt["type"]>().toEqualTypeOf<"chat" | "text">();
    expectTypeOf<LangfuseChatPrompt["type"]>().toEqualTypeOf<"chat">();
    expectTypeOf<LangfuseTextPrompt["type"]>().toEqualTypeOf<"text">();
  });

  test("narrowing on type gives the prompt's shape", () => {
    const read = (p: LangfusePrompt) => {
      if (p.type === "chat") {
        expectTypeOf(p.prompt).toEqualTypeOf<LangfuseChatMessageWithPlaceholders[]>();
      } else {
        expectTypeOf(p.prompt).toEqualTypeOf<string>();
      }
    };
    expectTypeOf(read).toBeFunction();
  });

  test("shared fields", () => {
    expectTypeOf<LangfusePrompt["name"]>().toEqualTypeOf<string>();
    expectTypeOf<LangfusePrompt["version"]>().toEqualTypeOf<number>();
    expectTypeOf<LangfusePrompt["config"]>().toEqualTypeOf<unknown>();
    expectTypeOf<LangfusePrompt["labels"]>().toEqualTypeOf<string[]>();
    expectTypeOf<LangfusePrompt["tags"]>().toEqualTypeOf<string[]>();
  });

  test("every operation that returns a version returns the union", () => {
    expectTypeOf<Json<"prompts_get", 200>>().toEqualTypeOf<LangfusePrompt>();
    expectTypeOf<Json<"prompts_create", 200>>().toEqualTypeOf<LangfusePrompt>();
    expectTypeOf<Json<"prompts_create", 201>>().toEqualTypeOf<LangfusePrompt>();
    expectTypeOf<Json<"promptVersion_update", 200>>().toEqualTypeOf<LangfusePrompt>();
  });
});

describe("nullable fields, including those behind a $ref", () => {
  test("commitMessage, resolutionGraph and isActive are optional and nullable", () => {
    expectTypeOf<LangfusePrompt["commitMessage"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<LangfusePrompt["resolutionGraph"]>().toEqualTypeOf<LangfuseResolutionGraph | null | undefined>();
  });

  test("a chat message's type is chatmessage, null or absent", () => {
    expectTypeOf<LangfuseChatMessage["type"]>().toEqualTypeOf<"chatmessage" | null | undefined>();
    expectTypeOf({ role: "user", content: "Hi" }).toExtend<LangfuseChatMessage>();
    expectTypeOf({ role: "user", content: "Hi", type: null }).toExtend<LangfuseChatMessage>();
  });

  test("the text create body's type is text, null or absent", () => {
    type CreateText = components["schemas"]["CreateTextPromptRequest"];
    expectTypeOf<CreateText["type"]>().toEqualTypeOf<"text" | null | undefined>();
    expectTypeOf<CreateText["labels"]>().toEqualTypeOf<string[] | null | undefined>();
  });
});

describe("isActive", () => {
  test("the undocumented flag is an optional, nullable boolean", () => {
    expectTypeOf<LangfusePrompt["isActive"]>().toEqualTypeOf<boolean | null | undefined>();
    expectTypeOf<Json<"prompts_get", 200>>().toHaveProperty("isActive");
  });
});

describe("placeholders", () => {
  test("a chat element is a message or a placeholder", () => {
    expectTypeOf<LangfuseChatMessageWithPlaceholders>().toEqualTypeOf<LangfuseChatMessage | LangfusePlaceholderMessage>();
    expectTypeOf<LangfusePlaceholderMessage>().toEqualTypeOf<{ name: string; type: "placeholder" }>();
  });

  test("narrowing on type finds placeholders", () => {
    const names = (messages: LangfuseChatMessageWithPlaceholders[]) => messages.map((m) => (m.type === "placeholder" ? m.name : m.role));
    expectTypeOf(names).returns.toEqualTypeOf<string[]>();
  });

  test("a placeholder needs its type and name", () => {
    expectTypeOf({ type: "placeholder" as const, name: "history" }).toExtend<LangfuseChatMessageWithPlaceholders>();
    expectTypeOf({ name: "history" }).not.toExtend<LangfuseChatMessageWithPlaceholders>();
  });
});

describe("resolutionGraph", () => {
  test("root plus dependencies keyed by parent id", () => {
    expectTypeOf<LangfuseResolutionGraph["root"]>().toEqualTypeOf<LangfusePromptReference>();
    expectTypeOf<LangfuseResolutionGraph["dependencies"]>().toEqualTypeOf<{ [key: string]: LangfusePromptReference[] }>();
    expectTypeOf<LangfusePromptReference>().toEqualTypeOf<{ id: string; name: string; version: number }>();
  });
});

describe("list", () => {
  test("page shape is { data, meta: { page, limit, totalItems, totalPages } }", () => {
    expectTypeOf<LangfusePromptMetaListResponse["data"]>().toEqualTypeOf<LangfusePromptMeta[]>();
    expectTypeOf<LangfusePromptMetaListResponse["meta"]>().toEqualTypeOf<{
      page: number;
      limit: number;
      totalItems: number;
      totalPages: number;
    }>();
    expectTypeOf<Json<"prompts_list", 200>>().toEqualTypeOf<LangfusePromptMetaListResponse>();
  });

  test("PromptMeta fields", () => {
    expectTypeOf<LangfusePromptMeta["type"]>().toEqualTypeOf<"chat" | "text">();
    expectTypeOf<LangfusePromptMeta["versions"]>().toEqualTypeOf<number[]>();
    expectTypeOf<LangfusePromptMeta["lastUpdatedAt"]>().toEqualTypeOf<string>();
    expectTypeOf<LangfusePromptMeta["lastConfig"]>().toEqualTypeOf<unknown>();
  });

  test("query filters and pages", () => {
    expectTypeOf<LangfuseListPromptsQuery>().toEqualTypeOf<{
      name?: string;
      label?: string;
      tag?: string;
      page?: number;
      limit?: number;
      fromUpdatedAt?: string;
      toUpdatedAt?: string;
    }>();
  });
});

describe("requests", () => {
  test("get takes version, label and resolve", () => {
    expectTypeOf<LangfuseGetPromptQuery>().toEqualTypeOf<{ version?: number; label?: string; resolve?: boolean }>();
    expectTypeOf<operations["prompts_get"]["parameters"]["path"]>().toEqualTypeOf<{ promptName: string }>();
  });

  test("create: chat needs type and messages, text may leave type out", () => {
    expectTypeOf({ name: "welcome-email", prompt: "Hi {{name}}" }).toExtend<LangfuseCreatePromptRequest>();
    expectTypeOf({
      name: "support/chat",
      type: "chat" as const,
      prompt: [
        { role: "system", content: "Be brief." },
        { type: "placeholder" as const, name: "history" },
      ],
      labels: ["staging"],
    }).toExtend<LangfuseCreatePromptRequest>();
    expectTypeOf({ name: "x", type: "chat" as const, prompt: "Hi" }).not.toExtend<LangfuseCreatePromptRequest>();
    expectTypeOf({ prompt: "Hi" }).not.toExtend<LangfuseCreatePromptRequest>();
  });

  test("label update takes newLabels", () => {
    expectTypeOf<LangfuseUpdatePromptVersionRequest>().toEqualTypeOf<{ newLabels: string[] }>();
    expectTypeOf<operations["promptVersion_update"]["parameters"]["path"]>().toEqualTypeOf<{ name: string; version: number }>();
  });

  test("the spec's paths", () => {
    expectTypeOf<keyof paths>().toEqualTypeOf<
      "/api/public/v2/prompts/{promptName}" | "/api/public/v2/prompts" | "/api/public/v2/prompts/{name}/versions/{version}"
    >();
  });
});

describe("errors", () => {
  test("Langfuse errors are { message, error? }", () => {
    expectTypeOf<LangfuseError>().toEqualTypeOf<{ message: string; error?: string }>();
    expectTypeOf<Json<"prompts_get", 404>>().toEqualTypeOf<LangfuseError>();
    expectTypeOf<Json<"prompts_create", 409>>().toEqualTypeOf<LangfuseError>();
  });

  test("400 carries Zod issues or a class name", () => {
    expectTypeOf<LangfuseBadRequestError["error"]>().toEqualTypeOf<LangfuseZodIssue[] | string | undefined>();
    expectTypeOf<LangfuseZodIssue["path"]>().toEqualTypeOf<(string | number)[]>();
    expectTypeOf<Json<"prompts_create", 400>>().toEqualTypeOf<LangfuseBadRequestError>();
  });

  test("429 is { message, code, details? } with Retry-After", () => {
    expectTypeOf<LangfuseRateLimitError["code"]>().toEqualTypeOf<string | number>();
    expectTypeOf<Json<"prompts_get", 429>>().toEqualTypeOf<LangfuseRateLimitError>();
    expectTypeOf<operations["prompts_get"]["responses"][429]["headers"]["Retry-After"]>().toEqualTypeOf<number>();
  });
});
