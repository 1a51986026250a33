// Tela's prompt ("canvas") API, as one emulated vendor: see `vendor-kit.ts` for the contract.
import { bearerAuth, defineEmulatorVendor, stateCheck } from "../../vendor-kit.js";
import { dialect } from "./dialect.js";
import { routes } from "./routes.js";
import { seedIds, seedState } from "./seed.js";
import { emptyState, stateSchema } from "./state.js";

export type {
  TelaEnvironmentRow,
  TelaMessageRow,
  TelaMessageShape,
  TelaPromptRow,
  TelaPublicationRow,
  TelaState,
  TelaVersionRow,
} from "./state.js";

export default defineEmulatorVendor({
  name: "tela",
  label: "Tela",
  product: "Tela",
  specFile: "tela/openapi.yaml",
  defaultKey: "tela-emulator-key-0000",
  auth: bearerAuth(),
  dialect,
  routes,
  emptyState,
  seedState,
  seedIds,
  clientEnv: (baseUrl, key) => ({ TELA_API_KEY: key, TELA_BASE_URL: baseUrl }),
  seedExample: `${seedIds.docAnalysis.promptId} (document analysis)`,
  validateState: stateCheck(stateSchema),
});
