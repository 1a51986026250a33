// Helicone "Prompts 2025" (jawn), as one emulated vendor: see `vendor-kit.ts` for the contract.
import { bearerAuth, defineEmulatorVendor, stateCheck } from "../../vendor-kit.js";
import { dialect } from "./dialect.js";
import { routes } from "./routes.js";
import { seedIds, seedState } from "./seed.js";
import { emptyState, stateSchema } from "./state.js";

export type { HeliconeInputRow, HeliconePromptRow, HeliconeState, HeliconeVersionRow } from "./state.js";

export default defineEmulatorVendor({
  name: "helicone",
  label: "Helicone",
  product: "Helicone (Prompts 2025)",
  specFile: "helicone/openapi.yaml",
  defaultKey: "sk-helicone-emulator-0000",
  auth: bearerAuth(),
  dialect,
  routes,
  emptyState,
  seedState,
  seedIds,
  clientEnv: (baseUrl, key) => ({ HELICONE_API_KEY: key, HELICONE_BASE_URL: baseUrl }),
  seedExample: `${seedIds.supportAgent.promptId} (support agent)`,
  validateState: stateCheck(stateSchema),
});
