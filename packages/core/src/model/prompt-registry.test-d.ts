import { describe, expectTypeOf, it } from "vitest";
import type { PromptClient, PromptMessage, PromptVariables, RegisteredRef, VariablesOf } from "../index.js";

// What a generated file declares (`printPromptTypes` writes this shape), for references no other
// test uses.
declare module "./prompt-registry.js" {
  interface PromptRegistry {
    "typed:support@production": {
      variables: { name: string | number | boolean; tier?: "gold" | "silver" | string; history: readonly PromptMessage[] };
    };
    "typed:optional-only": { variables: { note?: string } };
    "typed:loose": { variables: { name: string; [name: string]: unknown } };
  }
}

declare const prompts: PromptClient;
const history: PromptMessage[] = [{ role: "user", content: "Hi" }];

describe("a generated registry", () => {
  it("types a known reference's variables and leaves unknown references loose", () => {
    expectTypeOf<VariablesOf<"typed:support@production">>().toHaveProperty("name");
    expectTypeOf<VariablesOf<"helicone:not-in-the-registry">>().toEqualTypeOf<PromptVariables>();
    expectTypeOf<"typed:loose">().toExtend<RegisteredRef>();
  });

  it("accepts right variables, and any variables for an unknown reference", async () => {
    await prompts.render("typed:support@production", { name: "Ada", history });
    await prompts.render("typed:support@production", { name: 3, tier: "gold", history }, { extraVariables: "error" });
    await prompts.render("typed:optional-only");
    await prompts.render("helicone:abc123@production", { whatever: [1, 2] });
    await prompts.render({ vendor: "helicone", promptId: "abc123" }, { whatever: true });
  });

  it("a wrong type fails", async () => {
    // @ts-expect-error name is string | number | boolean
    await prompts.render("typed:support@production", { name: { first: "Ada" }, history });
  });

  it("a missing required variable fails, and so does no variables at all", async () => {
    // @ts-expect-error history is required
    await prompts.render("typed:support@production", { name: "Ada" });
    // @ts-expect-error the prompt has required variables
    await prompts.render("typed:support@production");
  });

  it("an extra or misspelt variable fails under a strict registry, and passes under a loose one", async () => {
    // @ts-expect-error "nmae" is not a variable of the prompt
    await prompts.render("typed:support@production", { nmae: "Ada", name: "Ada", history });
    await prompts.render("typed:loose", { name: "Ada", extra: 1 });
  });

  it("placeholders take message arrays", async () => {
    // @ts-expect-error a placeholder takes messages, not text
    await prompts.render("typed:support@production", { name: "Ada", history: "Hi" });
    await prompts.render("typed:support@production", { name: "Ada", history: [{ role: "assistant", content: "Hello" }] });
  });
});
