// Types for the repo's shared spec helpers (scripts/openapi.mjs), used only by this package's tests.
// A relative module name cannot be declared, so the pattern matches the import's suffix.
declare module "*/scripts/openapi.mjs" {
  export interface ExampleCase {
    /** Where the example sits, e.g. `POST /v1/prompt-2025 201 application/json examples.created`. */
    name: string;
    schema: Record<string, unknown>;
    value: unknown;
  }
  export type OpenApiDocument = Record<string, any>;
  export const repoRoot: string;
  export function loadSpec(vendor: string): OpenApiDocument;
  export function createValidator(spec: OpenApiDocument): (schema: Record<string, unknown>, value: unknown) => string[];
  export function exampleCases(spec: OpenApiDocument): ExampleCase[];
  export function responseSchema(
    spec: OpenApiDocument,
    method: string,
    path: string,
    status: number | string,
  ): Record<string, unknown> | undefined;
  export function resolveRef(spec: OpenApiDocument, ref: string): any;
}
