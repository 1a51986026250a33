// The generic parts of the emulator follow the registry: every registered vendor is mounted,
// keyed, seeded, persisted and matchable by faults, with no per-vendor code outside its folder.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMULATOR_KEYS, SEED, startEmulator, type Emulator, type FaultSpec } from "../index.js";
import { call } from "../__fixtures__/harness.js";
import { vendorModules, vendorNames } from "../vendor-table.js";
import { VENDORS } from "./registry.js";

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

describe("the vendor registry", () => {
  it("lists each vendor once, and each vendor folder follows the contract", () => {
    expect(new Set(vendorNames).size).toBe(VENDORS.length);
    for (const v of vendorModules) {
      expect(v.name).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(v.specFile).toBe(`${v.name}/openapi.yaml`);
      expect(v.validateState(v.emptyState())).toBeUndefined();
      expect(v.validateState(v.seedState())).toBeUndefined();
      expect(v.validateState(null)).toEqual({ path: "", message: expect.any(String) });
    }
  });

  it("keys, seeds and state have one entry per registered vendor", () => {
    expect(Object.keys(EMULATOR_KEYS)).toEqual(vendorNames);
    expect(Object.keys(SEED)).toEqual(vendorNames);
    expect(Object.keys(emu.apiKeys)).toEqual(vendorNames);
    const { format, counter, ...slices } = emu.state();
    expect([format, counter]).toEqual(["polyprompt-emulator/1", 0]);
    expect(Object.keys(slices)).toEqual(vendorNames);
  });

  it.each(vendorNames)("mounts %s at urlFor(vendor), behind its own auth scheme", async (vendor) => {
    expect(emu.urlFor(vendor)).toBe(`${emu.url}/${vendor}`);
    const unknown = await call(emu, vendor, "GET", "/no/such/route");
    expect(unknown.status).toBe(404);
    expect(emu.requests.total({ vendor, path: "/no/such/route" })).toBe(1);
    const keyless = vendorModules
      .find((v) => v.name === vendor)!
      .routes({ seed: 1, mountPath: `/${vendor}` })
      .find((r) => !r.public && r.method === "GET" && !r.path.includes("{"));
    if (keyless) expect((await call(emu, vendor, "GET", keyless.path, { key: null })).status).toBe(401);
  });

  it("declares each vendor's client environment: the base URL and the credentials, as env var names", () => {
    for (const vendor of vendorNames) {
      const env = emu.clientEnv(vendor);
      expect(Object.keys(env).length).toBeGreaterThanOrEqual(2);
      for (const name of Object.keys(env)) expect(name).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(Object.values(env)).toContain(emu.urlFor(vendor));
    }
    expect(emu.clientEnv()).toEqual(Object.assign({}, ...vendorNames.map((v) => emu.clientEnv(v))));
    expect(emu.clientEnv("helicone")).toEqual({ HELICONE_API_KEY: emu.apiKeys.helicone, HELICONE_BASE_URL: emu.urlFor("helicone") });
    expect(emu.clientEnv("tela")).toEqual({ TELA_API_KEY: emu.apiKeys.tela, TELA_BASE_URL: emu.urlFor("tela") });
  });

  it("matches faults by any registered vendor name, and refuses any other", async () => {
    for (const vendor of vendorNames) {
      const handle = emu.faults.add({ match: { vendor, path: "/fault/probe" }, status: 418, times: 1 });
      expect((await call(emu, vendor, "GET", "/fault/probe")).status).toBe(418);
      expect(handle.applied).toBe(1);
    }
    expect(() => emu.faults.add({ match: { vendor: "acme" } } as unknown as FaultSpec)).toThrow(new RegExp(vendorNames.join(".*")));
    expect(() => emu.urlFor("acme" as never)).toThrow(/unknown vendor "acme"/);
  });
});
