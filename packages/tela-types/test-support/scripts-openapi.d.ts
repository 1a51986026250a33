// Types for the repository's shared spec helper, `scripts/openapi.mjs`, as the tests import it
// (`../../../scripts/openapi.mjs`). A pattern declaration is used because ambient modules cannot
// be declared under a relative name. Kept outside `src/` so it is not published; the tests pull it
// in with a triple-slash reference.
declare module "*/scripts/openapi.mjs" {
  /** A JSON Schema / OpenAPI 3.0 schema object, as parsed from YAML. */
  export type SchemaObject = Record<string, unknown>;
  /** A parsed OpenAPI document. */
  export type OpenApiSpec = {
    paths?: Record<string, Record<string, unknown>>;
    components?: { schemas?: Record<string, SchemaObject>; [key: string]: unknown };
    [key: string]: unknown;
  };
  /** One example embedded in the spec and the schema it must satisfy. */
  export type ExampleCase = { name: string; schema: SchemaObject; value: unknown };

  export const repoRoot: string;
  /** Parses `specs/<vendor>/openapi.yaml`. */
  export function loadSpec(vendor: string): OpenApiSpec;
  /** Returns a validator that lists the errors of `value` against `schema` (empty when valid). */
  export function createValidator(spec: OpenApiSpec): (schema: SchemaObject, value: unknown) => string[];
  /** Every example embedded in the spec, with the schema it must satisfy. */
  export function exampleCases(spec: OpenApiSpec): ExampleCase[];
  /** The JSON response schema of one operation and status, or undefined. */
  export function responseSchema(
    spec: OpenApiSpec,
    method: string,
    path: string,
    status: number | string,
  ): SchemaObject | undefined;
  export function resolveRef(spec: OpenApiSpec, ref: string): unknown;
}
