// What a vendor's contract cases are made of. Each vendor folder has a `contract-cases.ts` whose
// default export drives every operation of its spec; `src/contract.test.ts` finds them by folder,
// so adding a vendor needs no edit to the contract test.
import type { CallOptions } from "./harness.js";

export interface ContractCase {
  /** The spec's path template. */
  op: string;
  method: string;
  /** The concrete vendor-relative path (defaults to `op`). */
  path?: string;
  status: number;
  options?: CallOptions;
  /** Runs against an emulator started without seed data. */
  empty?: boolean;
  note?: string;
}

/** No `Authorization` header at all. */
export const NO_KEY: CallOptions = { key: null };
/** A key the emulator does not accept, sent in the vendor's scheme. */
export const WRONG_KEY: CallOptions = { key: "sk-wrong" };
/** A well-formed UUID that names nothing in the seed data. */
export const UNKNOWN_UUID = "00000000-0000-4000-8000-000000000000";

/**
 * Declares a vendor's contract cases (the default export of `vendors/<vendor>/contract-cases.ts`).
 *
 * @example
 * export default defineContractCases([{ op: "/prompt", method: "GET", status: 200 }]);
 */
export function defineContractCases(cases: ContractCase[]): ContractCase[] {
  return cases;
}
