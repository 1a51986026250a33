// tela() with no options reads TELA_API_KEY and TELA_BASE_URL, as the vendors' own clients do, so
// an app configured by environment (the README's first example) needs no code change.
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import type { Emulator } from "@polyprompt/emulator";
import { createPromptClient } from "../../client/create-client.js";
import { SECRET_KEYS, startTestEmulator } from "../../test-support/emulator.js";
import { tela } from "./index.js";

let emu: Emulator;
const saved = { key: process.env.TELA_API_KEY, url: process.env.TELA_BASE_URL };
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu?.close());
afterEach(() => {
  for (const [name, value] of [
    ["TELA_API_KEY", saved.key],
    ["TELA_BASE_URL", saved.url],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

it("tela() takes its key and host from TELA_API_KEY and TELA_BASE_URL", async () => {
  process.env.TELA_API_KEY = `${SECRET_KEYS.tela}\n`;
  process.env.TELA_BASE_URL = emu.urlFor("tela");
  const prompts = createPromptClient({ vendors: [tela()] });
  const promptId = emu.state().tela.prompts[0]!.id;
  expect((await prompts.listVersions(`tela:${promptId}`)).length).toBeGreaterThan(0);
});

it("tela() with neither option nor variable is a configuration error naming the variable", () => {
  delete process.env.TELA_API_KEY;
  expect(() => tela()).toThrow(/TELA_API_KEY/);
});
