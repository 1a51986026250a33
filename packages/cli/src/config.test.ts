import { describe, expect, it } from "vitest";
import { checkConfig, ConfigError, expandRef, findConfig, resolveSettings, type ConfigSource } from "./config.js";

/** A file system of the given files (path → text), and modules (path → default export). */
function source(files: Record<string, string>, modules: Record<string, unknown> = {}): ConfigSource {
  return {
    readText: async (path) => files[path] ?? (path in modules ? "module" : undefined),
    importModule: async (path) => {
      if (!(path in modules)) throw new Error("Cannot find module");
      return { default: modules[path] };
    },
  };
}

describe("findConfig", () => {
  it("finds the nearest file upward, json before js", async () => {
    const found = await findConfig(
      "/repo/apps/web/src",
      source({ "/repo/polyprompt.config.json": '{ "defaultVendor": "langfuse" }', "/repo/apps/polyprompt.config.json": '{ "dir": "p" }' }),
    );
    expect(found).toEqual({ path: "/repo/apps/polyprompt.config.json", config: { dir: "p" } });
    const js = await findConfig("/a/b", source({}, { "/a/polyprompt.config.js": { output: "json" } }));
    expect(js).toEqual({ path: "/a/polyprompt.config.js", config: { output: "json" } });
  });

  it("is undefined with no file up to the root", async () => {
    expect(await findConfig("/x/y/z", source({}))).toBeUndefined();
  });

  it("names the file and every problem when it is not a config", async () => {
    await expect(findConfig("/r", source({ "/r/polyprompt.config.json": "{ nope" }))).rejects.toThrow(
      /polyprompt\.config\.json is not JSON/,
    );
    expect(() => checkConfig({ dir: 3, output: "xml", colour: true, aliases: { a: 1 } }, "c.json")).toThrow(ConfigError);
    try {
      checkConfig({ dir: 3, output: "xml", colour: true, aliases: { a: 1 } }, "c.json");
    } catch (err) {
      for (const part of ['unknown key "colour"', "dir is a path", 'output is "text" or "json"', "aliases maps names"])
        expect(String(err)).toContain(part);
    }
    await expect(findConfig("/r", source({ "/r/polyprompt.config.ts": "x" }))).rejects.toThrow(/needs a runtime that strips types/);
  });
});

describe("resolveSettings: flag over environment over config file", () => {
  const config = { dir: "from-config", output: "json" as const, defaultVendor: "tela" };
  it("takes the flag first", () => {
    const s = resolveSettings(
      { dir: "from-flag", json: true, emulator: true },
      { POLYPROMPT_DIR: "from-env", POLYPROMPT_OUTPUT: "text" },
      config,
    );
    expect([s.dir, s.json, s.emulator]).toEqual(["from-flag", true, true]);
    expect(s.sources).toMatchObject({ dir: "flag", json: "flag", emulator: "flag" });
  });
  it("then the environment", () => {
    const s = resolveSettings(
      {},
      { POLYPROMPT_DIR: "from-env", POLYPROMPT_OUTPUT: "text", POLYPROMPT_VENDOR: "helicone", POLYPROMPT_EMULATOR: "1" },
      config,
    );
    expect([s.dir, s.json, s.defaultVendor, s.emulator]).toEqual(["from-env", false, "helicone", true]);
    expect(s.sources).toMatchObject({ dir: "env", json: "env", defaultVendor: "env", emulator: "env" });
  });
  it("then the config file, then the defaults", () => {
    expect(resolveSettings({}, {}, config)).toMatchObject({
      dir: "from-config",
      json: true,
      defaultVendor: "tela",
      sources: { dir: "config" },
    });
    expect(resolveSettings({}, {})).toMatchObject({ dir: "prompts", json: false, emulator: false, sources: { dir: "default" } });
  });
});

describe("expandRef", () => {
  it("applies aliases, then the default vendor to a reference without one", () => {
    const settings = { aliases: { support: "langfuse:support/chat@production" }, defaultVendor: "helicone" };
    expect(expandRef("support", settings)).toBe("langfuse:support/chat@production");
    expect(expandRef("aB3xY9@staging", settings)).toBe("helicone:aB3xY9@staging");
    expect(expandRef("tela:abc", settings)).toBe("tela:abc");
    expect(expandRef("abc", { aliases: {} })).toBe("abc");
  });
});
