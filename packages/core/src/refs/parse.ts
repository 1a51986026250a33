import { PromptError } from "../errors/prompt-error.js";
import { BUILT_IN_VENDORS } from "../vendors/registry.js";
import type { ParsedRef, PromptRef, PromptRefObject, VersionSelector } from "./types.js";

const VENDOR = /^[a-z][a-z0-9-]*$/;
// Any id a registry may use (UUIDs, 6-char ids, names with dots or slashes) but nothing
// that would make the string form ambiguous.
const PROMPT_ID = /^[^\s@#]+$/;
const VERSION_ID = /^[^\s@#]+$/;
/** `3`, `2.1`, `2.x`: vendors decide which of these they understand. */
const VERSION = /^\d+(?:\.(?:\d+|x))?$/;
const ENVIRONMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Examples in messages name a vendor the reader has. */
const exampleVendor = (): string => BUILT_IN_VENDORS[0];

const invalid = (message: string): PromptError => new PromptError({ code: "invalid_ref", operation: "parseRef", message });

/**
 * Parses a prompt reference.
 *
 * | Form | Meaning |
 * | --- | --- |
 * | `vendor:promptId` | the production version |
 * | `vendor:promptId@staging` | that environment's version |
 * | `vendor:promptId@latest` | the newest version |
 * | `vendor:promptId@2.1`, `@2.x`, `@3` | a version label (the vendor says which forms it knows) |
 * | `vendor:promptId#versionId` | one exact version |
 *
 * @example
 * parseRef("acme:abc123@staging");
 * // { vendor: "acme", promptId: "abc123", selector: { kind: "environment", environment: "staging" } }
 */
export function parseRef(ref: PromptRef): ParsedRef {
  if (typeof ref === "string") return parseString(ref);
  if (typeof ref === "object" && ref !== null) return parseObject(readFields(ref));
  throw invalid(
    `A prompt reference is a string like "${exampleVendor()}:abc123@staging" or an object; got ${ref === null ? "null" : typeof ref}.`,
  );
}

function parseString(text: string): ParsedRef {
  const colon = text.indexOf(":");
  if (colon <= 0) throw invalid(`"${clip(text)}" has no vendor: write it as "<vendor>:<promptId>", e.g. "${exampleVendor()}:abc123".`);
  const vendor = text.slice(0, colon);
  checkVendor(vendor, text);
  let rest = text.slice(colon + 1);

  const hash = rest.indexOf("#");
  const at = rest.indexOf("@");
  if (hash >= 0 && at >= 0) {
    throw invalid(`"${clip(text)}" has both "@" and "#": use "@<environment|version>" or "#<versionId>", not both.`);
  }
  let selector: VersionSelector = { kind: "production" };
  if (hash >= 0) {
    const versionId = rest.slice(hash + 1);
    if (!VERSION_ID.test(versionId)) throw invalid(`"${clip(text)}" has an empty or malformed version id after "#".`);
    selector = { kind: "versionId", versionId };
    rest = rest.slice(0, hash);
  } else if (at >= 0) {
    selector = parseSelector(rest.slice(at + 1), text);
    rest = rest.slice(0, at);
  }
  checkPromptId(rest, text);
  return { vendor, promptId: rest, selector };
}

function parseSelector(label: string, text: string): VersionSelector {
  if (label === "") throw invalid(`"${clip(text)}" ends with "@": name an environment, a version or "latest".`);
  if (label === "latest") return { kind: "latest" };
  if (label === "production") return { kind: "production" };
  if (VERSION.test(label)) return { kind: "version", version: label };
  if (/^\d[\d.x]*$/.test(label)) {
    throw invalid(`"${clip(text)}": "${label}" is not a version; use "2", "2.1" or "2.x".`);
  }
  if (!ENVIRONMENT.test(label)) throw invalid(`"${clip(text)}": "${clip(label)}" is not a valid environment name.`);
  return { kind: "environment", environment: label };
}

/**
 * Copies the five fields out of a caller's object once. A getter that throws, or a Proxy whose
 * traps throw, is the caller's bug but must still surface as our one error type.
 */
function readFields(ref: PromptRefObject): PromptRefObject {
  try {
    const { vendor, promptId, environment, version, versionId } = ref;
    return { vendor, promptId, environment, version, versionId };
  } catch (err) {
    throw new PromptError({
      code: "invalid_ref",
      operation: "parseRef",
      message: `Could not read the reference object: ${err instanceof Error ? err.message : String(err)}.`,
      cause: err,
    });
  }
}

function parseObject(ref: PromptRefObject): ParsedRef {
  const { vendor, promptId, environment, version, versionId } = ref;
  const described = JSON.stringify({ vendor, promptId, environment, version, versionId });
  if (typeof vendor !== "string") throw invalid(`${described}: "vendor" must be a string.`);
  checkVendor(vendor, described);
  if (typeof promptId !== "string") throw invalid(`${described}: "promptId" must be a string.`);
  checkPromptId(promptId, described);
  const given = [environment, version, versionId].filter((x) => x !== undefined).length;
  if (given > 1) throw invalid(`${described}: give at most one of "environment", "version" and "versionId".`);

  if (environment !== undefined) {
    if (typeof environment !== "string" || environment === "") throw invalid(`${described}: "environment" must be a non-empty string.`);
    // Taken literally: { environment: "3" } is the environment named "3", never version 3.
    return { vendor, promptId, selector: environment === "production" ? { kind: "production" } : { kind: "environment", environment } };
  }
  if (version !== undefined) {
    if (version === "latest") return { vendor, promptId, selector: { kind: "latest" } };
    if (typeof version !== "string" || !VERSION.test(version)) {
      throw invalid(`${described}: "version" must look like "3", "2.1", "2.x" or "latest".`);
    }
    return { vendor, promptId, selector: { kind: "version", version } };
  }
  if (versionId !== undefined) {
    if (typeof versionId !== "string" || !VERSION_ID.test(versionId))
      throw invalid(`${described}: "versionId" must be a non-empty string without spaces.`);
    return { vendor, promptId, selector: { kind: "versionId", versionId } };
  }
  return { vendor, promptId, selector: { kind: "production" } };
}

function checkVendor(vendor: string, text: string): void {
  if (!VENDOR.test(vendor)) throw invalid(`"${clip(text)}": "${clip(vendor)}" is not a vendor name (lowercase letters, digits, "-").`);
}

function checkPromptId(promptId: string, text: string): void {
  if (!PROMPT_ID.test(promptId)) throw invalid(`"${clip(text)}" has an empty or malformed prompt id.`);
}

const clip = (s: string): string => (s.length > 80 ? `${s.slice(0, 77)}...` : s);

/**
 * The cache key of a reference. Each selector kind is its own namespace, so `@3` (a version)
 * and an environment named "3" never share an entry.
 */
export function cacheKey(ref: ParsedRef): string {
  const s = ref.selector;
  const value = s.kind === "environment" ? s.environment : s.kind === "version" ? s.version : s.kind === "versionId" ? s.versionId : "";
  return `${promptKeyPrefix(ref)}${s.kind}\u0000${value}`;
}

/** The start shared by the cache keys of every reference to one prompt. */
export function promptKeyPrefix(ref: Pick<ParsedRef, "vendor" | "promptId">): string {
  return `${ref.vendor}\u0000${ref.promptId}\u0000`;
}

/** The reference in its canonical string form (object form where the string form can't say it). */
export function formatRef(ref: ParsedRef): string {
  const base = `${ref.vendor}:${ref.promptId}`;
  const s = ref.selector;
  switch (s.kind) {
    case "production":
      return base;
    case "latest":
      return `${base}@latest`;
    case "version":
      return `${base}@${s.version}`;
    case "versionId":
      return `${base}#${s.versionId}`;
    case "environment":
      return isPlainEnvironmentLabel(s.environment)
        ? `${base}@${s.environment}`
        : JSON.stringify({ vendor: ref.vendor, promptId: ref.promptId, environment: s.environment });
  }
}

/** True when `@<name>` would read back as this environment (not a version, not a keyword). */
function isPlainEnvironmentLabel(name: string): boolean {
  return ENVIRONMENT.test(name) && !/^\d[\d.x]*$/.test(name) && name !== "latest" && name !== "production";
}
