// Every seed prompt of every emulated vendor, fetched over real HTTP, translated into every other
// dialect: parse → print → parse is stable, a lossless translation renders the same messages
// (same values, same included texts), and a lossy one is refused listing what `allowLossy` reports.
import { startEmulator, SEED, type Emulator } from "@polyprompt/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPromptClient } from "../client/create-client.js";
import { PromptError } from "../errors/prompt-error.js";
import type { PromptVersion } from "../model/types.js";
import { helicone } from "../vendors/helicone/index.js";
import { langfuse } from "../vendors/langfuse/index.js";
import { tela } from "../vendors/tela/index.js";
import { DIALECTS, renderAny, sampleValues } from "../test-support/translate-kit.js";
import { translateVersion } from "./translate-version.js";

const KEYS = { helicone: "sk-helicone-translate-1", tela: "tela-translate-1", langfuse: "pk-lf-translate:sk-lf-translate" };
let emu: Emulator;
const versions: PromptVersion[] = [];

beforeAll(async () => {
  emu = await startEmulator({ apiKeys: { helicone: [KEYS.helicone], tela: [KEYS.tela], langfuse: [KEYS.langfuse] } });
  const client = createPromptClient({
    vendors: [
      helicone({ apiKey: KEYS.helicone, baseUrl: emu.urlFor("helicone") }),
      tela({ apiKey: KEYS.tela, baseUrl: emu.urlFor("tela") }),
      langfuse({ publicKey: "pk-lf-translate", secretKey: "sk-lf-translate", baseUrl: emu.urlFor("langfuse") }),
    ],
    retry: false,
  });
  const ids: [string, string][] = [
    ...Object.values(SEED.helicone).flatMap((entry) =>
      typeof entry === "object" && entry !== null && "promptId" in entry ? [["helicone", String(entry.promptId)] as [string, string]] : [],
    ),
    ...Object.values(SEED.tela).flatMap((entry) =>
      typeof entry === "object" && entry !== null && "promptId" in entry ? [["tela", String(entry.promptId)] as [string, string]] : [],
    ),
    ...Object.values(SEED.langfuse).flatMap((entry) =>
      typeof entry === "object" && entry !== null && "name" in entry ? [["langfuse", String(entry.name)] as [string, string]] : [],
    ),
  ];
  for (const [vendor, promptId] of ids) {
    for (const info of await client.listVersions({ vendor, promptId })) {
      versions.push(await client.get({ vendor, promptId, versionId: info.versionId }));
    }
  }
}, 60_000);
afterAll(() => emu?.close());

const label = (v: PromptVersion) => `${v.vendor}:${v.promptId}@${v.version}`;

describe("translation of the emulator's seed prompts", () => {
  it("fetched versions of every vendor", () => {
    for (const vendor of ["helicone", "tela", "langfuse"]) expect(versions.filter((v) => v.vendor === vendor).length).toBeGreaterThan(2);
  });

  it("parse → print → parse is stable in each version's own dialect", () => {
    for (const version of versions) {
      const { dialect } = DIALECTS[version.template]!;
      const neutral = dialect.read(version);
      const written = dialect.write(neutral);
      expect(written.losses, label(version)).toEqual([]);
      expect({ ...dialect.read(written.version), raw: [] }, label(version)).toEqual({ ...neutral, raw: [] });
    }
  });

  it("every pair both ways: lossless translations render the same; lossy ones are refused, listing what allowLossy reports", () => {
    let lossless = 0;
    let lossy = 0;
    for (const version of versions) {
      const values = sampleValues(version);
      const before = renderAny(version, values);
      for (const target of Object.keys(DIALECTS)) {
        if (target === version.template) continue;
        const to = DIALECTS[target]!.dialect;
        const from = DIALECTS[version.template]!.dialect;
        const lenient = translateVersion(version, { from, to, allowLossy: true });
        if (lenient.losses.length === 0) {
          lossless++;
          const { version: translated } = translateVersion(version, { from, to });
          expect(translated.template).toBe(target);
          const after = renderAny(translated, sampleValues(translated));
          expect(after.messages, `${label(version)} → ${target}`).toEqual(before.messages);
          expect(after.tools, `${label(version)} → ${target}`).toEqual(before.tools);
          expect(after.responseFormat, `${label(version)} → ${target}`).toEqual(before.responseFormat);
          // And back again: the round trip renders the same too.
          const back = translateVersion(translated, { from: to, to: from, allowLossy: true });
          if (back.losses.length === 0) expect(renderAny(back.version, values).messages).toEqual(before.messages);
        } else {
          lossy++;
          let error: unknown;
          try {
            translateVersion(version, { from, to });
          } catch (err) {
            error = err;
          }
          expect(PromptError.is(error), `${label(version)} → ${target}`).toBe(true);
          expect((error as PromptError).code).toBe("unsupported");
          for (const loss of lenient.losses)
            expect((error as PromptError).message).toContain(`${loss.kind} "${loss.name}" at ${loss.where}`);
        }
      }
    }
    expect(lossless).toBeGreaterThan(0);
    expect(lossy).toBeGreaterThan(0);
  });
});
