// Compile-time tests, checked by `tsc --noEmit` (pnpm typecheck): the facts and the module
// tables must each have a row for every built-in vendor, so a vendor added to the core without
// one fails typecheck.
import type { BuiltInVendorName } from "@polyprompt/core";
import { VENDOR_FACTS, type VendorFacts } from "./vendor-facts.js";
import { VENDOR_MODULES, type VendorModule } from "./vendors.js";

// A table that leaves out a built-in vendor is rejected.
// @ts-expect-error Property 'tela' is missing
export const missingOne: Record<BuiltInVendorName, VendorFacts> = { helicone: VENDOR_FACTS.helicone };
// @ts-expect-error Property 'tela' is missing
export const missingModule: Record<BuiltInVendorName, () => Promise<VendorModule>> = { helicone: VENDOR_MODULES.helicone };

// Were the core to gain a vendor, today's tables would no longer fit their types.
type WithOneMoreVendor = BuiltInVendorName | "acme-future-vendor";
// @ts-expect-error Property 'acme-future-vendor' is missing
export const grown: Record<WithOneMoreVendor, VendorFacts> = VENDOR_FACTS;
// @ts-expect-error Property 'acme-future-vendor' is missing
export const grownModules: Record<WithOneMoreVendor, () => Promise<VendorModule>> = VENDOR_MODULES;

// The tables' keys are exactly the built-in vendors, both ways.
export const vendorsAreKeys: (keyof typeof VENDOR_FACTS)[] = [] as BuiltInVendorName[];
export const keysAreVendors: BuiltInVendorName[] = [] as (keyof typeof VENDOR_MODULES)[];
