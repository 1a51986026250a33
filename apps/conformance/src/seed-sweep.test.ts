// Every seeded prompt of each vendor, every version (emulator only: the seed is written to cover
// every payload shape and quirk the vendors have). The live targets read one named prompt instead.
import { describe, expect } from "vitest";
import { SEED } from "@polyprompt/emulator";
import { toAnthropicMessages, toOpenAIChat, type PromptClient, type PromptVersionInfo, type RenderedPrompt } from "@polyprompt/core";
import { itConforms } from "./known-issues.js";
import { forEachTarget, type Session, type VendorName } from "./targets.js";
import { VENDOR_PROFILES } from "./vendors.js";
import {
  expectAnthropicBody,
  expectInfoKeysOnly,
  expectNoPlaceholders,
  expectOpenAIChatBody,
  expectVersionInfo,
  sampleValues,
} from "./support.js";

/** A model for a version that names none (a vendor may leave it out), as the conversion error asks. */
const modelIfNone = (rendered: RenderedPrompt): { model?: string } => (rendered.model ? {} : { model: "conformance-model" });

function seededPrompts(vendor: VendorName): { name: string; promptId: string }[] {
  return VENDOR_PROFILES[vendor].seededPrompts(SEED);
}

/** Runs `check` for every version of every seeded prompt; one error with a line per failure. */
async function sweep(
  s: Session,
  client: PromptClient,
  check: (ref: string, info: PromptVersionInfo, list: PromptVersionInfo[]) => Promise<void>,
): Promise<void> {
  const failures: string[] = [];
  for (const { name, promptId } of seededPrompts(s.vendor)) {
    const list = await client.listVersions(`${s.vendor}:${promptId}`);
    for (const info of list) {
      try {
        await check(`${s.vendor}:${promptId}#${info.versionId}`, info, list);
      } catch (err) {
        failures.push(`${name} ${info.version}: ${(err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, " ")}`);
      }
    }
  }
  if (failures.length > 0) throw new Error(failures.join("\n"));
}

forEachTarget((tc, session) => {
  const s = (): Session => session();
  const MAX_TOKENS = 256;

  describe.skipIf(tc.kind !== "emulator")("every seeded prompt", () => {
    itConforms(tc, "listVersions: fields typed, newest first; each environment on one version; gets agree", async () => {
      const client = s().client();
      const failures: string[] = [];
      for (const { name, promptId } of seededPrompts(tc.vendor)) {
        try {
          const list = await client.listVersions(`${tc.vendor}:${promptId}`);
          for (const info of list) {
            expectVersionInfo(info, tc.vendor, promptId, "network");
            expectInfoKeysOnly(info);
          }
          for (let i = 1; i < list.length; i++) expect(list[i - 1]!.createdAt >= list[i]!.createdAt, "newest first").toBe(true);
          const owners = new Map<string, string[]>();
          for (const info of list) for (const env of info.environments) owners.set(env, [...(owners.get(env) ?? []), info.version]);
          for (const [env, versions] of owners) {
            expect(versions.length, `environment "${env}" is listed on versions ${versions.join(", ")}`).toBe(1);
            const got = await client.get(env === "production" ? `${tc.vendor}:${promptId}` : `${tc.vendor}:${promptId}@${env}`);
            expect(got.version, `get @${env}`).toBe(versions[0]);
          }
        } catch (err) {
          failures.push(`${name}: ${(err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, " ")}`);
        }
      }
      if (failures.length > 0) throw new Error(failures.join("\n"));
    });

    itConforms(tc, "every version renders with sample values, leaving no placeholder", async () => {
      const client = s().client();
      await sweep(s(), client, async (ref) => {
        const version = await client.get(ref);
        expectNoPlaceholders(await client.render(ref, sampleValues(version.variables)), tc.vendor, version.variables);
      });
    });

    itConforms(tc, "every version converts to a well-formed Chat Completions body", async () => {
      const client = s().client();
      await sweep(s(), client, async (ref) => {
        const rendered = await client.render(ref, sampleValues((await client.get(ref)).variables));
        expectOpenAIChatBody(toOpenAIChat(rendered, modelIfNone(rendered)), rendered);
      });
    });

    itConforms(tc, "every version converts to a well-formed Messages body", async () => {
      const client = s().client();
      await sweep(s(), client, async (ref) => {
        const rendered = await client.render(ref, sampleValues((await client.get(ref)).variables));
        expectAnthropicBody(toAnthropicMessages(rendered, { maxTokens: MAX_TOKENS, ...modelIfNone(rendered) }), MAX_TOKENS);
      });
    });
  });
});
