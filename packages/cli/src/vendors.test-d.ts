// Compile-time tests, checked by `tsc --noEmit` (pnpm typecheck): the profile table must have a
// row for every built-in vendor, so a vendor added to the core without one fails typecheck.
import type { BuiltInVendorName } from "@polyprompt/core";
import { VENDOR_PROFILES, type CliProfile } from "./vendors.js";

// A table that leaves out a built-in vendor is rejected.
// @ts-expect-error Property 'tela' is missing
export const missingOne: Record<BuiltInVendorName, CliProfile> = { helicone: VENDOR_PROFILES.helicone };

// Were the core to gain a vendor, today's table would no longer fit its type.
type WithOneMoreVendor = BuiltInVendorName | "acme-future-vendor";
// @ts-expect-error Property 'acme-future-vendor' is missing
export const grown: Record<WithOneMoreVendor, CliProfile> = VENDOR_PROFILES;

// The table's keys are exactly the built-in vendors, both ways.
export const keysAreVendors: BuiltInVendorName[] = Object.keys(VENDOR_PROFILES) as (keyof typeof VENDOR_PROFILES)[];
export const vendorsAreKeys: (keyof typeof VENDOR_PROFILES)[] = [] as BuiltInVendorName[];
