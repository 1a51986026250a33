// Compile-time tests, checked by `tsc --noEmit`: the tour has a script for every built-in vendor,
// so a vendor added to the core without one fails typecheck.
import type { BuiltInVendorName } from "@polyprompt/core";
import { TOUR_SCRIPTS, type TourScript } from "./tour-scripts.js";

// @ts-expect-error Property 'tela' is missing
export const missingOne: Record<BuiltInVendorName, TourScript> = { helicone: TOUR_SCRIPTS.helicone };
export const keysAreVendors: BuiltInVendorName[] = Object.keys(TOUR_SCRIPTS) as (keyof typeof TOUR_SCRIPTS)[];
export const vendorsAreKeys: (keyof typeof TOUR_SCRIPTS)[] = [] as BuiltInVendorName[];
