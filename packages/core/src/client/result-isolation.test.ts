// A caller who mutates what the client returned (a version, a rendered prompt, a provider body)
// must never change what the next warm call returns: a warm get hands out a version frozen at
// every depth, and renders and converters build fresh objects.
import type { Emulator } from "@polyprompt/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toAnthropicMessages } from "../convert/anthropic.js";
import { toOpenAIChat } from "../convert/openai.js";
import { toOpenAIResponses } from "../convert/openai-responses.js";
import { clientFor, startTestEmulator } from "../test-support/emulator.js";
import { sampleVariables } from "../migrate/sample-variables.js";

let emu: Emulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());

/** Tries to change every field at every depth: assign, push, delete. Frozen parts refuse (and throw); that is fine. */
function vandalize(value: unknown, depth = 0): void {
  if (value === null || typeof value !== "object" || depth > 12) return;
  const attempt = (change: () => void) => {
    try {
      change();
    } catch {
      // A frozen object refuses the change: what we want.
    }
  };
  for (const key of Object.keys(value)) {
    vandalize((value as Record<string, unknown>)[key], depth + 1);
    attempt(() => {
      (value as Record<string, unknown>)[key] = "vandalized";
    });
  }
  if (Array.isArray(value)) attempt(() => value.push("vandalized"));
  else attempt(() => Object.assign(value, { vandalized: true }));
  for (const key of Object.keys(value)) attempt(() => delete (value as Record<string, unknown>)[key]);
}

const snapshot = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe("results are the caller's to mutate", () => {
  const refs = () => [`helicone:${emu.seed.helicone.supportAgent.promptId}`, `tela:${emu.seed.tela.docAnalysis.promptId}`];

  it("a mutated version, rendered prompt or provider body leaves the next warm call's output unchanged", async () => {
    const prompts = clientFor(emu);
    for (const ref of refs()) {
      const version = await prompts.get(ref);
      const variables = sampleVariables(version);
      // Files as data, which every provider body can carry.
      for (const v of version.variables) if (v.type === "file") variables[v.name] = "data:application/pdf;base64,JVBERi0xLjQ=";
      const render = async () => {
        const rendered = await prompts.render(ref, variables, { missing: "keep" });
        return {
          rendered,
          openai: toOpenAIChat(rendered, { model: "gpt-4o" }),
          responses: toOpenAIResponses(rendered, { model: "gpt-4o" }),
          anthropic: toAnthropicMessages(rendered, { model: "claude-sonnet-4-5", maxTokens: 256 }),
        };
      };
      const before = snapshot({ version: await prompts.get(ref), ...(await render()) });
      expect(Object.isFrozen(await prompts.get(ref))).toBe(true);
      for (let round = 0; round < 3; round++) {
        vandalize(await prompts.get(ref));
        const outputs = await render();
        for (const output of Object.values(outputs)) vandalize(output);
        const after = snapshot({ version: await prompts.get(ref), ...(await render()) }) as { version: { source: string } };
        expect(after.version.source).toBe("cache");
        expect(after, ref).toEqual({ ...(before as object), version: { ...(before as { version: object }).version, source: "cache" } });
      }
    }
  });
});
