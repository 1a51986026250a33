// The emulated vendors. Adding one: a folder `vendors/<name>/` whose `index.ts` default-exports
// `defineEmulatorVendor({...})`, its spec in the repo's `specs/`, and one line here. Everything
// else (mounts, keys, `SEED`, state, persistence, faults, request log, CLI) follows this list.
import helicone from "./helicone/index.js";
import langfuse from "./langfuse/index.js";
import tela from "./tela/index.js";

export const VENDORS = [helicone, tela, langfuse] as const;
