// The public API of @polyprompt/emulator. Vendors are registered in `vendors/registry.ts`; nothing
// here names one.
export { EMULATOR_KEYS, SEED, startEmulator, type Emulator, type EmulatorOptions, type SeedIds } from "./server.js";
export { mulberry32 } from "./random.js";
export type { FaultBody, FaultController, FaultHandle, FaultInfo, FaultMatch, FaultSpec } from "./faults.js";
export type { RequestFilter, RequestLog, RequestRecord } from "./requests.js";
export type { EmulatorState } from "./state.js";
export type { Vendor } from "./vendor-table.js";
