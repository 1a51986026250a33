import type { Emulator } from "@polyprompt/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PromptError } from "../errors/prompt-error.js";
import type { PromptVersion, VersionMessage } from "../model/types.js";
import { caught, clientFor, startTestEmulator } from "../test-support/emulator.js";
import { heliconeTemplate, renderPrompt as renderHelicone } from "../vendors/helicone/index.js";
import { renderPrompt as renderLangfuse } from "../vendors/langfuse/index.js";
import { renderPrompt as renderTela } from "../vendors/tela/index.js";
import { recordReads, unusedVariables } from "./extra-variables.js";

function version(template: string, messages: VersionMessage[], variables: PromptVersion["variables"] = []): PromptVersion {
  return {
    vendor: template,
    promptId: "p",
    versionId: "v1",
    version: "1",
    environments: [],
    draft: false,
    createdAt: "2026-01-01T00:00:00Z",
    raw: [],
    source: "network",
    fetchedAt: "2026-01-01T00:00:00Z",
    template,
    params: {},
    messages,
    tools: [],
    variables,
  };
}

function problemsOf(run: () => unknown): PromptError {
  try {
    run();
  } catch (err) {
    if (PromptError.is(err)) return err;
    throw err;
  }
  throw new Error("expected the render to throw");
}

const strict = { extraVariables: "error" } as const;

describe("extraVariables", () => {
  const helicone = version("helicone", [{ role: "user", content: "Hi {{hc:name:string}}, you have {{hc:count:number}}." }]);
  const langfuse = version("langfuse", [
    { role: "system", content: "Hi {{name}}{{#vip}} (VIP){{/vip}}" },
    { role: "placeholder", name: "history" },
  ]);
  const tela = version("tela", [{ role: "user", content: "Read {{document}}" }], [{ name: "document", type: "string", required: true }]);

  it("ignores variables the prompt does not use by default, as every vendor does", () => {
    expect(renderHelicone(helicone, { name: "Ada", count: 2, extra: 1 }).messages[0]!.content).toBe("Hi Ada, you have 2.");
    expect(renderTela(tela, { document: "x", extra: 1 }, { extraVariables: "ignore" }).messages[0]!.content).toBe("Read x");
  });

  it.each([
    ["helicone", () => renderHelicone(helicone, { name: "Ada", count: 2, nmae: "typo" }, strict)],
    ["langfuse", () => renderLangfuse(langfuse, { name: "Ada", vip: true, history: [], nmae: "typo" }, strict)],
    ["tela", () => renderTela(tela, { document: "x", nmae: "typo" }, strict)],
  ])('%s: with extraVariables: "error" an unused variable is an invalid_variables problem', (vendor, run) => {
    const err = problemsOf(run);
    expect(err.code).toBe("invalid_variables");
    expect(err.vendor).toBe(vendor);
    expect(err.problems).toEqual([{ name: "nmae", expected: "unused", received: "a value the prompt does not use" }]);
    expect(err.message).toBe(`Cannot render prompt ${vendor}:p version 1: 1 variable problem: "nmae" is not used by the prompt.`);
  });

  it("lists unused variables in the same error as the missing and mistyped ones", () => {
    const err = problemsOf(() => renderHelicone(helicone, { count: "many", extra: 1 }, strict));
    expect(err.problems?.map((p) => [p.name, p.expected])).toEqual([
      ["name", "defined"],
      ["count", "number"],
      ["extra", "unused"],
    ]);
    expect(err.message).toMatch(/3 variable problems: .*"extra" is not used by the prompt\./);
  });

  it("placeholders, sections and undefined values are not extra", () => {
    expect(renderLangfuse(langfuse, { name: "Ada", vip: false, history: [], unset: undefined }, strict).messages).toHaveLength(1);
  });

  it("records reads through get, in and hasOwn, and nothing else", () => {
    const reads = new Set<string>();
    const view = recordReads({ a: 1, b: 2, c: 3 }, reads);
    void view.a;
    void ("b" in view);
    expect(Object.hasOwn(view, "zz")).toBe(false);
    expect([...reads].sort()).toEqual(["a", "b", "zz"]);
    expect(unusedVariables({ a: 1, b: 2, c: 3 }, reads).map((p) => p.name)).toEqual(["c"]);
  });
});

describe("extraVariables with included prompts", () => {
  const including = version("helicone", [{ role: "system", content: "{{hcp:BrandV:0}} Help {{hc:name:string}}." }]);
  const included = new Map(heliconeTemplate.compile(including).includes.map((include) => [include.key, "Tone: {{hc:tone:string}}."]));

  it("a variable used only by an included prompt (a Helicone partial) is not extra; a misspelt one is", () => {
    const rendered = renderHelicone(including, { name: "Ada", tone: "warm" }, { ...strict, included });
    expect(rendered.messages[0]!.content).toBe("Tone: warm. Help Ada.");
    const err = problemsOf(() => renderHelicone(including, { name: "Ada", tone: "warm", tnoe: "cold" }, { ...strict, included }));
    expect(err.problems?.map((p) => p.name)).toEqual(["tnoe"]);
  });
});

describe("extraVariables through the client", () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startTestEmulator();
  });
  afterAll(() => emu.close());

  it("prompts.render passes the option to the render", async () => {
    const prompts = clientFor(emu);
    const ref = `helicone:${emu.seed.helicone.onboardingEmail.promptId}@development`;
    const variables = { name: "Ada", plan: "Pro", trialDays: 14 };
    await expect(prompts.render(ref, { ...variables, extra: 1 })).resolves.toMatchObject({ vendor: "helicone" });
    await expect(prompts.render(ref, variables, strict)).resolves.toMatchObject({ vendor: "helicone" });
    const err = await caught(() => prompts.render(ref, { ...variables, trailDays: 14 }, strict));
    expect(err.code).toBe("invalid_variables");
    expect(err.problems?.map((p) => p.name)).toEqual(["trailDays"]);
  });
});
