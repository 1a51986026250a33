// Contract test: drives every operation of every registered vendor's spec (success and error
// paths) against the emulator and validates every response body against the spec's schema for
// that status. A status the spec does not document fails the test, and so does an operation left
// undriven. The cases live next to each vendor (`vendors/<vendor>/contract-cases.ts`) and are
// found from the registry, so adding a vendor needs no edit here; a registered vendor without
// that file fails below, by name.
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "./index.js";
import type { ContractCase } from "./__fixtures__/contract.js";
import { call, type Vendor } from "./__fixtures__/harness.js";
import { vendorNames } from "./vendor-table.js";

interface OpenApiHelpers {
  loadSpec(vendor: Vendor): Spec;
  createValidator(spec: Spec): (schema: unknown, value: unknown) => string[];
  responseSchema(spec: Spec, method: string, path: string, status: number): unknown;
  resolveRef(spec: Spec, ref: string): unknown;
}
interface Spec {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: unknown; $ref?: string }> }>>;
}

// A computed specifier: the repo script is plain JS without type declarations.
const helpersUrl = new URL("../../../scripts/openapi.mjs", import.meta.url).href;
const { loadSpec, createValidator, responseSchema, resolveRef } = (await import(helpersUrl)) as OpenApiHelpers;

const METHODS = ["get", "put", "post", "delete", "patch"];

/** `vendors/<vendor>/contract-cases.ts`, or `undefined` when the vendor folder has none. */
async function casesOf(vendor: Vendor): Promise<ContractCase[] | undefined> {
  const file = fileURLToPath(new URL(`./vendors/${vendor}/contract-cases.ts`, import.meta.url));
  if (!existsSync(file)) return undefined;
  return ((await import(pathToFileURL(file).href)) as { default: ContractCase[] }).default;
}

/** Whether the spec documents `status` for the operation with no body (e.g. 204). */
function documentsNoContent(spec: Spec, method: string, op: string, status: number): boolean {
  const declared = spec.paths[op]?.[method.toLowerCase()]?.responses?.[String(status)];
  const response = (declared?.$ref ? resolveRef(spec, declared.$ref) : declared) as { content?: unknown } | undefined;
  return response !== undefined && response.content === undefined;
}

for (const vendor of vendorNames) {
  const cases = await casesOf(vendor);
  describe(`${vendor} contract`, () => {
    if (!cases) {
      it("has contract cases", () => {
        expect.fail(
          `vendor "${vendor}" is registered but has no src/vendors/${vendor}/contract-cases.ts: ` +
            "default-export defineContractCases([...]) driving every operation of its spec",
        );
      });
      return;
    }
    const spec = loadSpec(vendor);
    const validate = createValidator(spec);
    let emu: Emulator;
    let empty: Emulator;
    const seen = new Map<string, Set<"success" | "error">>();

    beforeAll(async () => {
      [emu, empty] = await Promise.all([startEmulator(), startEmulator({ seedData: false })]);
    });
    afterAll(async () => {
      await Promise.all([emu.close(), empty.close()]);
    });
    beforeEach(() => emu.reset());

    for (const c of cases) {
      const name = `${c.method} ${c.path ?? c.op} → ${c.status}${c.note ? ` (${c.note})` : ""}${c.options?.key === null ? " (no key)" : c.options?.key ? " (wrong key)" : ""}`;
      it(name, async () => {
        const res = await call(c.empty ? empty : emu, vendor, c.method, c.path ?? c.op, c.options);
        expect(res.status, res.text).toBe(c.status);
        if (documentsNoContent(spec, c.method, c.op, res.status)) {
          expect(res.text, `the spec documents ${res.status} without a body for ${c.method} ${c.op}`).toBe("");
        } else {
          const schema = responseSchema(spec, c.method, c.op, res.status);
          expect(schema, `the spec documents no ${res.status} JSON response for ${c.method} ${c.op}`).toBeDefined();
          expect(res.headers.get("content-type")).toMatch(/^application\/json/);
          expect(validate(schema, res.json), res.text).toEqual([]);
        }
        const key = `${c.method} ${c.op}`;
        if (!seen.has(key)) seen.set(key, new Set());
        seen.get(key)!.add(res.status < 400 ? "success" : "error");
      });
    }

    it("drove every operation of the spec, on a success and an error path", () => {
      const missing: string[] = [];
      for (const [path, item] of Object.entries(spec.paths)) {
        for (const method of METHODS) {
          if (!item[method]) continue;
          const got = seen.get(`${method.toUpperCase()} ${path}`);
          if (!got?.has("success")) missing.push(`${method.toUpperCase()} ${path} (success)`);
          if (!got?.has("error")) missing.push(`${method.toUpperCase()} ${path} (error)`);
        }
      }
      expect(missing).toEqual([]);
    });
  });
}
