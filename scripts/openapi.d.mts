// Types of scripts/openapi.mjs, for the TypeScript tests that import it.

/** A JSON Schema / OpenAPI 3.0 schema object, as parsed from YAML. */
export type SchemaObject = Record<string, unknown>;
/** A parsed OpenAPI document. */
// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document is walked by untyped scripts
export type OpenApiDocument = Record<string, any>;
/** One example embedded in the spec, and the schema it must satisfy. */
export interface ExampleCase {
  /** Where the example sits, e.g. `POST /v1/prompt-2025 201 application/json examples.created`. */
  name: string;
  schema: SchemaObject;
  value: unknown;
}

export const repoRoot: string;
/** Parses `specs/<vendor>/openapi.yaml`. */
export function loadSpec(vendor: string): OpenApiDocument;
/** A validator listing the errors of `value` against `schema` (empty when valid). */
export function createValidator(spec: OpenApiDocument): (schema: SchemaObject, value: unknown) => string[];
/** Every example embedded in the spec, with the schema it must satisfy. */
export function exampleCases(spec: OpenApiDocument): ExampleCase[];
/** The JSON response schema of one operation and status, or undefined. */
export function responseSchema(spec: OpenApiDocument, method: string, path: string, status: number | string): SchemaObject | undefined;
// biome-ignore lint/suspicious/noExplicitAny: a $ref resolves to any part of the document
export function resolveRef(spec: OpenApiDocument, ref: string): any;
