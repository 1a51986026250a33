/**
 * Rendering a compiled Helicone version: each variable is resolved once per render (memoized
 * per slot), segments are concatenated, and JSON containers are rebuilt only on a path to a tag.
 * This is the warm path `pnpm bench` measures: besides the output it allocates only the
 * resolver's bookkeeping and one record per variable used, nothing per segment.
 */
import type { VariableProblem } from "../../errors/prompt-error.js";
import type { RenderedBody } from "../../contract/template-engine.js";
import type { ContentPart, JsonSchema, PromptMessage, PromptTool, ResponseFormat } from "../../model/types.js";
import { asText, JSON_SERIALIZABLE } from "../../render/engine-kit.js";
import { asJsonValue, describeReceived, matchesType, type JsonValue } from "./template-coerce.js";
import {
  isMessageText,
  newSlot,
  setOwnProperty,
  type CompiledText,
  type CompiledVersion,
  type JsonTemplate,
  type MessageText,
  type VariableSlot,
  type VariableTable,
} from "./template-compile.js";
import type { TextWithPartials } from "./template-parse.js";

/** A variable's value for this render, with its conversions computed on first use. */
interface ResolvedVariable {
  /** Defined and of its declared type. */
  readonly valid: boolean;
  readonly value: unknown;
  /** `undefined`: not computed yet; `null`: cannot be written that way. */
  text?: string | null;
  json?: JsonValue | null;
  key?: string | null;
}

/** Resolves variables once per render, memoized per slot, and collects the problems met. */
export class VariableResolver {
  private readonly resolved: (ResolvedVariable | undefined)[] = [];
  readonly problems: VariableProblem[] = [];
  // Made on the first problem: a render that succeeds (every warm call) allocates none.
  private reported: Set<string> | undefined;
  private readonly slots: VariableSlot[];
  /** Slots for names met only in spliced partial text, local to this render. */
  private renderLocalSlots: Map<string, number> | undefined;

  constructor(
    private readonly table: VariableTable,
    private readonly variables: object,
    private readonly keep: boolean,
    canGrow: boolean,
  ) {
    // Only a render with partials may add slots; copy the table's list only then.
    this.slots = canGrow ? table.slots.slice() : table.slots;
  }

  /** The slot for a name met at render time (in spliced partial text). */
  slotFor(name: string, type: string): number {
    const known = this.table.slotByName.get(name) ?? this.renderLocalSlots?.get(name);
    if (known !== undefined) return known;
    this.renderLocalSlots ??= new Map();
    const slot = this.slots.length;
    this.renderLocalSlots.set(name, slot);
    this.slots.push(newSlot(name, type, "text"));
    return slot;
  }

  private report(slot: number, expected: string, value: unknown): void {
    if (this.keep) return;
    const name = this.slots[slot]!.name;
    const id = `${name}\u0000${expected}`;
    this.reported ??= new Set();
    if (this.reported.has(id)) return;
    this.reported.add(id);
    this.problems.push({ name, expected, received: describeReceived(value) });
  }

  private resolve(slot: number): ResolvedVariable {
    let resolved = this.resolved[slot];
    if (resolved !== undefined) return resolved;
    const { name, type } = this.slots[slot]!;
    const value = Object.hasOwn(this.variables, name) ? (this.variables as Record<string, unknown>)[name] : undefined;
    if (value === undefined || value === null) {
      resolved = { valid: false, value };
      this.report(slot, "defined", value);
    } else if (!matchesType(value, type)) {
      resolved = { valid: false, value };
      this.report(slot, type, value);
    } else {
      resolved = { valid: true, value };
    }
    this.resolved[slot] = resolved;
    return resolved;
  }

  /** The slot's value as text, or `null` when it has none (a problem, or keep the tag). */
  text(slot: number): string | null {
    const resolved = this.resolve(slot);
    if (!resolved.valid) return null;
    if (resolved.text === undefined) {
      resolved.text = asText(resolved.value);
      if (resolved.text === null) this.report(slot, JSON_SERIALIZABLE, resolved.value);
    }
    return resolved.text;
  }

  /** The slot's value as a JSON value, or `null`. */
  json(slot: number): JsonValue | null {
    const resolved = this.resolve(slot);
    if (!resolved.valid) return null;
    if (resolved.json === undefined) {
      resolved.json = asJsonValue(resolved.value);
      if (resolved.json === null) this.report(slot, JSON_SERIALIZABLE, resolved.value);
    }
    return resolved.json;
  }

  /** The slot's value as an object key (a string), or `null`. */
  key(slot: number): string | null {
    const resolved = this.resolve(slot);
    if (!resolved.valid) return null;
    if (resolved.key === undefined) {
      resolved.key = typeof resolved.value === "string" ? resolved.value : null;
      if (resolved.key === null) this.report(slot, "string", resolved.value);
    }
    return resolved.key;
  }

  /** Error mode: resolve every slot in every position it is used, collecting all problems. */
  checkAll(): void {
    for (let slot = 0; slot < this.slots.length; slot++) {
      if (!this.resolve(slot).valid) continue;
      const { usedInText, usedAsJsonValue, usedAsKey } = this.slots[slot]!;
      if (usedInText) this.text(slot);
      if (usedAsJsonValue) this.json(slot);
      if (usedAsKey) this.key(slot);
    }
  }
}

/** A compiled string with its tags replaced; a tag without a value stays as written. */
export function renderText(text: CompiledText, resolver: VariableResolver): string {
  const segments = text.segments;
  if (segments === null) return text.source;
  let out = "";
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (typeof segment === "string") out += segment;
    else {
      const value = resolver.text(segment.slot);
      out += value === null ? segment.raw : value;
    }
  }
  return out;
}

export function renderJson(template: JsonTemplate, resolver: VariableResolver): unknown {
  switch (template.kind) {
    case "fixed":
      return template.value;
    case "text":
      return renderText(template.text, resolver);
    case "variable": {
      const json = resolver.json(template.slot);
      return json === null ? template.raw : json.value;
    }
    case "array": {
      const out = new Array<unknown>(template.items.length);
      for (let i = 0; i < template.items.length; i++) out[i] = renderJson(template.items[i]!, resolver);
      return out;
    }
    case "object": {
      const out: Record<string, unknown> = {};
      for (const { key, value } of template.entries) {
        let renderedKey: string;
        if (key.kind === "fixed") renderedKey = key.key;
        else if (key.kind === "text") renderedKey = renderText(key.text, resolver);
        else renderedKey = resolver.key(key.slot) ?? key.raw;
        setOwnProperty(out, renderedKey, renderJson(value, resolver));
      }
      return out;
    }
  }
}

/** Partials replaced by their text; a partial without text stays as written. */
export function splicePartials(
  segments: TextWithPartials,
  included: ReadonlyMap<string, string> | undefined,
  absent?: Set<string>,
): string {
  let out = "";
  for (const segment of segments) {
    if (typeof segment === "string") out += segment;
    else {
      const text = included?.get(segment.key);
      if (typeof text === "string") out += text;
      else {
        out += segment.raw;
        absent?.add(segment.key);
      }
    }
  }
  return out;
}

/** A message text, from its spliced form when its partials were spliced in this render. */
function renderMessageText(
  messageText: MessageText,
  spliced: ReadonlyMap<MessageText, CompiledText> | undefined,
  resolver: VariableResolver,
): string {
  return renderText(spliced?.get(messageText) ?? messageText.text, resolver);
}

/**
 * The rendered messages, tools, tool choice and response format. Messages, parts, tool calls,
 * tools and the response format object are fresh; tag-free JSON subtrees are shared.
 */
export function renderBody(
  compiled: CompiledVersion,
  resolver: VariableResolver,
  spliced: ReadonlyMap<MessageText, CompiledText> | undefined,
): RenderedBody {
  const messages = compiled.messages.map((plan): PromptMessage => {
    const base = plan.base;
    const content = plan.content;
    const message: PromptMessage = {
      ...base,
      content: isMessageText(content)
        ? renderMessageText(content, spliced, resolver)
        : content.map(
            (part): ContentPart =>
              "text" in part ? { type: "text", text: renderMessageText(part.text, spliced, resolver) } : { ...part.other },
          ),
    };
    if (base.toolCalls !== undefined) message.toolCalls = base.toolCalls.map((call) => ({ ...call }));
    return message;
  });

  const tools = compiled.tools.map((plan): PromptTool => {
    const tool: PromptTool = { name: renderText(plan.name, resolver) };
    if (plan.description !== undefined) tool.description = renderText(plan.description, resolver);
    if (plan.parameters !== undefined) tool.parameters = renderJson(plan.parameters, resolver) as JsonSchema;
    if (plan.strict !== undefined) tool.strict = plan.strict;
    return tool;
  });

  const body: RenderedBody = { messages, tools };
  const toolChoice = compiled.toolChoice;
  if (toolChoice !== undefined) body.toolChoice = typeof toolChoice === "string" ? toolChoice : { ...toolChoice };
  const format = compiled.responseFormat;
  if (format !== undefined) {
    if (format.kind === "simple") body.responseFormat = { type: format.type };
    else {
      const responseFormat: ResponseFormat = { type: "json_schema", schema: renderJson(format.schema, resolver) as JsonSchema };
      if (format.name !== undefined) responseFormat.name = renderText(format.name, resolver);
      if (format.description !== undefined) responseFormat.description = renderText(format.description, resolver);
      if (format.strict !== undefined) responseFormat.strict = format.strict;
      body.responseFormat = responseFormat;
    }
  }
  return body;
}
