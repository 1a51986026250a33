// The vendor kit's parts, one by one.
import { afterEach, describe, expect, it } from "vitest";
import { PromptError } from "../errors/prompt-error.js";
import { mapConcurrent } from "./bounded-list.js";
import { defineVendor } from "./define-vendor.js";
import { safePathSerializer } from "./safe-ids.js";
import type { TemplateEngine } from "../contract/template-engine.js";
import type { VendorConnectionOptions, VendorDescription, VendorFactoryOptions } from "./define-vendor.js";
import { serveFixtures } from "../test-support/fixture-server.js";
import * as shape from "../http/shape.js";
import { DEFAULT_RETRY } from "../http/retry.js";
import { errorTexts } from "../test-support/emulator.js";

describe("safePathSerializer", () => {
  const serialize = safePathSerializer("acme");
  it("fills ordinary ids, escaped", () => {
    expect(serialize("/prompt/{id}", { id: "a b" })).toBe("/prompt/a%20b");
    expect(serialize("/prompt/{id}", { id: "..a" })).toBe("/prompt/..a");
  });
  it.each([".", ".."])("refuses %j as a path parameter with invalid_ref", (id) => {
    try {
      serialize("/prompt/{id}", { id });
      expect.unreachable();
    } catch (err) {
      expect(PromptError.is(err) && err.code).toBe("invalid_ref");
    }
  });
});

describe("mapConcurrent", () => {
  it("keeps order and never runs more than the bound at once", async () => {
    let running = 0;
    let most = 0;
    const out = await mapConcurrent([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, n));
      running--;
      return n * 2;
    });
    expect(out).toEqual([10, 2, 8, 4, 6, 0, 12]);
    expect(most).toBe(3);
  });
  it("stops starting tasks after a failure", async () => {
    let started = 0;
    await expect(
      mapConcurrent([1, 2, 3, 4, 5], 1, async (n) => {
        started++;
        if (n === 2) throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(started).toBe(2);
  });
});

describe("defineVendor", () => {
  const description: VendorDescription = {
    name: "acme",
    defaultBaseUrl: "http://127.0.0.1:1",
    baseUrlEnv: "ACME_BASE_URL",
    auth: { scheme: "bearer", token: { option: "apiKey", env: "ACME_API_KEY" } },
    templateEngine: {} as TemplateEngine,
    errors: { messageAt: [["message"]] },
  };
  const build = () => ({ getVersion: async () => ({}) as never, listVersions: async () => [] });
  it.each([0, -1, 1.5, Number.NaN])("refuses a limit of %s", (value) => {
    expect(() => defineVendor(description, { apiKey: "key-1234", maxListRequests: value }, build)).toThrow(
      /maxListRequests must be a positive integer/,
    );
  });
  it("refuses a missing or blank key", () => {
    expect(() => defineVendor(description, { apiKey: "" }, build)).toThrow(/needs an apiKey/);
    expect(() => defineVendor(description, { apiKey: " \n" }, build)).toThrow(/needs an apiKey/);
    expect(() => defineVendor(description, undefined, build)).toThrow(/needs an apiKey \(or the ACME_API_KEY environment variable\)/);
  });
});

describe("defineVendor credentials and host", () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of ["ACME_API_KEY", "ACME_BASE_URL", "ACME_PUBLIC_KEY", "ACME_SECRET_KEY"]) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });
  const runtime = { fetch: globalThis.fetch, timeoutMs: 10_000, retry: { ...DEFAULT_RETRY, retries: 0 } };
  const engine = {} as TemplateEngine;
  const errors = { messageAt: [["message"]] };

  /** A vendor whose getVersion reads `GET /who`, answered by a loopback server that records the Authorization header. */
  async function probe<Options extends VendorConnectionOptions>(
    auth: VendorDescription<Options>["auth"],
    options: Options | undefined,
    status = 200,
  ) {
    const server = await serveFixtures({ "GET /who": { status, body: status === 200 ? { ok: true } : { message: "denied" } } });
    process.env.ACME_BASE_URL = server.baseUrl;
    const vendor = defineVendor<{ "/who": { get: { responses: { 200: { content: { "application/json": { ok: boolean } } } } } } }, Options>(
      { name: "acme", defaultBaseUrl: "http://127.0.0.1:1", baseUrlEnv: "ACME_BASE_URL", auth, templateEngine: engine, errors },
      options,
      (kit) => ({
        getVersion: async (_ref, rt) => {
          await kit.read(rt, "who", shape.object({ ok: shape.boolean }), (init) => kit.api.GET("/who", init));
          return {} as never;
        },
        listVersions: async () => [],
      }),
    );
    const outcome = await vendor.getVersion({ vendor: "acme", promptId: "p", selector: { kind: "production" } }, runtime).then(
      () => undefined,
      (err: unknown) => err,
    );
    await server.close();
    return { authorization: server.seen[0]?.authorization, outcome };
  }

  it("takes the key and the host from the environment when the options leave them out", async () => {
    process.env.ACME_API_KEY = " env-key-123456\n";
    const { authorization, outcome } = await probe<VendorFactoryOptions>(
      { scheme: "bearer", token: { option: "apiKey", env: "ACME_API_KEY" } },
      undefined,
    );
    expect(outcome).toBeUndefined();
    expect(authorization).toBe("Bearer env-key-123456");
  });

  it("prefers the options over the environment", async () => {
    process.env.ACME_API_KEY = "env-key-123456";
    const { authorization } = await probe<VendorFactoryOptions>(
      { scheme: "bearer", token: { option: "apiKey", env: "ACME_API_KEY" } },
      { apiKey: "option-key-7890" },
    );
    expect(authorization).toBe("Bearer option-key-7890");
  });

  type KeyPairOptions = VendorConnectionOptions & { publicKey?: string; secretKey?: string };

  it("sends HTTP Basic auth from two credentials, and redacts both forms from errors", async () => {
    process.env.ACME_SECRET_KEY = "sk-secret-abcdef";
    const auth = {
      scheme: "basic" as const,
      username: { option: "publicKey" as const, env: "ACME_PUBLIC_KEY" },
      password: { option: "secretKey" as const, env: "ACME_SECRET_KEY" },
    };
    const ok = await probe<KeyPairOptions>(auth, { publicKey: "pk-public-123" });
    expect(ok.authorization).toBe(`Basic ${btoa("pk-public-123:sk-secret-abcdef")}`);
    const denied = await probe<KeyPairOptions>(auth, { publicKey: "pk-public-123" }, 401);
    expect(PromptError.is(denied.outcome) && denied.outcome.code).toBe("unauthorized");
    for (const text of errorTexts(denied.outcome)) {
      expect(text).not.toContain("sk-secret-abcdef");
      expect(text).not.toContain(btoa("pk-public-123:sk-secret-abcdef"));
    }
    expect(() =>
      defineVendor<Record<string, never>, KeyPairOptions>(
        { name: "acme", defaultBaseUrl: "x", baseUrlEnv: "ACME_BASE_URL", auth, templateEngine: engine, errors },
        {},
        () => ({
          getVersion: async () => ({}) as never,
          listVersions: async () => [],
        }),
      ),
    ).toThrow(/needs a publicKey \(or the ACME_PUBLIC_KEY environment variable\)/);
  });
});
