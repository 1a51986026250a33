import { PromptError, type VariableProblem } from "../errors/prompt-error.js";
import { cacheKey, formatRef, parseRef } from "../refs/parse.js";
import { BUNDLE_FORMAT, DEFAULT_BUNDLE_LIMITS, type BundleLimits, type PromptBundle } from "./bundle-format.js";

/** Problems beyond this many are counted, not listed, so the error stays small. */
const MAX_LISTED_PROBLEMS = 100;

const ROLES = new Set(["system", "developer", "user", "assistant", "tool"]);

type Problems = VariableProblem[];
type Obj = Record<string, unknown>;

/**
 * Checks that `value` is a bundle a client can serve from, and returns a frozen copy of it.
 * Every field the client and the renderers read is checked, and every problem is listed in one
 * `invalid_config` error (`problems[i].name` is the path, e.g. `entries[2].version.messages[0].role`).
 * The work is bounded whatever `value` is: sizes past `limits` (see `DEFAULT_BUNDLE_LIMITS`) are
 * refused before any entry is read, and cycles count against the depth bound.
 *
 * @example
 * import bundle from "./prompts.bundle.json";
 * const checked = readBundle(bundle); // throws PromptError invalid_config on a bad bundle
 */
export function readBundle(value: unknown, limits: Partial<BundleLimits> = {}): PromptBundle {
  const bounds = { ...DEFAULT_BUNDLE_LIMITS, ...limits };
  const sizeProblem = measure(value, bounds);
  if (sizeProblem) fail([sizeProblem]);
  const problems: Problems = [];
  const at = (path: string, expected: string, received: unknown): void => {
    problems.push({ name: path, expected, received: describe(received) });
  };
  if (!isObj(value)) {
    at("bundle", "an object", value);
    return fail(problems);
  }
  if (value.format !== BUNDLE_FORMAT) at("format", `"${BUNDLE_FORMAT}"`, value.format);
  isoDate(value, "createdAt", "createdAt", at);
  const entries = value.entries;
  if (!Array.isArray(entries)) {
    at("entries", "an array", entries);
  } else {
    if (entries.length > bounds.maxEntries) at("entries", `at most ${bounds.maxEntries} entries`, `${entries.length} entries`);
    else {
      const seen = new Set<string>();
      entries.forEach((entry, i) => {
        checkEntry(entry, `entries[${i}]`, seen, at);
      });
    }
  }
  if (problems.length > 0) fail(problems);
  // A copy of plain JSON: nothing the caller does to its object later changes what is served.
  return deepFreeze(JSON.parse(JSON.stringify(value)) as PromptBundle);
}

type At = (path: string, expected: string, received: unknown) => void;

function checkEntry(entry: unknown, path: string, seen: Set<string>, at: At): void {
  if (!isObj(entry)) {
    at(path, "an object", entry);
    return;
  }
  let ref: ReturnType<typeof parseRef> | undefined;
  if (typeof entry.ref !== "string" && !isObj(entry.ref)) at(`${path}.ref`, "a reference string", entry.ref);
  else {
    try {
      ref = parseRef(entry.ref as string);
      const key = cacheKey(ref);
      if (seen.has(key)) at(`${path}.ref`, "a reference no other entry has", entry.ref);
      seen.add(key);
    } catch (err) {
      at(`${path}.ref`, `a valid reference (${err instanceof Error ? err.message : String(err)})`, entry.ref);
    }
  }
  const v = entry.version;
  const vp = `${path}.version`;
  if (!isObj(v)) {
    at(vp, "an object", v);
    return;
  }
  for (const field of ["vendor", "promptId", "versionId", "version", "template"]) nonEmptyString(v, field, `${vp}.${field}`, at);
  if (ref && typeof v.vendor === "string" && v.vendor !== ref.vendor)
    at(`${vp}.vendor`, `"${ref.vendor}", the reference's vendor`, v.vendor);
  if (ref && typeof v.promptId === "string" && v.promptId !== ref.promptId) {
    at(`${vp}.promptId`, `"${ref.promptId}", the reference's prompt (${formatRef(ref)})`, v.promptId);
  }
  stringArray(v.environments, `${vp}.environments`, at);
  if (typeof v.draft !== "boolean") at(`${vp}.draft`, "a boolean", v.draft);
  for (const field of ["title", "commitMessage", "model"]) optionalString(v, field, `${vp}.${field}`, at);
  isoDate(v, "createdAt", `${vp}.createdAt`, at);
  isoDate(v, "capturedAt", `${vp}.capturedAt`, at);
  if (v.updatedAt !== undefined) isoDate(v, "updatedAt", `${vp}.updatedAt`, at);
  if (!Array.isArray(v.raw)) at(`${vp}.raw`, "an array", v.raw);
  if (v.type !== undefined && v.type !== "chat" && v.type !== "completion") at(`${vp}.type`, `"chat", "completion" or absent`, v.type);
  checkParams(v.params, `${vp}.params`, at);
  if (!Array.isArray(v.messages)) at(`${vp}.messages`, "an array", v.messages);
  else
    v.messages.forEach((m, i) => {
      checkMessage(m, `${vp}.messages[${i}]`, at);
    });
  if (!Array.isArray(v.tools)) at(`${vp}.tools`, "an array", v.tools);
  else
    v.tools.forEach((t, i) => {
      checkTool(t, `${vp}.tools[${i}]`, at);
    });
  if (v.toolChoice !== undefined) checkToolChoice(v.toolChoice, `${vp}.toolChoice`, at);
  if (v.responseFormat !== undefined) checkResponseFormat(v.responseFormat, `${vp}.responseFormat`, at);
  if (!Array.isArray(v.variables)) at(`${vp}.variables`, "an array", v.variables);
  else
    v.variables.forEach((x, i) => {
      checkVariable(x, `${vp}.variables[${i}]`, at);
    });
  for (const field of ["source", "fetchedAt"]) {
    if (Object.hasOwn(v, field)) at(`${vp}.${field}`, "absent (the client stamps it when it serves)", v[field]);
  }
}

function checkParams(p: unknown, path: string, at: At): void {
  if (!isObj(p)) {
    at(path, "an object", p);
    return;
  }
  for (const field of ["temperature", "maxTokens", "topP", "topK", "seed", "frequencyPenalty", "presencePenalty"]) {
    if (p[field] !== undefined && (typeof p[field] !== "number" || !Number.isFinite(p[field])))
      at(`${path}.${field}`, "a finite number", p[field]);
  }
  if (p.stop !== undefined) stringArray(p.stop, `${path}.stop`, at);
  if (p.parallelToolCalls !== undefined && typeof p.parallelToolCalls !== "boolean")
    at(`${path}.parallelToolCalls`, "a boolean", p.parallelToolCalls);
  optionalString(p, "reasoningEffort", `${path}.reasoningEffort`, at);
  if (p.extra !== undefined && !isObj(p.extra)) at(`${path}.extra`, "an object", p.extra);
}

function checkMessage(m: unknown, path: string, at: At): void {
  if (!isObj(m)) {
    at(path, "a message object", m);
    return;
  }
  if (m.role === "placeholder") {
    nonEmptyString(m, "name", `${path}.name`, at);
    return;
  }
  if (typeof m.role !== "string" || !ROLES.has(m.role)) at(`${path}.role`, `one of ${[...ROLES, "placeholder"].join(", ")}`, m.role);
  if (Array.isArray(m.content))
    m.content.forEach((part, i) => {
      checkPart(part, `${path}.content[${i}]`, at);
    });
  else if (typeof m.content !== "string") at(`${path}.content`, "a string or an array of parts", m.content);
  optionalString(m, "name", `${path}.name`, at);
  optionalString(m, "toolCallId", `${path}.toolCallId`, at);
  if (m.toolCalls !== undefined) {
    if (!Array.isArray(m.toolCalls)) at(`${path}.toolCalls`, "an array", m.toolCalls);
    else
      m.toolCalls.forEach((call, i) => {
        const cp = `${path}.toolCalls[${i}]`;
        if (!isObj(call)) {
          at(cp, "an object", call);
          return;
        }
        for (const field of ["id", "name", "arguments"]) if (typeof call[field] !== "string") at(`${cp}.${field}`, "a string", call[field]);
      });
  }
}

function checkPart(part: unknown, path: string, at: At): void {
  if (!isObj(part)) {
    at(path, "a content part object", part);
    return;
  }
  if (part.type === "text") {
    if (typeof part.text !== "string") at(`${path}.text`, "a string", part.text);
  } else if (part.type === "image" || part.type === "file") {
    if (typeof part.url !== "string") at(`${path}.url`, "a string", part.url);
    optionalString(part, "mimeType", `${path}.mimeType`, at);
    if (part.type === "file") optionalString(part, "variable", `${path}.variable`, at);
    if (part.type === "image" && part.detail !== undefined && !["auto", "low", "high"].includes(part.detail as string)) {
      at(`${path}.detail`, `"auto", "low", "high" or absent`, part.detail);
    }
  } else at(`${path}.type`, `"text", "image" or "file"`, part.type);
}

function checkTool(t: unknown, path: string, at: At): void {
  if (!isObj(t)) {
    at(path, "a tool object", t);
    return;
  }
  nonEmptyString(t, "name", `${path}.name`, at);
  optionalString(t, "description", `${path}.description`, at);
  if (t.parameters !== undefined && !isObj(t.parameters)) at(`${path}.parameters`, "a JSON Schema object", t.parameters);
  if (t.strict !== undefined && typeof t.strict !== "boolean") at(`${path}.strict`, "a boolean", t.strict);
}

function checkToolChoice(c: unknown, path: string, at: At): void {
  if (c === "auto" || c === "none" || c === "required") return;
  if (isObj(c) && c.type === "tool" && typeof c.name === "string") return;
  at(path, `"auto", "none", "required" or { type: "tool", name }`, c);
}

function checkResponseFormat(f: unknown, path: string, at: At): void {
  if (!isObj(f)) {
    at(path, "an object", f);
    return;
  }
  if (f.type === "text" || f.type === "json_object") return;
  if (f.type !== "json_schema") {
    at(`${path}.type`, `"text", "json_object" or "json_schema"`, f.type);
    return;
  }
  if (!isObj(f.schema)) at(`${path}.schema`, "a JSON Schema object", f.schema);
  optionalString(f, "name", `${path}.name`, at);
  optionalString(f, "description", `${path}.description`, at);
  if (f.strict !== undefined && typeof f.strict !== "boolean") at(`${path}.strict`, "a boolean", f.strict);
}

function checkVariable(x: unknown, path: string, at: At): void {
  if (!isObj(x)) {
    at(path, "a variable object", x);
    return;
  }
  nonEmptyString(x, "name", `${path}.name`, at);
  if (typeof x.type !== "string") at(`${path}.type`, "a string", x.type);
  if (typeof x.required !== "boolean") at(`${path}.required`, "a boolean", x.required);
  optionalString(x, "description", `${path}.description`, at);
}

function nonEmptyString(o: Obj, field: string, path: string, at: At): void {
  if (typeof o[field] !== "string" || o[field] === "") at(path, "a non-empty string", o[field]);
}

function optionalString(o: Obj, field: string, path: string, at: At): void {
  if (o[field] !== undefined && typeof o[field] !== "string") at(path, "a string or absent", o[field]);
}

function stringArray(value: unknown, path: string, at: At): void {
  if (!Array.isArray(value) || value.some((s) => typeof s !== "string")) at(path, "an array of strings", value);
}

function isoDate(o: Obj, field: string, path: string, at: At): void {
  const text = o[field];
  if (typeof text !== "string" || Number.isNaN(Date.parse(text))) at(path, "an ISO 8601 date", text);
}

/** Plain objects only (JSON's kind): no arrays, class instances or null. */
function isObj(value: unknown): value is Obj {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Walks the whole value once, iteratively, and stops at the first bound it passes. Objects are
 * counted each time they are reached, so a cycle runs into `maxDepth` or `maxValues`.
 */
function measure(value: unknown, bounds: BundleLimits): VariableProblem | undefined {
  const stack: [unknown, number][] = [[value, 0]];
  let values = 0;
  let chars = 0;
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (++values > bounds.maxValues)
      return { name: "bundle", expected: `at most ${bounds.maxValues} values (maxValues)`, received: "more" };
    if (typeof node === "string") chars += node.length;
    else if (typeof node === "object" && node !== null) {
      if (depth >= bounds.maxDepth)
        return { name: "bundle", expected: `nesting at most ${bounds.maxDepth} deep (maxDepth)`, received: "deeper" };
      if (Array.isArray(node)) {
        if (node.length > bounds.maxValues)
          return { name: "bundle", expected: `at most ${bounds.maxValues} values (maxValues)`, received: "more" };
        for (const child of node) stack.push([child, depth + 1]);
      } else {
        for (const key of Object.keys(node)) {
          chars += key.length;
          stack.push([(node as Obj)[key], depth + 1]);
        }
      }
    } else if (typeof node !== "number" && typeof node !== "boolean" && node !== null && node !== undefined) {
      return { name: "bundle", expected: "JSON values only", received: typeof node };
    }
    if (chars > bounds.maxChars)
      return { name: "bundle", expected: `at most ${bounds.maxChars} characters of text (maxChars)`, received: "more" };
  }
  return undefined;
}

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (Array.isArray(value)) return `array of ${value.length}`;
  if (typeof value === "string") return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "object") return "object";
  return `${typeof value} ${String(value)}`;
}

function fail(problems: Problems): never {
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
  const more = problems.length - listed.length;
  const lines = listed.map((p) => `- ${p.name}: expected ${p.expected}, got ${p.received}`);
  throw new PromptError({
    code: "invalid_config",
    operation: "readBundle",
    message: `The prompt bundle is not valid (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${lines.join("\n")}${more > 0 ? `\n… and ${more} more` : ""}`,
    problems: listed,
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
