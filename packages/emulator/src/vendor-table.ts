// Everything the generic parts of the emulator derive from `vendors/registry.ts`: the `Vendor`
// name type, the per-vendor state and seed types, and lookups by name.
import type { AnyEmulatorVendor } from "./vendor-kit.js";
import { VENDORS } from "./vendors/registry.js";

type VendorModule = (typeof VENDORS)[number];

/** The name of a registered vendor: its mount, its key in `apiKeys`, `SEED`, the state and fault matches. */
export type Vendor = VendorModule["name"];

/** Each vendor's slice of the state, under its name. */
export type VendorStates = { [M in VendorModule as M["name"]]: ReturnType<M["emptyState"]> };

/** Each vendor's seed ids, under its name. */
export type VendorSeeds = { [M in VendorModule as M["name"]]: M["seedIds"] };

/** A registered vendor module, seen through the contract. */
export type RegisteredVendor = AnyEmulatorVendor & { readonly name: Vendor };

/** The registered vendor modules, in registry order. */
export const vendorModules: readonly RegisteredVendor[] = VENDORS;

/** The registered vendor names, in registry order. */
export const vendorNames: readonly Vendor[] = VENDORS.map((v) => v.name);

export function isVendor(value: unknown): value is Vendor {
  return typeof value === "string" && (vendorNames as readonly string[]).includes(value);
}

/** The module of a registered vendor. */
export function vendorModule(name: Vendor): RegisteredVendor {
  const found = vendorModules.find((v) => v.name === name);
  if (!found) throw new TypeError(`unknown vendor ${JSON.stringify(name)}`);
  return found;
}

/**
 * An object with one entry per registered vendor, keyed by name.
 *
 * @example
 * const keys = perVendor((v) => v.defaultKey); // { <vendor>: "<its default key>", … }
 */
export function perVendor<T>(value: (vendor: RegisteredVendor) => T): Record<Vendor, T> {
  return Object.fromEntries(vendorModules.map((v) => [v.name, value(v)])) as Record<Vendor, T>;
}

/** `a, b and c` (or `or`), for messages. */
export function joinList(items: readonly string[], word: "and" | "or"): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} ${word} ${items.at(-1)}`;
}

/** `"a", "b" or "c"`: the registered names, quoted, for messages. */
export const vendorList = (): string =>
  joinList(
    vendorNames.map((n) => JSON.stringify(n)),
    "or",
  );
