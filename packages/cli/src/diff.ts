import { diffArrays } from "diff";
import type { PromptTool, PromptVariable, PromptVersion, VersionMessage } from "@polyprompt/core";
import { messageHeader, messageLines, stableStringify } from "./message-text.js";

/** One line of a line-level diff. */
export interface LineChange {
  type: "same" | "added" | "removed";
  text: string;
}

/** A scalar-ish setting that differs: a param, the model, the tool choice, the response format. */
export interface ValueChange {
  key: string;
  /** `undefined` (absent from the JSON output) when the setting is not there. */
  a?: unknown;
  b?: unknown;
}

/** A tool or variable that was added, removed or changed (by name). */
export interface NamedChange {
  name: string;
  change: "added" | "removed" | "changed";
  /** For `changed`: which fields differ, e.g. `["description", "parameters"]`. */
  fields?: string[];
  a?: unknown;
  b?: unknown;
}

export interface VersionIdentity {
  ref: string;
  vendor: string;
  promptId: string;
  version: string;
  versionId: string;
  source: string;
}

export interface VersionDiff {
  a: VersionIdentity;
  b: VersionIdentity;
  identical: boolean;
  settings: ValueChange[];
  messages: LineChange[];
  tools: NamedChange[];
  variables: NamedChange[];
}

const same = (a: unknown, b: unknown): boolean => stableStringify(a) === stableStringify(b);

/**
 * Edits past which two texts are shown as one removed and one added block: the diff stays
 * bounded (Myers' work grows with lines × edits), and a diff of more changed lines than this is
 * not read line by line anyway.
 */
export const MAX_EDIT_LENGTH = 2_000;

/** A line diff (jsdiff's Myers diff over lines), bounded by `MAX_EDIT_LENGTH`. */
export function diffLines(a: readonly string[], b: readonly string[]): LineChange[] {
  const changes = diffArrays([...a], [...b], { maxEditLength: MAX_EDIT_LENGTH });
  if (changes === undefined) {
    return [...a.map((text): LineChange => ({ type: "removed", text })), ...b.map((text): LineChange => ({ type: "added", text }))];
  }
  return changes.flatMap((change) =>
    change.value.map((text): LineChange => ({ type: change.added ? "added" : change.removed ? "removed" : "same", text })),
  );
}

function messagesAsLines(messages: readonly VersionMessage[]): string[] {
  return messages.flatMap((message, index) => [
    messageHeader(message, index),
    ...messageLines(message).map((line) => (line === "" ? "" : `  ${line}`)),
  ]);
}

/** The settings compared one by one: model, every param (extra keys flattened), tool choice, response format. */
function settingsOf(v: PromptVersion): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (v.model !== undefined) out.set("model", v.model);
  if (v.type !== undefined) out.set("type", v.type);
  for (const [key, value] of Object.entries(v.params)) {
    if (value === undefined) continue;
    if (key === "extra" && value && typeof value === "object") {
      for (const [k, x] of Object.entries(value as Record<string, unknown>)) if (x !== undefined) out.set(`extra.${k}`, x);
    } else {
      out.set(key, value);
    }
  }
  if (v.toolChoice !== undefined) out.set("toolChoice", v.toolChoice);
  if (v.responseFormat !== undefined) out.set("responseFormat", v.responseFormat);
  return out;
}

function compareNamed<T extends { name: string }>(a: readonly T[], b: readonly T[], fields: (keyof T)[]): NamedChange[] {
  const byName = (list: readonly T[]) => new Map(list.map((item) => [item.name, item]));
  const left = byName(a);
  const right = byName(b);
  const changes: NamedChange[] = [];
  for (const [name, item] of left) {
    const other = right.get(name);
    if (!other) changes.push({ name, change: "removed", a: item });
    else if (!same(item, other)) {
      const differing = fields.filter((f) => !same(item[f], other[f])).map(String);
      changes.push({ name, change: "changed", fields: differing, a: item, b: other });
    }
  }
  for (const [name, item] of right) if (!left.has(name)) changes.push({ name, change: "added", b: item });
  return changes;
}

export function identityOf(v: PromptVersion, ref: string): VersionIdentity {
  return { ref, vendor: v.vendor, promptId: v.promptId, version: v.version, versionId: v.versionId, source: v.source };
}

/** Everything that differs between two versions, for display or as JSON. */
export function diffVersions(a: PromptVersion, b: PromptVersion, refs: [string, string]): VersionDiff {
  const sa = settingsOf(a);
  const sb = settingsOf(b);
  const settings: ValueChange[] = [];
  for (const key of new Set([...sa.keys(), ...sb.keys()])) {
    const x = sa.get(key);
    const y = sb.get(key);
    if (!same(x, y)) settings.push({ key, a: x, b: y });
  }
  const messages = diffLines(messagesAsLines(a.messages), messagesAsLines(b.messages));
  const tools = compareNamed<PromptTool>(a.tools, b.tools, ["description", "parameters", "strict"]);
  const variables = compareNamed<PromptVariable>(a.variables, b.variables, ["type", "required", "description"]);
  const identical = settings.length === 0 && tools.length === 0 && variables.length === 0 && messages.every((l) => l.type === "same");
  return { a: identityOf(a, refs[0]), b: identityOf(b, refs[1]), identical, settings, messages, tools, variables };
}
