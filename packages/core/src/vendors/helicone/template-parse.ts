/**
 * Finding Helicone tags in text: `{{hc:name:type}}` variables and `{{hcp:id:index[:env]}}`
 * prompt partials.
 *
 * The vendor describes both tags with regexes (kept below as the reference). Run on prompt text
 * from a registry, the partial regex backtracks quadratically (`"{{hcp:abcdef:1"` and 100k
 * spaces took 6.8 s), so the engine reads tags with hand-written scanners that accept exactly
 * the same tags and take time linear in the text: an attempt at a `{{` reads only whitespace,
 * `hc`/`hcp`, colons, name and digit characters, none of them `{`, so it ends before the next
 * attempt starts and no character is read twice. `template-parse.property.test.ts` checks that
 * the scanners find what the regexes find.
 */

/**
 * A `{{hc:name:type}}` variable tag: the vendor's own regex, kept as the reference the scanner is
 * tested against. Global: reset `lastIndex` or copy before use.
 */
export const HELICONE_TAG = /\{\{\s*hc\s*:\s*([a-zA-Z_-][a-zA-Z0-9_-]*)\s*:\s*([a-zA-Z_-][a-zA-Z0-9_-]*)\s*\}\}/g;
/**
 * A `{{hcp:promptId:index[:environment]}}` prompt-partial tag: the vendor's own regex, kept as
 * the reference the scanner is tested against. Global, like `HELICONE_TAG`. Do not run it on
 * untrusted text: it backtracks quadratically on an unterminated tag followed by spaces.
 */
export const HELICONE_PARTIAL = /\{\{\s*hcp\s*:\s*([a-zA-Z0-9]{6})\s*:\s*(\d+)\s*(?::\s*([a-zA-Z_-][a-zA-Z0-9_-]*))?\s*\}\}/g;

/** A `{{hc:name:type}}` tag found in text. */
export interface VariableTag {
  readonly name: string;
  readonly type: string;
  /** The tag exactly as written, for keep mode. */
  readonly raw: string;
}

/** A `{{hcp:promptId:index[:environment]}}` tag found in text. */
export interface PartialTag {
  /** `hcp:promptId:index[:environment]`, the index without leading zeros: the include's key. */
  readonly key: string;
  /** The tag exactly as written, kept when its text is not supplied. */
  readonly raw: string;
  readonly promptId: string;
  readonly messageIndex: number;
  readonly environment: string | undefined;
}

/** A text split into literal strings and variable tags, in order. */
export type TextWithVariables = (string | VariableTag)[];
/** A text split into literal strings and partial tags, in order. */
export type TextWithPartials = (string | PartialTag)[];

const CLOSE_BRACE = 0x7d; // }
const COLON = 0x3a;
const LETTER_H = 0x68;
const LETTER_C = 0x63;
const LETTER_P = 0x70;
const DIGIT_ZERO = 0x30;
const PROMPT_ID_LENGTH = 6;

/** The characters of the regex class `\s`. */
function isWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

// Character classes of ASCII codes, as bits of one table (a lookup is cheaper than comparisons).
const DIGIT = 1;
const LETTER = 2;
const NAME_PUNCTUATION = 4; // _ and -
// Filled in a function marked pure, so a bundle that never parses a Helicone template drops it.
const ASCII_CLASSES = /* @__PURE__ */ asciiClasses();

function asciiClasses(): Uint8Array {
  const classes = new Uint8Array(128);
  for (let code = 0x30; code <= 0x39; code++) classes[code] = DIGIT;
  for (let code = 0x41; code <= 0x5a; code++) classes[code] = LETTER;
  for (let code = 0x61; code <= 0x7a; code++) classes[code] = LETTER;
  classes[0x5f] = NAME_PUNCTUATION;
  classes[0x2d] = NAME_PUNCTUATION;
  return classes;
}

/** Whether `code` (NaN past the end of the text) is in one of the `classes`. */
const isIn = (code: number, classes: number): boolean => code < 128 && (ASCII_CLASSES[code]! & classes) !== 0;
const isDigit = (code: number): boolean => isIn(code, DIGIT);
/** `[a-zA-Z0-9]`: a character of a prompt id. */
const isAlphanumeric = (code: number): boolean => isIn(code, LETTER | DIGIT);
/** `[a-zA-Z_-]`: the first character of a name. */
const isNameStart = (code: number): boolean => isIn(code, LETTER | NAME_PUNCTUATION);
/** `[a-zA-Z0-9_-]`: the other characters of a name. */
const isNameChar = (code: number): boolean => isIn(code, LETTER | NAME_PUNCTUATION | DIGIT);

function skipWhitespace(text: string, index: number): number {
  while (isWhitespace(text.charCodeAt(index))) index++;
  return index;
}

/** The end of the name starting at `index`, or `index` when there is none. */
function nameEnd(text: string, index: number): number {
  if (!isNameStart(text.charCodeAt(index))) return index;
  index++;
  while (isNameChar(text.charCodeAt(index))) index++;
  return index;
}

/** The index just past `}}` at `index`, or -1. */
function closeEnd(text: string, index: number): number {
  return text.charCodeAt(index) === CLOSE_BRACE && text.charCodeAt(index + 1) === CLOSE_BRACE ? index + 2 : -1;
}

/** The variable tag whose `{{` is at `open`, or `null`. */
function readVariableTag(text: string, open: number): VariableTag | null {
  let index = skipWhitespace(text, open + 2);
  if (text.charCodeAt(index) !== LETTER_H || text.charCodeAt(index + 1) !== LETTER_C) return null;
  index = skipWhitespace(text, index + 2);
  if (text.charCodeAt(index) !== COLON) return null;
  const nameStart = skipWhitespace(text, index + 1);
  const nameStop = nameEnd(text, nameStart);
  if (nameStop === nameStart) return null;
  index = skipWhitespace(text, nameStop);
  if (text.charCodeAt(index) !== COLON) return null;
  const typeStart = skipWhitespace(text, index + 1);
  const typeStop = nameEnd(text, typeStart);
  if (typeStop === typeStart) return null;
  const end = closeEnd(text, skipWhitespace(text, typeStop));
  if (end < 0) return null;
  return { name: text.slice(nameStart, nameStop), type: text.slice(typeStart, typeStop), raw: text.slice(open, end) };
}

/** The partial tag whose `{{` is at `open`, or `null`. */
function readPartialTag(text: string, open: number): PartialTag | null {
  let index = skipWhitespace(text, open + 2);
  if (text.charCodeAt(index) !== LETTER_H || text.charCodeAt(index + 1) !== LETTER_C || text.charCodeAt(index + 2) !== LETTER_P) {
    return null;
  }
  index = skipWhitespace(text, index + 3);
  if (text.charCodeAt(index) !== COLON) return null;
  const idStart = skipWhitespace(text, index + 1);
  for (let i = idStart; i < idStart + PROMPT_ID_LENGTH; i++) {
    if (!isAlphanumeric(text.charCodeAt(i))) return null;
  }
  const idEnd = idStart + PROMPT_ID_LENGTH;
  index = skipWhitespace(text, idEnd);
  if (text.charCodeAt(index) !== COLON) return null;
  const digitsStart = skipWhitespace(text, index + 1);
  let digitsEnd = digitsStart;
  while (isDigit(text.charCodeAt(digitsEnd))) digitsEnd++;
  if (digitsEnd === digitsStart) return null;
  index = skipWhitespace(text, digitsEnd);
  let environment: string | undefined;
  if (text.charCodeAt(index) === COLON) {
    // Once a colon follows the index, only an environment name can complete the tag.
    const environmentStart = skipWhitespace(text, index + 1);
    const environmentEnd = nameEnd(text, environmentStart);
    if (environmentEnd === environmentStart) return null;
    environment = text.slice(environmentStart, environmentEnd);
    index = skipWhitespace(text, environmentEnd);
  }
  const end = closeEnd(text, index);
  if (end < 0) return null;
  // Leading zeros do not make another include: `01` and `1` are the same message.
  let indexStart = digitsStart;
  while (indexStart < digitsEnd - 1 && text.charCodeAt(indexStart) === DIGIT_ZERO) indexStart++;
  const messageIndex = text.slice(indexStart, digitsEnd);
  const promptId = text.slice(idStart, idEnd);
  return {
    key: `hcp:${promptId}:${messageIndex}${environment === undefined ? "" : `:${environment}`}`,
    raw: text.slice(open, end),
    promptId,
    messageIndex: Number(messageIndex),
    environment,
  };
}

/**
 * Splits `text` into literals and the tags `readTag` finds at each `{{`, left to right, as a
 * global regex would; `null` when there is no tag.
 */
function splitAtTags<Tag extends { readonly raw: string }>(
  text: string,
  readTag: (text: string, open: number) => Tag | null,
): (string | Tag)[] | null {
  let segments: (string | Tag)[] | null = null;
  let literalStart = 0;
  let open = text.indexOf("{{");
  while (open >= 0) {
    const tag = readTag(text, open);
    if (tag === null) {
      open = text.indexOf("{{", open + 1);
      continue;
    }
    segments ??= [];
    if (open > literalStart) segments.push(text.slice(literalStart, open));
    segments.push(tag);
    literalStart = open + tag.raw.length;
    open = text.indexOf("{{", literalStart);
  }
  if (segments !== null && literalStart < text.length) segments.push(text.slice(literalStart));
  return segments;
}

/** Splits a text into literals and variable tags; `null` when it has no tag. */
export function parseVariableTags(text: string): TextWithVariables | null {
  if (!text.includes("{{")) return null;
  return splitAtTags(text, readVariableTag);
}

/** Splits a text into literals and partial tags; `null` when it has no partial. */
export function parsePartialTags(text: string): TextWithPartials | null {
  if (!text.includes("hcp")) return null;
  return splitAtTags(text, readPartialTag);
}
