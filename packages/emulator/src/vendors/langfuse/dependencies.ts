import type { LangfusePromptRow } from "./state.js";

// Prompt dependencies (composition): `@@@langfusePrompt:name=NAME|version=N@@@` or
// `@@@langfusePrompt:name=NAME|label=LABEL@@@` inside a prompt's text (or a chat message's
// content) is replaced by the child text prompt, itself resolved, up to 5 levels deep.

/** Levels of nesting below the prompt being resolved. */
export const MAX_DEPENDENCY_DEPTH = 5;

/**
 * The emulator's bound on a resolved text (Langfuse states none): a text naming a child many
 * times at every level would otherwise grow exponentially with the depth.
 */
export const MAX_RESOLVED_CHARS = 1_048_576;

const TAG = /@@@langfusePrompt:(.*?)@@@/g;

/** One dependency tag as written, and the child it names. */
export interface DependencyTag {
  /** The whole tag, `@@@…@@@`, as it appears in the text. */
  raw: string;
  name: string;
  version?: number;
  label?: string;
}

/**
 * The dependency tags in `text`, in order. A tag must be `name=…` then exactly one of
 * `version=<integer>` or `label=…`; anything else is left as plain text.
 *
 * @example
 * parseDependencyTags("Be @@@langfusePrompt:name=voice|label=production@@@.");
 * // [{ raw: "@@@langfusePrompt:name=voice|label=production@@@", name: "voice", label: "production" }]
 */
export function parseDependencyTags(text: string): DependencyTag[] {
  const tags: DependencyTag[] = [];
  for (const match of text.matchAll(TAG)) {
    const parts = match[1]!.split("|");
    if (parts.length !== 2) continue;
    const [nameKey, name] = splitOnce(parts[0]!);
    const [key, value] = splitOnce(parts[1]!);
    if (nameKey !== "name" || !name || !value) continue;
    if (key === "version" && /^\d+$/.test(value)) tags.push({ raw: match[0], name, version: Number(value) });
    else if (key === "label") tags.push({ raw: match[0], name, label: value });
  }
  return tags;
}

function splitOnce(part: string): [string, string] {
  const at = part.indexOf("=");
  return at === -1 ? [part, ""] : [part.slice(0, at), part.slice(at + 1)];
}

/** Every text of a version that may hold tags: a text prompt's template, a chat prompt's message contents. */
export function textsOf(row: LangfusePromptRow): string[] {
  return row.type === "text" ? [row.text] : row.messages.flatMap((m) => (typeof m.content === "string" ? [m.content] : []));
}

/** How `tag` reads in messages: `'voice' with label 'production'` or `'voice' with version 2`. */
export const describeTag = (tag: DependencyTag): string =>
  `'${tag.name}' with ${tag.version !== undefined ? `version ${tag.version}` : `label '${tag.label}'`}`;

/** Why a version's dependencies cannot be resolved. */
export class DependencyError extends Error {
  constructor(
    readonly kind: "missing" | "cycle" | "depth" | "not-text" | "too-large",
    message: string,
  ) {
    super(message);
    this.name = "DependencyError";
  }
}

interface Reference {
  id: string;
  name: string;
  version: number;
}

/** Langfuse's `resolutionGraph`: the root and, per parent version id, the versions it includes. */
export interface ResolutionGraph {
  root: Reference;
  dependencies: Record<string, Reference[]>;
}

export interface Resolved {
  text: string;
  messages: LangfusePromptRow["messages"];
  /** `null` when the version includes nothing. */
  graph: ResolutionGraph | null;
}

/**
 * Resolves a version's dependency tags, splicing each child's resolved text in. `find` looks a
 * tag's child up in the current state. Throws a `DependencyError` for a missing child, a chat
 * child, a cycle, or nesting deeper than `MAX_DEPENDENCY_DEPTH`.
 *
 * @example
 * const { text, graph } = resolveDependencies(row, (tag) => lookUp(tag));
 */
export function resolveDependencies(root: LangfusePromptRow, find: (tag: DependencyTag) => LangfusePromptRow | undefined): Resolved {
  const dependencies: Record<string, Reference[]> = {};
  const ref = (row: LangfusePromptRow): Reference => ({ id: row.id, name: row.name, version: row.version });
  // Each child is resolved once (a text naming one child many times, at every level, stays
  // linear), remembering how deep its own includes go and which names they pass through, so a
  // second path to it still sees cycles and the depth limit.
  interface Expansion {
    text: string;
    height: number;
    names: Set<string>;
  }
  const done = new Map<string, Expansion>();

  const expand = (text: string, parent: LangfusePromptRow, path: LangfusePromptRow[]): Expansion => {
    let out = text;
    let height = 0;
    const names = new Set<string>();
    for (const tag of parseDependencyTags(text)) {
      const child = find(tag);
      if (!child) throw new DependencyError("missing", `Prompt dependency not found: ${describeTag(tag)}`);
      if (child.type !== "text") {
        throw new DependencyError("not-text", `Prompt dependency ${describeTag(tag)} is a chat prompt: only text prompts can be included`);
      }
      if (path.some((p) => p.name === child.name)) {
        throw new DependencyError("cycle", `Circular dependency detected involving prompt ${child.name}`);
      }
      if (path.length > MAX_DEPENDENCY_DEPTH) {
        throw new DependencyError("depth", `Maximum nesting depth of ${MAX_DEPENDENCY_DEPTH} exceeded at ${describeTag(tag)}`);
      }
      const list = dependencies[parent.id] ?? [];
      dependencies[parent.id] = list;
      if (!list.some((r) => r.id === child.id)) list.push(ref(child));
      let sub = done.get(child.id);
      if (sub) {
        const again = path.find((p) => sub!.names.has(p.name));
        if (again) throw new DependencyError("cycle", `Circular dependency detected involving prompt ${again.name}`);
        if (path.length + sub.height > MAX_DEPENDENCY_DEPTH) {
          throw new DependencyError("depth", `Maximum nesting depth of ${MAX_DEPENDENCY_DEPTH} exceeded at ${describeTag(tag)}`);
        }
      } else {
        sub = expand(child.text, child, [...path, child]);
        done.set(child.id, sub);
      }
      height = Math.max(height, sub.height + 1);
      names.add(child.name);
      for (const n of sub.names) names.add(n);
      // Measured before joining: the bound holds for the string built, not only the one kept.
      const parts = out.split(tag.raw);
      if (out.length + (parts.length - 1) * (sub.text.length - tag.raw.length) > MAX_RESOLVED_CHARS) {
        throw new DependencyError("too-large", `The resolved prompt exceeds ${MAX_RESOLVED_CHARS} characters`);
      }
      out = parts.join(sub.text);
    }
    return { text: out, height, names };
  };

  const text = root.type === "text" ? expand(root.text, root, [root]).text : root.text;
  const messages = root.messages.map((m) =>
    typeof m.content === "string" ? { ...m, content: expand(m.content, root, [root]).text } : { ...m },
  );
  return { text, messages, graph: Object.keys(dependencies).length > 0 ? { root: ref(root), dependencies } : null };
}
