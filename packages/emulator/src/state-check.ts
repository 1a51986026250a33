import { Ajv, type JSONSchemaType, type ValidateFunction } from "ajv";

/** What is wrong with a vendor's slice of a state file: a JSON pointer inside the slice (`""` for the slice itself) and a message. */
export interface StateProblem {
  path: string;
  message: string;
}

/** Checks one vendor's slice of a state file: `undefined` when it is valid. */
export type StateCheck = (raw: unknown) => StateProblem | undefined;

/**
 * A state check from a JSON schema typed against the vendor's state type, so the schema and the
 * type cannot drift apart without `typecheck` failing. Compiled on first use: only loading a
 * state file pays for it.
 *
 * @example
 * validateState: stateCheck(stateSchema), // stateSchema: JSONSchemaType<AcmeState>
 */
export function stateCheck<State>(schema: JSONSchemaType<State>): StateCheck {
  let validate: ValidateFunction<State> | undefined;
  return (raw) => {
    validate ??= new Ajv({ strict: false }).compile(schema);
    if (validate(raw)) return undefined;
    const error = validate.errors?.[0];
    return { path: error?.instancePath ?? "", message: error?.message ?? "is invalid" };
  };
}
