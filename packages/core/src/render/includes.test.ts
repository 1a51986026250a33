// Include resolution's identity of an included prompt: the selector kind counts.
import { describe, expect, it } from "vitest";
import type { CompiledTemplate, TemplateInclude } from "../contract/template-engine.js";
import type { PromptVersion } from "../model/types.js";
import type { PromptRefObject } from "../refs/types.js";
import { resolveIncludes } from "./includes.js";
import { RenderBudget, renderLimits } from "./render-limits.js";

/** A compiled template whose includes are given, and whose include text names the version. */
const compiledWith = (includes: TemplateInclude[], name: string): CompiledTemplate => ({
  includes,
  render: () => ({ messages: [], tools: [] }),
  includeText: (_index, included) => `${name}(${[...(included?.values() ?? [])].join(",")})`,
});

describe("resolveIncludes", () => {
  it("tells environment 3, version 3 and two pinned versions of one prompt apart (no false cycle)", async () => {
    const refs: PromptRefObject[] = [
      { vendor: "acme", promptId: "child", environment: "3" },
      { vendor: "acme", promptId: "child", version: "3" },
      { vendor: "acme", promptId: "child", versionId: "7" },
      { vendor: "acme", promptId: "child", versionId: "8" },
    ];
    const fetched: PromptRefObject[] = [];
    // Each fetched child includes the next ref in the list once: a chain, never a cycle.
    const versionFor = (ref: PromptRefObject) => ({ vendor: "acme", promptId: ref.promptId, ref }) as unknown as PromptVersion;
    const compile = (version: PromptVersion): CompiledTemplate => {
      const ref = (version as unknown as { ref: PromptRefObject }).ref;
      const next = refs[refs.indexOf(ref) + 1];
      return compiledWith(next ? [{ key: `k${refs.indexOf(next)}`, ref: next, messageIndex: 0 }] : [], JSON.stringify(ref));
    };
    const top = compiledWith([{ key: "k0", ref: refs[0]!, messageIndex: 0 }], "top");
    const texts = await resolveIncludes(
      { vendor: "acme" },
      top,
      async (ref) => {
        fetched.push(ref);
        return versionFor(ref);
      },
      compile,
      new RenderBudget(renderLimits(), "acme"),
    );
    expect(fetched).toEqual(refs);
    expect(texts.get("k0")).toContain('"versionId":"8"');
  });

  it("still finds a real cycle, and names its steps", async () => {
    const self: PromptRefObject = { vendor: "acme", promptId: "loop", version: "1" };
    const compile = (): CompiledTemplate => compiledWith([{ key: "k", ref: self, messageIndex: 0 }], "loop");
    await expect(
      resolveIncludes(
        { vendor: "acme" },
        compile(),
        async () => ({ vendor: "acme" }) as PromptVersion,
        compile,
        new RenderBudget(renderLimits(), "acme"),
      ),
    ).rejects.toThrow(/cycle: acme:loop@1\[0\] → acme:loop@1\[0\]/);
  });
});
