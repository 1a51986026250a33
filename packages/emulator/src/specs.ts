import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { parse } from "yaml";

/**
 * Our OpenAPI specs, used to validate request bodies and required query parameters the way the
 * vendors do. The published package ships copies in `specs/` (next to `dist/`), each also as JSON
 * (parsing the YAML took most of an emulator's start-up); when running from source inside the
 * monorepo the repo's `specs/` is read first, so tests always see the latest spec.
 */
export function specPath(specFile: string): string {
  const packaged = fileURLToPath(new URL(`../specs/${specFile}`, import.meta.url));
  const repo = fileURLToPath(new URL(`../../../specs/${specFile}`, import.meta.url));
  const fromSource = import.meta.url.endsWith(".ts");
  const candidates = fromSource ? [repo, packaged] : [asJson(packaged), packaged, repo];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`@polyprompt/emulator: cannot find the OpenAPI spec ${specFile} (looked in ${candidates.join(", ")})`);
  return found;
}

export interface SchemaIssue {
  /** `body` or `query`. */
  in: "body" | "query";
  /** JSON pointer inside the body, or the query parameter name. */
  path: string;
  keyword: string;
  message: string;
  params: Record<string, unknown>;
}

export interface OperationValidator {
  /** Whether the operation declares a JSON request body. */
  hasBody: boolean;
  bodyRequired: boolean;
  body?: (value: unknown) => SchemaIssue[];
  /** Coerces query values in place (`"3"` → 3, `"true"` → true) and reports the issues. */
  query?: (value: Record<string, unknown>) => SchemaIssue[];
}

export type SpecValidators = Map<string, OperationValidator>;

const METHODS = ["get", "put", "post", "delete", "patch"] as const;
const compiled = new Map<string, SpecValidators>();

/** Validators for every operation of a vendor's spec (`specFile`, relative to `specs/`), keyed `"<METHOD> <spec path>"`. Compiled once per process. */
export function specValidators(specFile: string): SpecValidators {
  const file = specPath(specFile);
  const cached = compiled.get(file);
  if (cached) return cached;
  const text = readFileSync(file, "utf8");
  const validators = compile((file.endsWith(".json") ? JSON.parse(text) : parse(text)) as Spec);
  compiled.set(file, validators);
  return validators;
}

/** Where the build writes a YAML spec's JSON copy (`scripts/copy-specs.mjs`). */
export function asJson(specFile: string): string {
  return specFile.replace(/\.ya?ml$/, ".json");
}

interface Spec {
  paths?: Record<string, Record<string, Operation | unknown>>;
  components?: Record<string, Record<string, unknown>>;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }>; $ref?: string };
}

interface Parameter {
  $ref?: string;
  name?: string;
  in?: string;
  required?: boolean;
  schema?: unknown;
}

function compile(spec: Spec): SpecValidators {
  // validateSchema: false skips compiling JSON Schema's meta-schema (a tenth of a second per
  // instance) to check specs that `pnpm lint:specs` (Redocly) already checks.
  const bodies = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  const queries = new Ajv({ strict: false, allErrors: true, coerceTypes: true, useDefaults: true, validateSchema: false });
  for (const ajv of [bodies, queries]) {
    ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    ajv.addFormat("date-time", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i);
    for (const format of collectFormats(spec)) if (format !== "uuid" && format !== "date-time") ajv.addFormat(format, true);
    ajv.addSchema(rewriteRefs({ components: spec.components ?? {} }) as object, "spec");
  }
  const resolve = <T>(node: T): T => {
    const ref = (node as { $ref?: string } | undefined)?.$ref;
    if (!ref) return node;
    return ref
      .replace(/^#\//, "")
      .split("/")
      .reduce<unknown>((n, k) => (n as Record<string, unknown>)?.[k.replace(/~1/g, "/").replace(/~0/g, "~")], spec) as T;
  };

  const validators: SpecValidators = new Map();
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    const shared = ((item as { parameters?: Parameter[] }).parameters ?? []).map(resolve);
    for (const method of METHODS) {
      const op = item[method] as Operation | undefined;
      if (!op) continue;
      const v: OperationValidator = { hasBody: false, bodyRequired: false };
      const requestBody = resolve(op.requestBody);
      const schema = requestBody?.content?.["application/json"]?.schema;
      if (schema) {
        v.hasBody = true;
        v.bodyRequired = requestBody?.required ?? false;
        // Compiled on first use: start-up (every CLI run, every test file) stays fast.
        let fn: ValidateFunction | undefined;
        v.body = (value) => {
          fn ??= bodies.compile(rewriteRefs(schema) as object);
          return issues(fn, value, "body");
        };
      }
      const params = [...shared, ...(op.parameters ?? []).map(resolve)].filter((p) => p.in === "query" && p.name);
      if (params.length > 0) {
        let fn: ValidateFunction | undefined;
        const querySchema = {
          type: "object",
          properties: Object.fromEntries(params.map((p) => [p.name, rewriteRefs(p.schema ?? {})])),
          required: params.filter((p) => p.required).map((p) => p.name),
        };
        v.query = (value) => {
          fn ??= queries.compile(querySchema);
          return issues(fn, value, "query");
        };
      }
      validators.set(`${method.toUpperCase()} ${path}`, v);
    }
  }
  return validators;
}

function issues(fn: ValidateFunction, value: unknown, where: "body" | "query"): SchemaIssue[] {
  if (fn(value)) return [];
  return (fn.errors ?? []).map((e: ErrorObject) => ({
    in: where,
    path: e.instancePath,
    keyword: e.keyword,
    message: e.message ?? "is invalid",
    params: e.params as Record<string, unknown>,
  }));
}

/** `#/components/...` → `spec#/components/...`, so every operation schema shares one compiled copy of the components. */
function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] = k === "$ref" && typeof v === "string" && v.startsWith("#/") ? `spec${v}` : rewriteRefs(v);
  }
  return out;
}

function collectFormats(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const n of node) collectFormats(n, out);
  else if (node !== null && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "format" && typeof v === "string") out.add(v);
      else collectFormats(v, out);
    }
  }
  return out;
}
