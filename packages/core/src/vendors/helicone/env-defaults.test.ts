// helicone() with no options reads HELICONE_API_KEY and HELICONE_BASE_URL, as the vendors' own clients do, so
// an app configured by environment (the README's first example) needs no code change.
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import type { Emulator } from "@polyprompt/emulator";
import { createPromptClient } from "../../client/create-client.js";
import { SECRET_KEYS, startTestEmulator } from "../../test-support/emulator.js";
import { helicone } from "./index.js";

let emu: Emulator;
const saved = { key: process.env.HELICONE_API_KEY, url: process.env.HELICONE_BASE_URL };
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu?.close());
afterEach(() => {
  for (const [name, value] of [
    ["HELICONE_API_KEY", saved.key],
    ["HELICONE_BASE_URL", saved.url],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

it("helicone() takes its key and host from HELICONE_API_KEY and HELICONE_BASE_URL", async () => {
  process.env.HELICONE_API_KEY = `${SECRET_KEYS.helicone}\n`;
  process.env.HELICONE_BASE_URL = emu.urlFor("helicone");
  const prompts = createPromptClient({ vendors: [helicone()] });
  const promptId = emu.state().helicone.prompts[0]!.id;
  expect((await prompts.listVersions(`helicone:${promptId}`)).length).toBeGreaterThan(0);
});

it("helicone() with neither option nor variable is a configuration error naming the variable", () => {
  delete process.env.HELICONE_API_KEY;
  expect(() => helicone()).toThrow(/HELICONE_API_KEY/);
});
