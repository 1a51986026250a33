// Shared by the spec checks (types packages' tests) and the emulator's contract test:
// load one of our OpenAPI specs and validate values against its schemas with ajv.
import { readFileSync } from "node:fs";
import { resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import { parse } from "yaml";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Parses `specs/<vendor>/openapi.yaml`. */
export function loadSpec(vendor) {
  return parse(readFileSync(resolve(repoRoot, "specs", vendor, "openapi.yaml"), "utf8"));
}

/**
 * Returns `validate(schema, value) => string[]` (empty when valid) for schemas of this spec.
 * `$ref: '#/components/...'` resolves against the spec; OpenAPI 3.0 `nullable` is honoured.
 */
export function createValidator(spec) {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const cache = new Map();
  return (schema, value) => {
    let validate = cache.get(schema);
    if (!validate) {
      validate = ajv.compile({ ...schema, components: spec.components });
      cache.set(schema, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
  };
}

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

/** Every example embedded in the spec, with the schema it must satisfy. */
export function exampleCases(spec) {
  const cases = [];
  const fromMedia = (where, media) => {
    if (!media?.schema) return;
    if (media.example !== undefined) cases.push({ name: `${where} example`, schema: media.schema, value: media.example });
    for (const [key, ex] of Object.entries(media.examples ?? {})) {
      const value = ex.$ref ? resolveRef(spec, ex.$ref).value : ex.value;
      cases.push({ name: `${where} examples.${key}`, schema: media.schema, value });
    }
  };
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const id = `${method.toUpperCase()} ${path}`;
      for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) fromMedia(`${id} request ${type}`, media);
      for (const [status, res] of Object.entries(op.responses ?? {})) {
        const response = res.$ref ? resolveRef(spec, res.$ref) : res;
        for (const [type, media] of Object.entries(response.content ?? {})) fromMedia(`${id} ${status} ${type}`, media);
      }
    }
  }
  for (const [name, schema] of Object.entries(spec.components?.schemas ?? {})) {
    if (schema.example !== undefined)
      cases.push({ name: `components.schemas.${name} example`, schema: { $ref: `#/components/schemas/${name}` }, value: schema.example });
  }
  return cases;
}

/** The response schema of one operation and status, or undefined when the spec has none. */
export function responseSchema(spec, method, path, status) {
  const op = spec.paths?.[path]?.[method.toLowerCase()];
  const res = op?.responses?.[String(status)] ?? op?.responses?.default;
  const response = res?.$ref ? resolveRef(spec, res.$ref) : res;
  return response?.content?.["application/json"]?.schema;
}

export function resolveRef(spec, ref) {
  return ref
    .replace(/^#\//, "")
    .split("/")
    .reduce((node, key) => node?.[key.replace(/~1/g, "/").replace(/~0/g, "~")], spec);
}
