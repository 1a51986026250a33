// Issue 9: renderPrompt works standalone, with no client and no earlier call, for every
// vendor the shared emulator helper wires up; and every piece of advice in a render error message is followed here and
// seen to work.
import { readFileSync } from "node:fs";
import type { Emulator } from "@polyprompt/emulator";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { TemplateEngine } from "../contract/template-engine.js";
import type { PromptVendor } from "../contract/vendor.js";
import { createPromptClient } from "../client/create-client.js";
import type { PromptVersion, RenderedPrompt } from "../model/types.js";
import { caught, clientFor, EMULATED_VENDORS, type EmulatedVendorName, startTestEmulator, vendorsFor } from "../test-support/emulator.js";
import { compileVersion, renderPrompt } from "./render-prompt.js";
import { withoutPlaceholders } from "./placeholders.js";

let emu: Emulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());

/** One prompt per emulated vendor: a vendor without one here fails typecheck. */
const SAMPLE: Record<EmulatedVendorName, (emu: Emulator) => string> = {
  helicone: (e) => `helicone:${e.seed.helicone.ticketClassifier.promptId}`,
  tela: (e) => `tela:${e.seed.tela.docAnalysis.promptId}`,
};

const keep = { missing: "keep" } as const;

/** A plain, unfrozen copy of a fetched version, as an app would hold it after JSON storage. */
async function plainVersion(vendor: EmulatedVendorName): Promise<PromptVersion> {
  return JSON.parse(JSON.stringify(await clientFor(emu).get(SAMPLE[vendor](emu)))) as PromptVersion;
}

/** What the client's own render gives, without provenance. */
async function clientRender(vendor: EmulatedVendorName): Promise<Omit<RenderedPrompt, "source" | "fetchedAt">> {
  const { source: _s, fetchedAt: _f, ...rest } = await clientFor(emu).render(SAMPLE[vendor](emu), {}, keep);
  return rest;
}

/**
 * Follows an import specifier the way the package's `exports` map does, to the source module it
 * was built from (dist/x.js ← src/x.ts), and imports a fresh copy of it.
 */
async function importEntry(specifier: string): Promise<Record<string, unknown>> {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    name: string;
    exports: Record<string, { default: string }>;
  };
  expect(specifier.startsWith(`${pkg.name}/`), specifier).toBe(true);
  const target = pkg.exports[`./${specifier.slice(pkg.name.length + 1)}`];
  expect(target, `package.json#exports has ${specifier}`).toBeDefined();
  const source = target!.default.replace(/^\.\/dist\//, "../");
  vi.resetModules();
  return (await import(/* @vite-ignore */ source)) as Record<string, unknown>;
}

/** The advice's quoted entry point, e.g. `@polyprompt/core/helicone`. */
function adviceEntry(message: string): string {
  const match = /from "(@polyprompt\/core\/[a-z0-9-]+)"/.exec(message);
  expect(match, message).not.toBeNull();
  return match![1]!;
}

describe.each(EMULATED_VENDORS)("%s: standalone renderPrompt", (vendor) => {
  it("renders on a fresh import of the vendor entry, with no client and no earlier call", async () => {
    const version = await plainVersion(vendor);
    vi.resetModules();
    const entry = (await import(/* @vite-ignore */ `../vendors/${vendor}/index.js`)) as { renderPrompt: typeof renderPrompt };
    const rendered = entry.renderPrompt(version, {}, keep);
    expect(rendered).toMatchObject(await clientRender(vendor));
  });

  it("the root renderPrompt without an engine says what to do, and both pieces of advice work", async () => {
    const version = await plainVersion(vendor);
    const err = await caught(async () => renderPrompt(version, {}, keep));
    expect(err).toMatchObject({ code: "unsupported", vendor, operation: "renderPrompt" });
    const expected = await clientRender(vendor);

    // Advice 1: import { renderPrompt } from "@polyprompt/core/<vendor>".
    const entry = await importEntry(adviceEntry(err.message));
    expect(err.message).toContain(`import { renderPrompt } from "${adviceEntry(err.message)}"`);
    expect((entry.renderPrompt as typeof renderPrompt)(version, {}, keep)).toMatchObject(expected);

    // Advice 2: pass { engine: <vendor>Template } imported from the same entry point.
    const engineName = /\{ engine: (\w+) \}/.exec(err.message)![1]!;
    const engine = entry[engineName] as TemplateEngine;
    expect(engine, `${adviceEntry(err.message)} exports ${engineName}`).toBeDefined();
    expect(renderPrompt(version, {}, { ...keep, engine })).toMatchObject(expected);
  });

  it("compileVersion without an engine names the engine to pass, and passing it works", async () => {
    const version = await plainVersion(vendor);
    const err = await caught(async () => compileVersion(version, undefined as unknown as TemplateEngine));
    expect(err).toMatchObject({ code: "unsupported", operation: "compileVersion" });
    const engineName = /import \{ (\w+) \} from/.exec(err.message)![1]!;
    const entry = await importEntry(adviceEntry(err.message));
    const compiled = compileVersion(version, entry[engineName] as TemplateEngine);
    expect(compiled.render({}, keep).messages).toEqual((await clientRender(vendor)).messages);
  });
});

describe("a renderer given the wrong kind of version", () => {
  it("a vendor entry's renderPrompt names the entry that renders it, and that entry does", async () => {
    const [first, second] = EMULATED_VENDORS;
    const version = await plainVersion(second);
    const entry = (await import(/* @vite-ignore */ `../vendors/${first}/index.js`)) as { renderPrompt: typeof renderPrompt };
    const err = await caught(async () => entry.renderPrompt(version, {}, keep));
    expect(err).toMatchObject({ code: "unsupported", vendor: second });
    const right = await importEntry(adviceEntry(err.message));
    expect((right.renderPrompt as typeof renderPrompt)(version, {}, keep)).toMatchObject(await clientRender(second));
  });

  it("a custom syntax: pass { engine }, or render through prompts.render(), and both work", async () => {
    const acmeEngine: TemplateEngine = {
      syntax: "acme",
      compile: (v) => ({
        includes: [],
        render: () => ({
          messages: withoutPlaceholders(v.messages, "acme").map((m) => ({ ...m, content: String(m.content).toUpperCase() })),
          tools: [],
        }),
        includeText: () => "",
      }),
    };
    const version: PromptVersion = {
      vendor: "acme",
      promptId: "p1",
      versionId: "v1",
      version: "1",
      environments: ["production"],
      draft: false,
      createdAt: "2026-01-01T00:00:00.000Z",
      raw: [],
      template: "acme",
      params: {},
      tools: [],
      variables: [],
      messages: [{ role: "user", content: "hello" }],
      source: "network",
      fetchedAt: "2026-01-01T00:00:00.000Z",
    };
    const err = await caught(async () => renderPrompt(version));
    expect(err.code).toBe("unsupported");
    expect(err.message).toContain("Pass { engine }");
    expect(err.message).toContain("prompts.render()");
    expect(renderPrompt(version, {}, { engine: acmeEngine }).messages[0]!.content).toBe("HELLO");

    const { source: _s, fetchedAt: _f, ...body } = version;
    const acme: PromptVendor = {
      name: "acme",
      templateEngine: acmeEngine,
      getVersion: async () => body,
      listVersions: async () => [],
    };
    const rendered = await createPromptClient({ vendors: [acme] }).render("acme:p1");
    expect(rendered.messages[0]!.content).toBe("HELLO");
  });
});

describe("client configuration advice", () => {
  it("two vendors with one name: giving each once works", async () => {
    const [name] = EMULATED_VENDORS;
    const vendor = vendorsFor(emu)[name];
    const err = await caught(async () => createPromptClient({ vendors: [vendor, vendor] }));
    expect(err.code).toBe("invalid_config");
    expect(err.message).toContain("give each vendor in options.vendors once");
    expect(() => createPromptClient({ vendors: [vendor] })).not.toThrow();
  });

  it("a fallback in a syntax no vendor of the client renders: adding that vendor works", async () => {
    const ref = "helicone:zzzzzz";
    const fallback = { template: "tela", messages: [{ role: "user" as const, content: "from the fallback" }] };
    const onlyHelicone = createPromptClient({ vendors: [vendorsFor(emu).helicone], retry: false });
    const err = await caught(() => onlyHelicone.render(ref, {}, { fallback }));
    expect(err).toMatchObject({ code: "unsupported" });
    expect(err.message).toContain("add the vendor whose templateEngine has that syntax to options.vendors");
    const both = createPromptClient({ vendors: [vendorsFor(emu).helicone, vendorsFor(emu).tela], retry: false });
    expect((await both.render(ref, {}, { fallback })).messages[0]!.content).toBe("from the fallback");
  });
});

describe("a vendor entry's renderPrompt remembers compiled templates only while that is safe", () => {
  const engineCounting = (inner: TemplateEngine) => {
    let compiles = 0;
    const engine: TemplateEngine = {
      syntax: inner.syntax,
      compile: (v) => {
        compiles++;
        return inner.compile(v);
      },
    };
    return { engine, compiles: () => compiles };
  };

  it("a version from the client (frozen parts) compiles once; a changed or unfrozen one compiles again", async () => {
    const [vendor] = EMULATED_VENDORS;
    const { createRenderer } = await import("./render-prompt.js");
    const entry = (await import(/* @vite-ignore */ `../vendors/${vendor}/index.js`)) as Record<string, unknown>;
    const counting = engineCounting(entry[`${vendor}Template`] as TemplateEngine);
    const render = createRenderer(counting.engine);

    const version = await clientFor(emu).get(SAMPLE[vendor](emu));
    for (let i = 0; i < 5; i++) render(version, {}, keep);
    expect(counting.compiles()).toBe(1);

    // The caller replaces a field: the memo must not answer for the old one.
    const mutable = { ...version } as { -readonly [K in keyof PromptVersion]: PromptVersion[K] };
    render(mutable, {}, keep);
    mutable.messages = [{ role: "user", content: "changed" }];
    expect(render(mutable, {}, keep).messages).toEqual([{ role: "user", content: "changed" }]);

    // A plain copy (e.g. from JSON) may be changed in place: never remembered.
    const plain = JSON.parse(JSON.stringify(version)) as PromptVersion;
    const before = counting.compiles();
    render(plain, {}, keep);
    render(plain, {}, keep);
    expect(counting.compiles()).toBe(before + 2);
  });
});
