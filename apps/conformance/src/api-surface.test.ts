// The public API as a whole: every runtime export of the core's entry points is exercised by a
// conformance case (a new export fails this file until it has one), and the adapter-writing
// building blocks (PromptVendor, createVendorHttp, shape, createRenderer, the vendors'
// template engines, renderers and normalizers) agree with what the client does; and the webhook
// pieces (langfuseWebhook behind toNodeListener, with a memory replay guard) update a client's
// cache when a label moves.
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as core from "@polyprompt/core";
import * as heliconeEntry from "@polyprompt/core/helicone";
import * as telaEntry from "@polyprompt/core/tela";
import * as heliconeWriteEntry from "@polyprompt/core/helicone/write";
import * as telaWriteEntry from "@polyprompt/core/tela/write";
import * as langfuseWriteEntry from "@polyprompt/core/langfuse/write";
import * as langfuseWebhookEntry from "@polyprompt/core/langfuse/webhook";
import * as aiSdkEntry from "@polyprompt/core/ai-sdk";
import * as watchEntry from "@polyprompt/core/watch";
import {
  compileVersion,
  createPromptClient,
  createVendorHttp,
  PromptError,
  createRenderer,
  renderPrompt,
  shape,
  type PromptVendor,
  type TemplateEngine,
  type VendorPromptVersion,
} from "@polyprompt/core";
import { heliconeTemplate, heliconeVariables, normalizeHeliconeBody } from "@polyprompt/core/helicone";
import { tela, telaTemplate } from "@polyprompt/core/tela";
import { SEED, startEmulator, type Emulator } from "@polyprompt/emulator";
import { EMULATOR_PROMPTS, EMULATOR_SECRETS, emulatorApiKeys } from "./targets.js";
import { VENDOR_PROFILES } from "./vendors.js";
import { caught, expectNoSecret, sampleValues } from "./support.js";

/** Each runtime export, and the conformance file whose cases exercise it. */
const COVERED: Record<string, Record<string, string>> = {
  "@polyprompt/core": {
    createPromptClient: "every file (get, listVersions, render, invalidate, clear, stats)",
    renderPrompt: "render.test.ts, api-surface.test.ts",
    compileVersion: "render.test.ts (includes), api-surface.test.ts",
    createRenderer: "api-surface.test.ts (custom registry)",
    DEFAULT_RENDER_LIMITS: "api-surface.test.ts (helicone building blocks: a partial over a tightened limit)",
    toOpenAIChat: "render.test.ts, seed-sweep.test.ts",
    toOpenAIResponses: "render.test.ts (production, listed versions and every seeded prompt)",
    toAnthropicMessages: "render.test.ts, seed-sweep.test.ts",
    PromptError: "errors.test.ts (codes, is, toJSON, redaction)",
    parseRef: "read.test.ts (round trip)",
    formatRef: "read.test.ts (round trip)",
    createMemoryStore: "cache.test.ts (stores)",
    createVendorHttp: "api-surface.test.ts (custom registry)",
    shape: "api-surface.test.ts (custom registry)",
    placeholderMessages: "api-surface.test.ts (placeholder helpers)",
    withoutPlaceholders: "api-surface.test.ts (placeholder helpers)",
    BUILT_IN_VENDORS: "api-surface.test.ts (each has an entry point and a profile); every file runs a row per vendor",
    publishVersion: "publish-version.test.ts",
    contentHash: "publish-version.test.ts",
    translateVersion: "api-surface.test.ts (translation between dialects)",
    defineDialect: "api-surface.test.ts (translation: every vendor dialect is built with it)",
    lowerCommon: "files package: the dotprompt dialect is built with it (packages/files handlebars-dialect.test.ts)",
    includesOf: "migrate.test.ts (through migratePrompt, which reads and rewrites includes with it)",
    rewriteIncludes: "migrate.test.ts (through migratePrompt)",
    migratePrompt: "migrate.test.ts (every vendor pair)",
    migrateAll: "migrate.test.ts (every vendor pair, dry run over each listing)",
    sampleVariables: "migrate.test.ts",
    createBundle: "bootstrap.test.ts",
    readBundle: "bootstrap.test.ts",
    BUNDLE_FORMAT: "bootstrap.test.ts",
    DEFAULT_BUNDLE_LIMITS: "bootstrap.test.ts",
    generatePromptTypes: "typed-prompts.test.ts",
    generatePromptTypesFromBundle: "typed-prompts.test.ts",
  },
  "@polyprompt/core/helicone": {
    helicone: "every file (helicone rows)",
    heliconeTemplate: "api-surface.test.ts",
    heliconeVariables: "api-surface.test.ts",
    normalizeHeliconeBody: "api-surface.test.ts",
    heliconeDialect: "api-surface.test.ts (translation between dialects)",
    renderPrompt: "api-surface.test.ts (helicone building blocks)",
  },
  "@polyprompt/core/tela": {
    tela: "every file (tela rows)",
    telaTemplate: "api-surface.test.ts (custom registry engine)",
    telaDialect: "api-surface.test.ts (translation between dialects)",
    renderPrompt: "api-surface.test.ts (custom registry)",
  },
  "@polyprompt/core/helicone/write": {
    helicone: "publish-version.test.ts, migrate.test.ts (helicone rows), api-surface.test.ts (reads as the entry's, plus writes)",
  },
  "@polyprompt/core/tela/write": {
    tela: "publish-version.test.ts, migrate.test.ts (tela rows), api-surface.test.ts (reads as the entry's, plus writes)",
  },
  "@polyprompt/core/langfuse/write": {
    langfuse: "publish-version.test.ts, migrate.test.ts (langfuse rows), api-surface.test.ts (reads as the entry's, plus writes)",
  },
  "@polyprompt/core/langfuse/webhook": {
    langfuseWebhook: "api-surface.test.ts (webhooks: a label moved through the emulator's API is served new at once)",
    toNodeListener: "api-surface.test.ts (webhooks: langfuseWebhook served on node:http)",
    createMemoryReplayGuard: "api-surface.test.ts (webhooks: the guard refusing a replayed delivery)",
  },
  "@polyprompt/core/watch": {
    watchPrompts: "watch.test.ts (every vendor: a production move through its API, found by a poll)",
  },
  "@polyprompt/core/ai-sdk": {
    toAISDK: "render.test.ts (production and every seeded version)",
  },
};

describe("public API surface", () => {
  it.each([
    ["@polyprompt/core", core],
    ["@polyprompt/core/helicone", heliconeEntry],
    ["@polyprompt/core/tela", telaEntry],
    ["@polyprompt/core/helicone/write", heliconeWriteEntry],
    ["@polyprompt/core/tela/write", telaWriteEntry],
    ["@polyprompt/core/langfuse/write", langfuseWriteEntry],
    ["@polyprompt/core/langfuse/webhook", langfuseWebhookEntry],
    ["@polyprompt/core/ai-sdk", aiSdkEntry],
    ["@polyprompt/core/watch", watchEntry],
  ] as const)("every runtime export of %s has a conformance case", (entry, module) => {
    const exported = Object.keys(module).sort();
    const covered = Object.keys(COVERED[entry]!).sort();
    const uncovered = exported.filter((name) => !covered.includes(name));
    const gone = covered.filter((name) => !exported.includes(name));
    expect(uncovered, `exports of ${entry} without a conformance case: add one, then list it in COVERED`).toEqual([]);
    expect(gone, `COVERED lists names ${entry} no longer exports`).toEqual([]);
  });
});

describe("placeholder helpers", () => {
  it("placeholderMessages copies a caller's messages; withoutPlaceholders refuses a placeholder", () => {
    const problems: core.VariableProblem[] = [];
    expect(core.placeholderMessages("history", [{ role: "user", content: "{{x}}" }], problems)).toEqual([
      { role: "user", content: "{{x}}" },
    ]);
    expect(problems).toEqual([]);
    expect(() => core.withoutPlaceholders([{ role: "placeholder", name: "history" }], "acme")).toThrow(/placeholder/);
  });
});

describe("translation between dialects", () => {
  it("a dialect object per vendor entry (built with defineDialect); translateVersion refuses a lossy translation listing every loss, and converts with allowLossy", () => {
    const base = {
      vendor: "acme",
      promptId: "p",
      versionId: "1",
      version: "1",
      environments: [],
      draft: false,
      createdAt: "2025-01-01T00:00:00.000Z",
      raw: [],
      source: "network" as const,
      fetchedAt: "2025-01-01T00:00:00.000Z",
      params: {},
      tools: [],
    };
    const helicone: core.PromptVersion = {
      ...base,
      template: "helicone",
      messages: [{ role: "user", content: "Hi {{hc:name:string}}" }],
      variables: [{ name: "name", type: "string", required: true }],
    };
    const { version: asTela, losses } = core.translateVersion(helicone, { from: heliconeEntry.heliconeDialect, to: telaEntry.telaDialect });
    expect(losses).toEqual([]);
    expect(asTela.template).toBe("tela");
    expect(telaEntry.renderPrompt(asTela, { name: "Ada" }).messages).toEqual(
      heliconeEntry.renderPrompt(helicone, { name: "Ada" }).messages,
    );
    const withPartial: core.PromptVersion = {
      ...helicone,
      messages: [{ role: "user", content: "{{hcp:abc123:0}} Hi {{hc:name:string}}" }],
    };
    const refused = (() => {
      try {
        core.translateVersion(withPartial, { from: heliconeEntry.heliconeDialect, to: telaEntry.telaDialect });
      } catch (err) {
        return err;
      }
    })();
    expect(PromptError.is(refused) && refused.code).toBe("unsupported");
    const lossy = core.translateVersion(withPartial, {
      to: "tela",
      dialects: [heliconeEntry.heliconeDialect, telaEntry.telaDialect],
      allowLossy: true,
    });
    expect(lossy.losses.map((loss) => loss.kind)).toContain("include");
  });
});

describe("building blocks (emulator)", () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ seed: 1, apiKeys: emulatorApiKeys() });
  });
  afterAll(async () => {
    await emu?.close();
  });

  it("BUILT_IN_VENDORS names each vendor with an entry point, whose factory makes an adapter of that name", async () => {
    expect(core.BUILT_IN_VENDORS.length).toBeGreaterThan(0);
    for (const name of core.BUILT_IN_VENDORS) {
      const entry = (await import(`@polyprompt/core/${name}`)) as Record<string, unknown>;
      expect(typeof entry[name], `@polyprompt/core/${name} exports ${name}()`).toBe("function");
      const profile = VENDOR_PROFILES[name];
      const credentials = profile.credentials(EMULATOR_SECRETS[name]);
      const adapter = profile.create({ ...credentials, baseUrl: emu.urlFor(name) });
      expect(adapter.name).toBe(name);
      expect((entry[name] as (typeof VENDOR_PROFILES)[typeof name]["create"])(credentials).name).toBe(name);
      expect(adapter.writes, `${name}() of @polyprompt/core/${name} only reads`).toBeUndefined();

      // The write entry point's factory: the same adapter, same options, plus `writes`.
      const writeEntry = (await import(`@polyprompt/core/${name}/write`)) as Record<string, unknown>;
      expect(typeof writeEntry[name], `@polyprompt/core/${name}/write exports ${name}()`).toBe("function");
      const writable = profile.writable({ ...credentials, baseUrl: emu.urlFor(name) });
      expect(writable.name).toBe(name);
      // The same engine; a copy of it, since dist builds the write entry points apart from the readers.
      expect(writable.templateEngine.syntax).toBe(adapter.templateEngine.syntax);
      expect(typeof writable.writes?.check).toBe("function");
      const production = `${name}:${EMULATOR_PROMPTS[name].promptId}`;
      const read = await createPromptClient({ vendors: [adapter], cache: false }).get(production);
      const readByWritable = await createPromptClient({ vendors: [writable], cache: false }).get(production);
      // Helicone's raw payload carries a presigned URL signed to the second: two reads a second
      // apart differ there, and only there.
      const unsigned = (v: typeof read) => ({
        ...v,
        fetchedAt: "",
        raw: JSON.parse(JSON.stringify(v.raw).replace(/\?X-Amz-[^"]*/g, "?<signed>")),
      });
      expect(unsigned(readByWritable)).toEqual(unsigned(read));
    }
  });

  it("normalizeHeliconeBody and heliconeVariables agree with the helicone adapter; heliconeTemplate renders as the entry's and the root's renderPrompt", async () => {
    const client = createPromptClient({
      vendors: [heliconeEntry.helicone({ apiKey: EMULATOR_SECRETS.helicone, baseUrl: emu.urlFor("helicone") })],
    });
    const ref = `helicone:${SEED.helicone.ticketClassifier.promptId}`;
    const version = await client.get(ref);
    const payload = version.raw[version.raw.length - 1] as { prompt_body: Record<string, unknown> };
    const body = normalizeHeliconeBody(payload.prompt_body);
    expect(body.messages).toEqual(version.messages);
    expect(body.tools).toEqual(version.tools);
    expect(body.params).toEqual(version.params);
    expect(heliconeVariables(body)).toEqual(version.variables);
    const values = sampleValues(version.variables);
    expect(heliconeTemplate.compile(version).render(values).messages).toEqual(heliconeEntry.renderPrompt(version, values).messages);
    expect(renderPrompt(version, values, { engine: heliconeTemplate })).toEqual(heliconeEntry.renderPrompt(version, values));
    expect(compileVersion(version, heliconeTemplate).render(values)).toEqual(heliconeTemplate.compile(version).render(values));

    // A prompt with a partial, rendered within the default limits and over a tightened one.
    const withPartial = `helicone:${SEED.helicone.supportAgent.promptId}`;
    const partialValues = sampleValues((await client.get(withPartial)).variables);
    await expect(client.render(withPartial, partialValues, { limits: core.DEFAULT_RENDER_LIMITS })).resolves.toBeDefined();
    const overLimit = await caught(() =>
      client.render(withPartial, partialValues, { limits: { ...core.DEFAULT_RENDER_LIMITS, maxIncludedChars: 5 } }),
    );
    expect(overLimit.code).toBe("invalid_prompt");
    expect(overLimit.message).toContain("maxIncludedChars");
  });

  it("a custom registry (PromptVendor + createVendorHttp + shape + createRenderer) works through the client", async () => {
    const apiKey = EMULATOR_SECRETS.tela;
    // An "acme" registry that happens to serve Tela's payloads: only what the README's
    // "Writing an adapter" section promises is used.
    const http = createVendorHttp("acme", [apiKey]);
    const payloadShape = shape.object(
      {
        id: shape.string,
        promptId: shape.string,
        variables: shape.array(shape.object({ name: shape.string, type: shape.string, required: shape.boolean })),
      },
      { content: shape.nullable(shape.string), createdAt: shape.string },
    );
    const acmeEngine: TemplateEngine = { syntax: "acme", compile: (version) => telaTemplate.compile({ ...version, template: "tela" }) };
    let requests = 0;
    const acme: PromptVendor = {
      name: "acme",
      templateEngine: acmeEngine,
      async getVersion(ref, runtime) {
        const payload = await http.call(
          runtime,
          "getPromoted",
          async ({ signal, fetch }) => {
            requests++;
            const response = await fetch(
              new Request(`${emu.urlFor("tela")}/prompt/${ref.promptId}/promoted-version`, {
                headers: { authorization: `Bearer ${apiKey}` },
              }),
              { signal },
            );
            const json: unknown = await response.json();
            return response.ok ? { data: json, response } : { error: json, response };
          },
          (result) => {
            if (!result.response.ok) throw http.fail("getPromoted", { response: result.response, message: `rejected key ${apiKey}` });
            return http.parse("getPromoted", payloadShape, result.data, "$");
          },
        );
        const version: VendorPromptVersion = {
          vendor: "acme",
          promptId: payload.promptId,
          versionId: payload.id,
          version: "1",
          environments: ["production"],
          draft: false,
          createdAt: payload.createdAt ?? new Date(0).toISOString(),
          raw: [payload],
          template: "acme",
          params: {},
          messages: [{ role: "user", content: payload.content ?? "" }],
          tools: [],
          variables: payload.variables.map((v) => ({ name: v.name, type: v.type === "text" ? "string" : v.type, required: v.required })),
        };
        return version;
      },
      async listVersions() {
        return [];
      },
    };
    const client = createPromptClient({ vendors: [acme, tela({ apiKey, baseUrl: emu.urlFor("tela") })] });
    const id = SEED.tela.meetingSummarizer.promptId;
    const v = await client.get(`acme:${id}`);
    expect(v).toMatchObject({ vendor: "acme", promptId: id, source: "network" });
    expect((await client.get(`acme:${id}`)).source).toBe("cache");
    expect(requests).toBe(1);
    const rendered = await client.render(`acme:${id}`, { transcript: "we shipped" });
    expect(rendered.messages[0]!.content).toContain("we shipped");
    expect((await client.render(`tela:${id}`, { transcript: "we shipped" })).messages[0]!.content).toBe(rendered.messages[0]!.content);
    const renderAcme = createRenderer(acmeEngine);
    expect(renderAcme(v, { transcript: "we shipped" }).messages).toEqual(rendered.messages);
    expect(telaEntry.renderPrompt(await client.get(`tela:${id}`), { transcript: "we shipped" }).messages[0]!.content).toBe(
      rendered.messages[0]!.content,
    );

    const missing = await caught(() => client.get("acme:00000000-0000-4000-8000-000000000abc"));
    expect(missing.code).toBe("not_found");
    expect(missing.vendor).toBe("acme");
    expectNoSecret(missing, [apiKey]);
    expect(missing.message).toContain("[redacted]");

    const wrongShape = await caught(() =>
      http.call(
        { fetch: globalThis.fetch, timeoutMs: 1_000, retry: { retries: 0, minDelayMs: 1, maxDelayMs: 1 } },
        "x",
        async () => ({ data: { id: 1 }, response: new Response("{}") }),
        (r) => http.parse("x", payloadShape, r.data, "$"),
      ),
    );
    expect(wrongShape.code).toBe("invalid_response");
    expect(wrongShape.message).toContain("$.id");
    expect(PromptError.is(wrongShape)).toBe(true);
  });
});

describe("webhooks (emulator)", () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ seed: 1, apiKeys: emulatorApiKeys() });
  });
  afterAll(async () => {
    await emu?.close();
  });

  it("langfuseWebhook behind toNodeListener, with a memory replay guard: a moved label is served new at once; a replay is 409", async () => {
    const credentials = VENDOR_PROFILES.langfuse.credentials(EMULATOR_SECRETS.langfuse);
    const authorization = VENDOR_PROFILES.langfuse.authorization(credentials);
    const base = `${emu.urlFor("langfuse")}/api/public/v2/prompts`;
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      expect(response.ok, `${method} ${path}`).toBe(true);
      return (await response.json()) as Record<string, unknown>;
    };
    const name = "conformance/webhook";
    await call("POST", "", { name, type: "text", prompt: "first", labels: ["staging"] });
    await call("POST", "", { name, type: "text", prompt: "second" });
    const client = createPromptClient({ vendors: [VENDOR_PROFILES.langfuse.create({ ...credentials, baseUrl: emu.urlFor("langfuse") })] });
    expect((await client.get(`langfuse:${name}@staging`)).versionId).toBe("1");
    await call("PATCH", `/${encodeURIComponent(name)}/versions/2`, { newLabels: ["staging"] });

    const secret = "lf-whsec_c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00";
    const t = 1_750_000_000;
    const handler = langfuseWebhookEntry.langfuseWebhook({
      secret,
      client,
      now: () => t * 1000,
      replayGuard: langfuseWebhookEntry.createMemoryReplayGuard(),
    });
    const server = createServer(langfuseWebhookEntry.toNodeListener(handler));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const prompt = await call("GET", `/${encodeURIComponent(name)}?version=2&resolve=false`);
      const body = JSON.stringify({
        id: "exec-1",
        timestamp: new Date(t * 1000).toISOString(),
        type: "prompt-version",
        apiVersion: "v1",
        action: "updated",
        prompt,
      });
      const signature = `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`, "utf8").digest("hex")}`;
      const send = () =>
        fetch(url, { method: "POST", body, headers: { "x-langfuse-signature": signature, "content-type": "application/json" } });
      const response = await send();
      expect(response.status).toBe(200);
      expect(((await response.json()) as { invalidated: string[] }).invalidated).toContain(`langfuse:${name}@staging`);
      expect(await client.get(`langfuse:${name}@staging`)).toMatchObject({ versionId: "2", source: "network" });
      expect((await send()).status).toBe(409);
      const forged = await fetch(url, { method: "POST", body, headers: { "x-langfuse-signature": `t=${t},v1=${"0".repeat(64)}` } });
      expect(forged.status).toBe(401);
      expect(await forged.text()).not.toContain(secret);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
