// Langfuse's prompt-management API, as one emulated vendor: see `vendor-kit.ts` for the contract.
import { basicAuth, defineEmulatorVendor, stateCheck } from "../../vendor-kit.js";
import { dialect } from "./dialect.js";
import { routes } from "./routes.js";
import { seedExample, seedIds, seedState } from "./seed.js";
import { emptyState, stateSchema } from "./state.js";

export type { LangfuseMessageRow, LangfusePromptRow, LangfuseState } from "./state.js";

export default defineEmulatorVendor({
  name: "langfuse",
  label: "Langfuse",
  product: "Langfuse",
  specFile: "langfuse/openapi.yaml",
  defaultKey: "pk-lf-emulator-0000:sk-lf-emulator-0000",
  // A public key sent alone as Bearer is recognised and refused with 403, as Langfuse does.
  auth: basicAuth({ forbidBearerUser: true }),
  dialect,
  routes,
  emptyState,
  seedState,
  seedIds,
  clientEnv: (baseUrl, key) => {
    const at = key.indexOf(":");
    return { LANGFUSE_PUBLIC_KEY: key.slice(0, at), LANGFUSE_SECRET_KEY: key.slice(at + 1), LANGFUSE_BASE_URL: baseUrl };
  },
  seedExample,
  validateState: stateCheck(stateSchema),
});
