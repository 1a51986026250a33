/**
 * Finding Tela placeholders in text: `{{name}}` or `{name}` for the version's declared names.
 *
 * The rule is the one a regex `\{\{(names)\}\}|\{(names)\}` (names longest first) would apply:
 * the leftmost placeholder wins; at one position `{{name}}` beats `{name}`, and a longer name
 * beats a shorter one. That regex cannot be used on vendor data: one long declared name makes
 * it too large to compile, and it retries every name at every brace, so its time grows with
 * text length × total name length. This finder takes time linear in both.
 *
 * How: a placeholder is a brace followed by `name}` (or `{` and `name}}`). One right-to-left
 * pass of an Aho–Corasick automaton over the reversed names (each followed by `}` or `}}`)
 * records each position where a declared name starts followed by `}` or `}}`, with the
 * longest such names. A left-to-right pass then reads placeholders off those records at each
 * `{`.
 */

/** A placeholder found in text. */
export interface Placeholder {
  readonly name: string;
  /** The placeholder as written, for `missing: "keep"`. */
  readonly raw: string;
}

/** A parsed text: literal strings and placeholders, in order. */
export type Segments = readonly (string | Placeholder)[];

const OPEN_BRACE = 0x7b; // {
const CLOSE_BRACE = 0x7d; // }
const ROOT = 0;
const NONE = -1;

/**
 * The automaton over the declared names, each reversed and preceded by `}` or `}}` (the
 * closing braces, read first when the text is read backwards). Nodes are numbers indexing
 * typed arrays sized once from the names' lengths: a long name is a long chain of nodes, and
 * one object per node would make building it cost more than linear time in garbage collection.
 */
class ReversedNameAutomaton {
  /** Per node: its children's edges are `edgeStart[node]` to `edgeStart[node + 1]`, sorted by code. */
  private readonly edgeStart: Int32Array;
  private readonly edgeCode: Int32Array;
  private readonly edgeTarget: Int32Array;
  /** Per node: the node for its longest proper suffix that is also in the trie. */
  private readonly fallback: Int32Array;
  /** Per node: the length of the longest name N such that `N}` was read backwards, 0 for none. */
  private readonly singleClose: Int32Array;
  /** The same for `N}}`. */
  private readonly doubleClose: Int32Array;

  constructor(names: readonly string[]) {
    const trie = new TrieBuilder(names);
    const nodeCount = trie.nodeCount;
    this.singleClose = trie.singleClose;
    this.doubleClose = trie.doubleClose;
    this.fallback = new Int32Array(nodeCount);
    // Every node but the root is the target of exactly one edge.
    this.edgeStart = new Int32Array(nodeCount + 1);
    this.edgeCode = new Int32Array(nodeCount);
    this.edgeTarget = new Int32Array(nodeCount);
    let edge = 0;
    for (let node = 0; node < nodeCount; node++) {
      this.edgeStart[node] = edge;
      edge = trie.writeChildren(node, this.edgeCode, this.edgeTarget, edge);
    }
    this.edgeStart[nodeCount] = edge;
    this.link();
  }

  /** The child of `node` along `code`, or NONE. */
  private child(node: number, code: number): number {
    let low = this.edgeStart[node]!;
    let high = this.edgeStart[node + 1]!;
    // Most nodes have one or a few children; a node with many is searched by halves.
    while (high - low > 4) {
      const middle = (low + high) >>> 1;
      if (this.edgeCode[middle]! <= code) low = middle;
      else high = middle;
    }
    for (let edge = low; edge < high; edge++) if (this.edgeCode[edge] === code) return this.edgeTarget[edge]!;
    return NONE;
  }

  /** Breadth-first: each node falls back to its longest proper suffix in the trie. */
  private link(): void {
    const queue = new Int32Array(this.edgeTarget.length);
    let tail = 0;
    for (let edge = this.edgeStart[ROOT]!; edge < this.edgeStart[ROOT + 1]!; edge++) queue[tail++] = this.edgeTarget[edge]!;
    // The root's children fall back to the root, as initialized.
    for (let head = 0; head < tail; head++) {
      const node = queue[head]!;
      for (let edge = this.edgeStart[node]!; edge < this.edgeStart[node + 1]!; edge++) {
        const child = this.edgeTarget[edge]!;
        const code = this.edgeCode[edge]!;
        let suffix = this.fallback[node]!;
        let target = this.child(suffix, code);
        while (target === NONE && suffix !== ROOT) {
          suffix = this.fallback[suffix]!;
          target = this.child(suffix, code);
        }
        const fallback = target === NONE ? ROOT : target;
        this.fallback[child] = fallback;
        // A node's own name is longer than any name of its suffixes, so it wins when present.
        if (this.singleClose[child] === 0) this.singleClose[child] = this.singleClose[fallback]!;
        if (this.doubleClose[child] === 0) this.doubleClose[child] = this.doubleClose[fallback]!;
        queue[tail++] = child;
      }
    }
  }

  /**
   * Where in `text` a declared name starts that is followed by `}` or `}}`: flat triples
   * `[position, longest name followed by "}", longest followed by "}}", …]` (0 for none), by
   * descending position. Few positions qualify, so this stays small on ordinary text.
   */
  namesIn(text: string): number[] {
    const found: number[] = [];
    let node = ROOT;
    for (let i = text.length - 1; i >= 0; i--) {
      if (node === ROOT) {
        // Every pattern starts with `}` when read backwards: skip to the previous one.
        while (i >= 0 && text.charCodeAt(i) !== CLOSE_BRACE) i--;
        if (i < 0) break;
      }
      const code = text.charCodeAt(i);
      let target = this.child(node, code);
      while (target === NONE && node !== ROOT) {
        node = this.fallback[node]!;
        target = this.child(node, code);
      }
      node = target === NONE ? ROOT : target;
      const single = this.singleClose[node]!;
      const double = this.doubleClose[node]!;
      if (single !== 0 || double !== 0) found.push(i, single, double);
    }
    return found;
  }
}

/** The trie of the reversed patterns, before it is packed into the automaton's arrays. */
class TrieBuilder {
  nodeCount = 1;
  readonly singleClose: Int32Array;
  readonly doubleClose: Int32Array;
  /** Per node: the code of its first child (-1 for none) and that child; others in `otherChildren`. */
  private readonly firstChildCode: Int32Array;
  private readonly firstChild: Int32Array;
  private readonly otherChildren = new Map<number, Map<number, number>>();

  constructor(names: readonly string[]) {
    // The root, then at most one node per character of each pattern (`}` + name, `}}` + name).
    let capacity = 1;
    for (const name of names) capacity += 2 * name.length + 3;
    this.firstChildCode = new Int32Array(capacity).fill(-1);
    this.firstChild = new Int32Array(capacity);
    this.singleClose = new Int32Array(capacity);
    this.doubleClose = new Int32Array(capacity);
    for (const name of names) {
      this.add(name, 1, this.singleClose);
      this.add(name, 2, this.doubleClose);
    }
  }

  private add(name: string, closingBraces: number, longest: Int32Array): void {
    let node = ROOT;
    for (let i = 0; i < closingBraces; i++) node = this.childOrNew(node, CLOSE_BRACE);
    for (let i = name.length - 1; i >= 0; i--) node = this.childOrNew(node, name.charCodeAt(i));
    longest[node] = name.length; // one node per pattern string, so one name per node
  }

  private childOrNew(node: number, code: number): number {
    if (this.firstChildCode[node] === code) return this.firstChild[node]!;
    const others = this.otherChildren.get(node);
    const existing = others?.get(code);
    if (existing !== undefined) return existing;
    const created = this.nodeCount++;
    if (this.firstChildCode[node] === -1) {
      this.firstChildCode[node] = code;
      this.firstChild[node] = created;
    } else if (others === undefined) this.otherChildren.set(node, new Map([[code, created]]));
    else others.set(code, created);
    return created;
  }

  /** Writes a node's children from `edge` on, sorted by code; returns the next free edge. */
  writeChildren(node: number, codes: Int32Array, targets: Int32Array, edge: number): number {
    if (this.firstChildCode[node] === -1) return edge;
    const others = this.otherChildren.get(node);
    if (others === undefined) {
      // The common case, a chain: no allocation.
      codes[edge] = this.firstChildCode[node]!;
      targets[edge] = this.firstChild[node]!;
      return edge + 1;
    }
    const children: [number, number][] = [[this.firstChildCode[node]!, this.firstChild[node]!], ...others];
    children.sort((a, b) => a[0] - b[0]);
    for (const [code, child] of children) {
      codes[edge] = code;
      targets[edge++] = child;
    }
    return edge;
  }
}

/**
 * Finds the placeholders of a fixed set of declared names, in time linear in the text and in
 * the names.
 *
 * @example
 * new PlaceholderFinder(["name"]).parse("Hi {name}, {{name}}!");
 * // → ["Hi ", { name: "name", raw: "{name}" }, ", ", { name: "name", raw: "{{name}}" }, "!"]
 */
export class PlaceholderFinder {
  private readonly automaton: ReversedNameAutomaton | undefined;

  /** `names`: the declared names, distinct and non-empty. */
  constructor(names: readonly string[]) {
    this.automaton = names.length === 0 ? undefined : new ReversedNameAutomaton(names);
  }

  /** The text split into literals and placeholders; `[text]` when it has none. */
  parse(text: string): Segments {
    if (this.automaton === undefined || text.length === 0) return [text];
    let open = text.indexOf("{");
    if (open < 0) return [text];
    const found = this.automaton.namesIn(text);
    // Braces are visited left to right, so a cursor walks `found` from its end (lowest position).
    let cursor = found.length - 3;
    const segments: (string | Placeholder)[] = [];
    let literalStart = 0;
    while (open >= 0) {
      while (cursor >= 0 && found[cursor]! <= open) cursor -= 3;
      // The entries for open + 1 and open + 2, if any, are the next two.
      const afterBrace = cursor >= 0 && found[cursor] === open + 1 ? cursor : NONE;
      const afterSecond = afterBrace === NONE ? cursor : cursor - 3;
      const afterTwoBraces = afterSecond >= 0 && found[afterSecond] === open + 2 ? afterSecond : NONE;
      let nameStart: number;
      let nameLength: number;
      let closingBraces: number;
      if (text.charCodeAt(open + 1) === OPEN_BRACE && afterTwoBraces !== NONE && found[afterTwoBraces + 2]! > 0) {
        nameStart = open + 2;
        nameLength = found[afterTwoBraces + 2]!;
        closingBraces = 2;
      } else if (afterBrace !== NONE && found[afterBrace + 1]! > 0) {
        nameStart = open + 1;
        nameLength = found[afterBrace + 1]!;
        closingBraces = 1;
      } else {
        open = text.indexOf("{", open + 1);
        continue;
      }
      const end = nameStart + nameLength + closingBraces;
      if (open > literalStart) segments.push(text.slice(literalStart, open));
      segments.push({ name: text.slice(nameStart, nameStart + nameLength), raw: text.slice(open, end) });
      literalStart = end;
      open = text.indexOf("{", end);
    }
    if (literalStart < text.length || segments.length === 0) segments.push(text.slice(literalStart));
    return segments;
  }
}
