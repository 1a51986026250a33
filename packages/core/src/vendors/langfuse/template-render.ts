/**
 * Rendering a parsed Langfuse template: Mustache's context stack and name lookup, sections
 * over arrays, objects and truthy values, inverted sections, with this engine's deviations
 * (own properties only, objects and arrays as JSON, missing values reported, bounded work).
 */
import type { VariableProblem } from "../../errors/prompt-error.js";
import { describe as describeValue } from "../../http/shape.js";
import { asText, JSON_SERIALIZABLE } from "../../render/engine-kit.js";
import type { SectionNode, TemplateNode, VariableNode } from "./template-parse.js";

/**
 * Template nodes one render may visit, summed over every section iteration. Nested sections over
 * arrays multiply (three levels over 1 000 items are a billion visits); this stops such a render
 * in well under a second. A template over 100 000 rows of 10 tags each takes 1 000 000.
 */
export const MAX_RENDER_STEPS = 10_000_000;
/** Characters one render may produce (about 64 MB of text; far beyond any model's context). */
export const MAX_RENDER_CHARS = 67_108_864; // 64 MiB, as a literal so that bundlers can drop it

/** The `expected` of a problem for a value that cannot be written as text. */
export const TEXT_VALUE = "string, number, boolean, object or array";

/** Why a render stopped early: the template would take unbounded work with these values. */
export class RenderLimitError extends Error {}

/** One render's state: the values, the mode, the problems met and the work done. */
export class RenderState {
  readonly problems: VariableProblem[] = [];
  // Made on the first problem: a render that succeeds (every warm call) allocates none.
  private reported: Set<string> | undefined;
  private steps = 0;
  private chars = 0;

  constructor(
    readonly variables: object,
    /** `true`: Langfuse-compatible (missing values render empty); `false`: collect problems. */
    readonly lenient: boolean,
  ) {}

  report(name: string, expected: string, value: unknown): void {
    if (this.lenient) return;
    const id = `${name}\u0000${expected}`;
    this.reported ??= new Set();
    if (this.reported.has(id)) return;
    this.reported.add(id);
    this.problems.push({ name, expected, received: describeReceived(value) });
  }

  step(): void {
    if (++this.steps > MAX_RENDER_STEPS) {
      throw new RenderLimitError(`visits more than ${MAX_RENDER_STEPS} template nodes (nested sections over large arrays)`);
    }
  }

  wrote(length: number): void {
    this.chars += length;
    if (this.chars > MAX_RENDER_CHARS) throw new RenderLimitError(`produces more than ${MAX_RENDER_CHARS} characters`);
  }
}

/** A value found by name: `hit` when some context has the property, even with value `undefined`. */
interface Lookup {
  readonly hit: boolean;
  readonly value: unknown;
}
const MISS: Lookup = /* @__PURE__ */ Object.freeze({ hit: false, value: undefined });

/** Own property `key` of any non-null value (a string's `length` and indices count, inherited members do not). */
function ownProperty(value: unknown, key: string): Lookup {
  if (value === null || value === undefined) return MISS;
  return Object.hasOwn(value as object, key) ? { hit: true, value: (value as Record<string, unknown>)[key] } : MISS;
}

/**
 * Mustache's lookup: from the innermost context outwards, the first context that has the name
 * wins. A dotted name walks its path inside each context, as Mustache does. Deviation: only own
 * properties are found (`{}` never supplies `constructor` or `toString`).
 */
export function lookup(stack: readonly unknown[], name: string, path: readonly string[] | null): Lookup {
  if (name === ".") return { hit: true, value: stack[stack.length - 1] };
  if (path === null) {
    const value = plainLookup(stack, name);
    return value === NOT_FOUND ? MISS : { hit: true, value };
  }
  for (let level = stack.length - 1; level >= 0; level--) {
    let current: Lookup = { hit: true, value: stack[level] };
    for (let i = 0; i < path.length && current.hit; i++) current = ownProperty(current.value, path[i]!);
    if (current.hit) return current;
  }
  return MISS;
}

const NOT_FOUND: unique symbol = /* @__PURE__ */ Symbol("not found");

/** `lookup` of a plain name (no dots), allocating nothing: the common tag of every render. */
function plainLookup(stack: readonly unknown[], name: string): unknown {
  for (let level = stack.length - 1; level >= 0; level--) {
    const view = stack[level];
    if (typeof view === "object" && view !== null && Object.hasOwn(view, name)) return (view as Record<string, unknown>)[name];
  }
  return NOT_FOUND;
}

/** A value found by `lookup`'s rules, `undefined` when no context has it. */
function valueFound(stack: readonly unknown[], name: string, path: readonly string[] | null): unknown {
  if (path === null && name !== ".") {
    const value = plainLookup(stack, name);
    return value === NOT_FOUND ? undefined : value;
  }
  return lookup(stack, name, path).value;
}

/** A short description of a value for a problem's `received`; never throws. */
export function describeReceived(value: unknown): string {
  try {
    return describeValue(value);
  } catch {
    return typeof value;
  }
}

/** Renders nodes against the context stack (innermost view last). */
export function renderNodes(nodes: readonly TemplateNode[], stack: unknown[], state: RenderState): string {
  let out = "";
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    state.step();
    let piece: string;
    if (typeof node === "string") piece = node;
    else if (node.kind === "variable") piece = renderVariable(node, stack, state);
    else piece = renderSection(node, stack, state);
    if (piece.length > 0) {
      state.wrote(piece.length);
      out += piece;
    }
  }
  return out;
}

function renderVariable(node: VariableNode, stack: unknown[], state: RenderState): string {
  const value = valueFound(stack, node.name, node.path);
  if (value === undefined || value === null) {
    state.report(node.name, "defined", value);
    return "";
  }
  const text = asText(value);
  if (text === null) {
    const kind = typeof value;
    state.report(node.name, kind === "object" ? JSON_SERIALIZABLE : TEXT_VALUE, value);
    return "";
  }
  return text;
}

function renderSection(node: SectionNode, stack: unknown[], state: RenderState): string {
  const value = valueFound(stack, node.name, node.path);
  if (value === undefined) {
    // Missing: the section is skipped and an inverted one shown, as in Langfuse; reported when strict.
    state.report(node.name, "defined", value);
    return node.inverted ? renderNodes(node.children, stack, state) : "";
  }
  const kind = typeof value;
  if (kind === "function" || kind === "symbol") {
    // Mustache would call a function as a lambda; this engine takes data only.
    state.report(node.name, TEXT_VALUE, value);
    return "";
  }
  if (node.inverted) {
    return !value || (Array.isArray(value) && value.length === 0) ? renderNodes(node.children, stack, state) : "";
  }
  if (!value) return "";
  if (Array.isArray(value)) {
    let out = "";
    for (let i = 0; i < value.length; i++) {
      state.step();
      stack.push(value[i]);
      try {
        out += renderNodes(node.children, stack, state);
      } finally {
        stack.pop();
      }
    }
    return out;
  }
  if (kind === "object" || kind === "string" || kind === "number") {
    stack.push(value);
    try {
      return renderNodes(node.children, stack, state);
    } finally {
      stack.pop();
    }
  }
  // `true` and other truthy values: the section shows once, in the same context.
  return renderNodes(node.children, stack, state);
}
