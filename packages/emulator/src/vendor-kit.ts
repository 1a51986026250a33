// The contract every emulated vendor fulfils. A vendor is one folder, `vendors/<name>/`, whose
// `index.ts` default-exports `defineEmulatorVendor({...})`, plus one line in `vendors/registry.ts`.
// Vendor folders import the emulator only through this file.
// The server, auth, fault injection, admin routes, persistence, request log and CLI only ever
// see this interface.
import type { AuthScheme } from "./auth.js";
import type { VendorDialect } from "./dialect.js";
import type { Route } from "./http.js";
import type { StateCheck } from "./state-check.js";

export type { AuthProblem, AuthScheme } from "./auth.js";
export { basicAuth, bearerAuth, type BasicAuthOptions } from "./auth.js";
export type { VendorDialect } from "./dialect.js";
export { json, type Context, type Reply, type Route } from "./http.js";
export { stateCheck, type StateCheck } from "./state-check.js";
export type { SchemaIssue } from "./specs.js";
export { uuidFrom } from "./random.js";

/** What a vendor's route table is built from. */
export interface VendorSetup {
  /** The emulator's `seed` option (signing secrets and the like derive from it). */
  seed: number;
  /** Where the vendor is mounted, e.g. `/acme`: prefix it to URLs the vendor hands out. */
  mountPath: string;
}

export interface EmulatorVendor<Name extends string = string, State = unknown, SeedIds = unknown> {
  /** The mount (`/<name>`), the key in `apiKeys`, `EMULATOR_KEYS`, `SEED`, the state, and `match.vendor` of faults. */
  readonly name: Name;
  /** Shown by the CLI: `Acme` (its base URL line) and `Acme (Prompts API v2)` (its help). */
  readonly label: string;
  readonly product: string;
  /** The vendor's OpenAPI spec, relative to the repo's `specs/` (copied to the package's `specs/` at build). */
  readonly specFile: string;
  /** The key accepted when `apiKeys` names none for this vendor (`EMULATOR_KEYS[name]`). */
  readonly defaultKey: string;
  /** How clients authenticate (`bearerAuth()`, `basicAuth()` or your own). */
  readonly auth: AuthScheme;
  /** The vendor's error bodies for the failures every vendor has. */
  readonly dialect: VendorDialect;
  /** The vendor's routes, below its mount, in match order. */
  routes(setup: VendorSetup): Route<State>[];
  /** The vendor's slice of a fresh empty state. */
  emptyState(): State;
  /** The vendor's slice of the seed data. */
  seedState(): State;
  /** Ids of the seed data (`SEED[name]`). */
  readonly seedIds: SeedIds;
  /**
   * The environment variables the vendor's clients read, pointing them at the emulator: its base
   * URL and `key` (one of the vendor's accepted keys) split into the credentials the client wants.
   * The CLI prints them as `export` lines; `emu.clientEnv(vendor)` returns them.
   *
   * @example
   * clientEnv: (baseUrl, key) => ({ ACME_API_KEY: key, ACME_BASE_URL: baseUrl }),
   */
  clientEnv(baseUrl: string, key: string): Record<string, string>;
  /** One line for the CLI banner naming a seeded prompt, e.g. `abc123 (support agent)`. */
  readonly seedExample: string;
  /** Checks the vendor's slice of a state file before the emulator starts on it. */
  readonly validateState: StateCheck;
}

/** Any vendor module, whatever its name and state type. */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds modules of different state types.
export type AnyEmulatorVendor = EmulatorVendor<string, any, unknown>;

/**
 * Declares an emulated vendor. An identity function that pins down the types: the name stays a
 * literal, and the routes, seed and state check agree on one state type.
 *
 * @example
 * export default defineEmulatorVendor({
 *   name: "acme", label: "Acme", product: "Acme Prompts", specFile: "acme/openapi.yaml",
 *   defaultKey: "acme-emulator-key-0000", auth: bearerAuth(), dialect, routes,
 *   clientEnv: (baseUrl, key) => ({ ACME_API_KEY: key, ACME_BASE_URL: baseUrl }),
 *   emptyState, seedState, seedIds, seedExample: `${seedIds.greeter.promptId} (greeter)`,
 *   validateState: stateCheck(stateSchema),
 * });
 */
export function defineEmulatorVendor<const Name extends string, State, const SeedIds>(
  vendor: EmulatorVendor<Name, State, SeedIds>,
): EmulatorVendor<Name, State, SeedIds> {
  return vendor;
}
