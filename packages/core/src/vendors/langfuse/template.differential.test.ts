/**
 * Differential tests against the vendor SDK: `@langfuse/client@5.11.1` `TextPromptClient` and
 * `ChatPromptClient` `compile()`, built from a prompt object as the client builds them after a
 * fetch (they make no request).
 *
 * Note: importing `@langfuse/client` sets `mustache.escape` to the identity on the `mustache`
 * package, process-wide. That is fine for this test process (vitest isolates test files); our
 * engine never does anything of the kind.
 *
 * On the domain where the SDK is not buggy (no objects or arrays printed as text, no inherited
 * properties or lambdas, no template text in placeholder messages) our render must equal the
 * SDK's output: always with `missing: "keep"` (Langfuse-compatible), and also in the default
 * strict mode when no variable is missing. Each deliberate deviation is pinned separately below.
 */
import { ChatPromptClient, TextPromptClient } from "@langfuse/client";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PromptError } from "../../errors/prompt-error.js";
import type { PromptMessage, VersionMessage } from "../../model/types.js";
import { catchError } from "../../test-support/assertions.js";
import { chatVersion, renderText } from "./__fixtures__/template-version.js";
import { langfuseTemplate } from "./template.js";

type Vars = Record<string, unknown>;
const keep = { missing: "keep" } as const;

function sdkText(template: string, variables: Vars): string {
  const client = new TextPromptClient({ name: "t", version: 1, prompt: template, config: {}, labels: [], tags: [], type: "text" } as never);
  return client.compile(variables as never);
}

type SdkChatItem = { role: string; content: string } | { type: "placeholder"; name: string };

function sdkChat(items: SdkChatItem[], variables: Vars, placeholders: Vars): unknown[] {
  const client = new ChatPromptClient({ name: "c", version: 1, prompt: items, config: {}, labels: [], tags: [], type: "chat" } as never);
  return client.compile(variables as never, placeholders as never) as unknown[];
}

/** What the SDK does with a template: its output, or that it threw. */
function sdkOutcome(template: string, variables: Vars): { output: string } | { threw: true } {
  try {
    return { output: sdkText(template, variables) };
  } catch {
    return { threw: true };
  }
}

/** Compares one text case; returns whether the strict mode also rendered (no variable missing). */
function expectSameAsSdk(template: string, variables: Vars): void {
  const expected = sdkOutcome(template, variables);
  if ("threw" in expected) {
    const err = catchError(() => renderText(template, variables, keep));
    expect(["invalid_prompt", "unsupported"]).toContain(err.code);
    return;
  }
  expect(renderText(template, variables, keep)).toBe(expected.output);
  let strict: string | PromptError;
  try {
    strict = renderText(template, variables);
  } catch (err) {
    strict = err as PromptError;
  }
  if (typeof strict === "string") expect(strict).toBe(expected.output);
  // Strict mode refuses missing variables, and unresolved dependency tags (prompts.render() resolves them).
  else expect(strict.code).toBe(template.includes("@@@langfusePrompt:") ? "unsupported" : "invalid_variables");
}

const items = [
  { name: "Ada", role: "admin" },
  { name: "Bob", role: "user" },
];

/** Hand-written cases: [description, template, variables]. */
export const TEXT_CASES: [string, string, Vars][] = [
  ["variable", "Hello {{name}}!", { name: "Ada" }],
  ["spaces inside the tag", "Hello {{  name  }}!", { name: "Ada" }],
  ["triple braces", "{{{html}}}", { html: "<b>&amp;</b>" }],
  ["ampersand", "{{& html }}", { html: "<b>'\"</b>" }],
  ["no HTML escaping", "{{html}}", { html: '<a href="/x">&</a>`=' }],
  ["dotted name", "{{user.name}}", { user: { name: "Ada" } }],
  ["deep dotted name", "{{a.b.c}}", { a: { b: { c: "deep" } } }],
  ["dotted name with a missing middle", "[{{a.x.c}}]", { a: { b: { c: "deep" } } }],
  ["section over an array of objects", "{{#items}}- {{name}}\n{{/items}}", { items }],
  ["standalone section lines", "Items:\n{{#items}}\n- {{name}}\n{{/items}}\nEnd", { items }],
  ["section and inverted, true", "{{#flag}}yes{{/flag}}{{^flag}}no{{/flag}}", { flag: true }],
  ["section and inverted, false", "{{#flag}}yes{{/flag}}{{^flag}}no{{/flag}}", { flag: false }],
  ["section on 0", "{{#n}}yes{{/n}}{{^n}}no{{/n}}", { n: 0 }],
  ["section on an empty string", "{{#s}}yes{{/s}}{{^s}}no{{/s}}", { s: "" }],
  ["inverted section on an empty array", "{{#list}}x{{/list}}{{^list}}none{{/list}}", { list: [] }],
  ["section over an object", "{{#obj}}{{x}}-{{y}}{{/obj}}", { obj: { x: 1, y: 2 } }],
  ["section over a string", "{{#str}}[{{.}}]{{/str}}", { str: "abc" }],
  ["section over a number", "{{#num}}[{{.}}]{{/num}}", { num: 42 }],
  ["comment", "{{! a comment }}text", {}],
  ["standalone comment line", "a\n  {{! standalone comment }}\nline", {}],
  ["multi-line comment", "a{{! one\ntwo }}b", {}],
  ["partial renders empty", "{{> partial}}x", {}],
  ["standalone partial line", "a\n  {{> partial}}\nline", {}],
  ["set delimiters", "{{=<% %>=}}<% name %> {{name}}", { name: "Ada" }],
  ["set delimiters to pipes", "{{=| |=}}|name|", { name: "Ada" }],
  ["set delimiters and back", "{{=[[ ]]=}}[[a]][[={{ }}=]]{{a}}", { a: "x" }],
  ["standalone set-delimiter line", "a\n  {{=<% %>=}}  \nx<%a%>", { a: "y" }],
  ["custom delimiters, standalone sections", "{{=<% %>=}}\n<%#a%>\n<%b%>\n<%/a%>\n", { a: true, b: "B" }],
  ["nested sections", "{{#a}}{{#b}}{{c}}{{/b}}{{/a}}", { a: { b: { c: "C" } } }],
  ["lookup falls back to the parent context", "{{#items}}{{name}}:{{outer}};{{/items}}", { items, outer: "O" }],
  ["zero", "{{count}}", { count: 0 }],
  ["false", "{{flag}}", { flag: false }],
  ["decimal", "{{n}}", { n: 3.14 }],
  ["missing variable", "[{{missing}}]", {}],
  ["null variable", "[{{nul}}]", { nul: null }],
  ["undefined variable", "[{{u}}]", { u: undefined }],
  ["CRLF standalone lines", "x\r\n{{#a}}\r\ny\r\n{{/a}}\r\nz", { a: true }],
  ["inline section keeps its spaces", " {{#a}} inline {{/a}} ", { a: true }],
  ["tabs around standalone tags", "\t{{#a}}\t\nx\n\t{{/a}}\t\n", { a: true }],
  ["spaces around sigils", "{{ # a }}x{{ / a }}", { a: true }],
  ["dotted section", "{{#a.b}}x{{/a.b}}", { a: { b: true } }],
  ["a string's length", "{{s.length}}", { s: "abcd" }],
  ["an array's length", "{{arr.length}}", { arr: [1, 2, 3] }],
  ["an array index", "{{arr.1}}", { arr: ["x", "y"] }],
  ["section over primitives", "{{#arr}}{{.}},{{/arr}}", { arr: ["a", 1, true] }],
  ["lone braces", "{}{{name}}{ }} }", { name: "N" }],
  ["triple and ampersand together", "{{{a}}} and {{ &a }}", { a: "<x>" }],
  ["no tags", "no tags at all", {}],
  ["empty template", "", {}],
  ["section over an empty array", "[{{#empty}}x{{/empty}}]", { empty: [] }],
  ["inverted section on a missing value", "{{^missing}}shown{{/missing}}", {}],
  ["indented standalone lines", "a\n  {{#a}}\n  b\n  {{/a}}\n c", { a: true }],
  ["empty section body", "[{{#a}}\n{{/a}}]", { a: true }],
  ["Unicode names and text", "Grüße {{naïve}} 日本 {{名前}}", { naïve: "ok", 名前: "太郎" }],
  ["adjacent tags", "{{a}}{{b}}{{c}}", { a: 1, b: "2", c: false }],
  ["unresolved dependency tag stays literal", "@@@langfusePrompt:name=x|version=1@@@ {{a}}", { a: "A" }],
  ["section over an empty object", "{{#a}}x{{/a}}", { a: {} }],
  ["section on NaN", "[{{#a}}x{{/a}}]", { a: Number.NaN }],
  ["newline inside a section tag", "{{#a\n}}x{{/a}}", { a: true }],
  ["nested arrays", "{{#list}}({{#inner}}{{v}}{{/inner}}){{/list}}", { list: [{ inner: [{ v: 1 }, { v: 2 }] }, { inner: [] }] }],
  ["every tag kind", "{{a}} {{{b}}} {{&c}} {{!d}} {{>e}}", { a: "A", b: "B", c: "C" }],
  ["empty tag name", "x {{}} y", {}],
  ["empty section name", "[{{#}}a{{/}}]", {}],
  ["stray closing braces", "text with }} stray", {}],
  ["name with a leading dot", "[{{.a}}]", { a: "no" }],
  ["the current context at the root", "{{#a}}{{#b}}{{.}}{{/b}}{{/a}}", { a: true, b: "B" }],
  ["unicode whitespace inside tags", "{{\u00a0name\u3000}}", { name: "N" }],
  ["Windows line endings in text", "a\r\nb {{x}}\r\n", { x: "X" }],
  ["standalone line at the end without newline", "a\n{{#x}}\n{{/x}}", { x: true }],
  ["two sections on one line", "{{#a}}{{/a}}{{#b}}{{/b}}\nx", { a: true, b: false }],
  ["section tag with text on its line", "x {{#a}}\ny{{/a}}", { a: true }],
  // Both refuse these malformed templates.
  ["unclosed section", "{{#a}}x", { a: true }],
  ["unopened section", "x{{/a}}", {}],
  ["mismatched section", "{{#a}}x{{/b}}", { a: true }],
  ["unclosed tag", "x {{a", {}],
  ["unclosed triple braces", "{{{a}}", { a: "x" }],
  ["invalid delimiters", "{{=<%=}}", {}],
  ["empty delimiters", "{{= =}}", {}],
  ["unclosed tag across a newline", "{{a}\n}", {}],
];

describe("langfuseTemplate equals @langfuse/client 5.11.1 compile() (hand-written cases)", () => {
  it("has at least 50 cases", () => {
    expect(TEXT_CASES.length).toBeGreaterThanOrEqual(50);
  });
  it.each(TEXT_CASES)("%s", (_name, template, variables) => {
    expectSameAsSdk(template, variables);
  });
});

describe("chat prompts equal ChatPromptClient.compile()", () => {
  const toVersionMessages = (sdkItems: SdkChatItem[]): VersionMessage[] =>
    sdkItems.map((item): VersionMessage => ("type" in item ? { role: "placeholder", name: item.name } : (item as PromptMessage)));

  const CHAT_CASES: [string, SdkChatItem[], Vars, Vars][] = [
    [
      "system, history and a question",
      [
        { role: "system", content: "You help {{company}} customers.\n{{#vip}}Be extra kind.{{/vip}}" },
        { type: "placeholder", name: "history" },
        { role: "user", content: "{{question}}" },
      ],
      { company: "Acme", vip: true, question: "Where is my order?" },
      {
        history: [
          { role: "user", content: "Hi" },
          { role: "assistant", content: "Hello! How can I help?" },
        ],
      },
    ],
    [
      "an empty placeholder is dropped",
      [
        { type: "placeholder", name: "h" },
        { role: "user", content: "{{q}}" },
      ],
      { q: "Q" },
      { h: [] },
    ],
    [
      "two placeholders",
      [
        { type: "placeholder", name: "examples" },
        { role: "system", content: "Rules" },
        { type: "placeholder", name: "history" },
      ],
      {},
      { examples: [{ role: "user", content: "e1" }], history: [{ role: "assistant", content: "h1" }] },
    ],
    [
      "variables in every message",
      [
        { role: "system", content: "{{a}}" },
        { role: "assistant", content: "{{#b}}{{c}}{{/b}}" },
      ],
      { a: "A", b: [{ c: 1 }, { c: 2 }] },
      {},
    ],
  ];

  it.each(CHAT_CASES)("%s", (_name, sdkItems, variables, placeholders) => {
    const expected = sdkChat(sdkItems, variables, placeholders);
    const compiled = langfuseTemplate.compile(chatVersion(toVersionMessages(sdkItems)));
    expect(compiled.render({ ...variables, ...placeholders }).messages).toEqual(expected);
    expect(compiled.render({ ...variables, ...placeholders }, keep).messages).toEqual(expected);
  });
});

// ---------------------------------------------------------------------------------------------
// Generated templates

const FRAGMENTS = [
  "{{a}}",
  "{{ b }}",
  "{{{a}}}",
  "{{&b}}",
  "{{obj.a}}",
  "{{s.length}}",
  "{{#list}}",
  "{{/list}}",
  "{{#obj}}",
  "{{/obj}}",
  "{{#a}}",
  "{{/a}}",
  "{{^b}}",
  "{{/b}}",
  "{{^list}}",
  "{{! note }}",
  "{{> part}}",
  "{{=<% %>=}}",
  "<%a%>",
  "<%={{ }}=%>",
  " ",
  "  ",
  "\t",
  "\n",
  "\r\n",
  "x",
  "Hi ",
  "{",
  "}",
  "{{",
  "}}",
  "@@@langfusePrompt:name=p|label=production@@@",
] as const;

const primitive = fc.oneof(fc.string({ maxLength: 5 }), fc.integer({ min: -3, max: 3 }), fc.boolean(), fc.constant(null));
const item = fc.record({ a: primitive, b: primitive }, { requiredKeys: [], noNullPrototype: true });
const values = fc.record(
  {
    a: primitive,
    b: primitive,
    s: fc.string({ maxLength: 5 }),
    obj: fc.oneof(item, fc.constant(null), fc.boolean()),
    list: fc.oneof(fc.array(item, { maxLength: 3 }), fc.boolean()),
  },
  { requiredKeys: [], noNullPrototype: true },
);
const template = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 14 }).map((parts) => parts.join(""));

/** Well-formed templates: balanced sections around text, tags and standalone lines. */
const LEAVES = [
  "{{a}}",
  "{{ b }}",
  "{{{a}}}",
  "{{&b}}",
  "{{obj.a}}",
  "{{obj.b}}",
  "{{s.length}}",
  "{{.}}",
  "{{! c }}",
  "{{> p}}",
  " ",
  "\t",
  "\n",
  "\r\n",
  "x",
  "y z",
  "{",
  "}",
];
const wellFormed = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(...LEAVES),
    fc
      .tuple(
        fc.constantFrom("#", "^"),
        fc.constantFrom("a", "b", "obj", "list", "s"),
        fc.constantFrom("", "\n", "  "),
        tie("nodes"),
        fc.constantFrom("", "\n", " "),
      )
      .map(([sigil, name, before, inner, after]) => `{{${sigil}${name}}}${before}${inner as string}{{/${name}}}${after}`),
  ),
  nodes: fc.array(tie("node"), { maxLength: 5 }).map((parts) => (parts as string[]).join("")),
})).nodes as fc.Arbitrary<string>;

/** Counts of the generated comparison, reported at the end. */
const tally = { cases: 0, equal: 0, bothRefused: 0 };

describe("generated templates and values (fast-check)", () => {
  it("render as @langfuse/client does, in keep mode and (when nothing is missing) in strict mode", () => {
    fc.assert(
      fc.property(template, values, (text, vars) => {
        tally.cases++;
        expectSameAsSdk(text, vars);
        if ("threw" in sdkOutcome(text, vars)) tally.bothRefused++;
        else tally.equal++;
      }),
      { numRuns: 3000 },
    );
    // Printed for the report: how many generated cases agreed, and how many both refused.
    console.info(`differential (generated, fragments): ${JSON.stringify(tally)}`);
    expect(tally.equal + tally.bothRefused).toBe(tally.cases);
  });

  it("render well-formed generated templates as @langfuse/client does", () => {
    const counts = { cases: 0, equal: 0, skippedObjectText: 0 };
    fc.assert(
      fc.property(wellFormed, values, (text, vars) => {
        // `{{.}}` prints the current context: at the root or over an object that is deviation 2 (JSON), tested below.
        const expected = sdkOutcome(text, vars);
        if ("output" in expected && expected.output.includes("[object Object]")) {
          counts.skippedObjectText++;
          return;
        }
        counts.cases++;
        expectSameAsSdk(text, vars);
        counts.equal++;
      }),
      { numRuns: 3000 },
    );
    console.info(`differential (generated, well-formed): ${JSON.stringify(counts)}`);
  });
});

// ---------------------------------------------------------------------------------------------
// Deliberate deviations: each pinned on both sides.

describe("deliberate deviations from @langfuse/client 5.11.1", () => {
  it("1. a missing variable is an invalid_variables error listing every missing one (Langfuse renders empty)", () => {
    expect(sdkText("{{a}} {{b}} {{#c}}x{{/c}}", {})).toBe("  ");
    const err = catchError(() => renderText("{{a}} {{b}} {{#c}}x{{/c}}", {}));
    expect(err.code).toBe("invalid_variables");
    expect(err.problems?.map((p) => p.name)).toEqual(["a", "b", "c"]);
    // Keep mode is Langfuse-compatible.
    expect(renderText("{{a}} {{b}} {{#c}}x{{/c}}", {}, keep)).toBe("  ");
  });

  it("2. objects and arrays in text are JSON (Langfuse: [object Object] and a,b)", () => {
    const vars = { o: { a: 1 }, l: ["a", "b"] };
    expect(sdkText("{{o}} {{l}}", vars)).toBe("[object Object] a,b");
    expect(renderText("{{o}} {{l}}", vars)).toBe('{"a":1} ["a","b"]');
    expect(renderText("{{o}} {{l}}", vars, keep)).toBe('{"a":1} ["a","b"]');
  });

  it("3. history spliced into a placeholder is never template-expanded (Langfuse fills it)", () => {
    const items: SdkChatItem[] = [{ type: "placeholder", name: "history" }];
    const history = [{ role: "user", content: "my name is {{secret}}" }];
    expect(sdkChat(items, { secret: "LEAKED" }, { history })).toEqual([{ role: "user", content: "my name is LEAKED" }]);
    const compiled = langfuseTemplate.compile(chatVersion([{ role: "placeholder", name: "history" }]));
    expect(compiled.render({ secret: "LEAKED", history }).messages).toEqual(history);
  });

  it("4. only own properties are looked up (Langfuse finds inherited ones)", () => {
    expect(sdkText("[{{toString}}]", {})).not.toBe("[]");
    expect(renderText("[{{toString}}]", {}, keep)).toBe("[]");
    expect(catchError(() => renderText("[{{toString}}]", {})).code).toBe("invalid_variables");
  });

  it("5. functions are not lambdas (Langfuse calls them)", () => {
    const vars = { f: () => "called", wrap: () => (text: string) => `<${text}>` };
    expect(sdkText("{{f}} {{#wrap}}x{{/wrap}}", vars)).toBe("called <x>");
    expect(renderText("{{f}} {{#wrap}}x{{/wrap}}", vars, keep)).toBe(" ");
    const err = catchError(() => renderText("{{f}}", vars));
    expect(err.problems).toEqual([{ name: "f", expected: "string, number, boolean, object or array", received: expect.any(String) }]);
  });

  it("6. an unfilled placeholder is an error, or no messages in keep mode (Langfuse leaves the placeholder object)", () => {
    const items: SdkChatItem[] = [
      { type: "placeholder", name: "history" },
      { role: "user", content: "hi" },
    ];
    expect(sdkChat(items, {}, {})).toEqual([
      { type: "placeholder", name: "history" },
      { role: "user", content: "hi" },
    ]);
    const compiled = langfuseTemplate.compile(
      chatVersion([
        { role: "placeholder", name: "history" },
        { role: "user", content: "hi" },
      ]),
    );
    expect(catchError(() => compiled.render({})).problems?.[0]?.name).toBe("history");
    expect(compiled.render({}, keep).messages).toEqual([{ role: "user", content: "hi" }]);
  });

  it("7. a placeholder value that is not messages is an error (Langfuse pushes its JSON as a bare string)", () => {
    const items: SdkChatItem[] = [{ type: "placeholder", name: "history" }];
    expect(sdkChat(items, {}, { history: "oops" })).toEqual(['"oops"']);
    const compiled = langfuseTemplate.compile(chatVersion([{ role: "placeholder", name: "history" }]));
    expect(catchError(() => compiled.render({ history: "oops" }, keep)).code).toBe("invalid_variables");
  });

  it("8. a Date in text is its JSON (ISO) string (Langfuse: Date#toString)", () => {
    const d = new Date(Date.UTC(2025, 0, 2, 3, 4, 5));
    expect(sdkText("{{d}}", { d })).toBe(String(d));
    expect(renderText("{{d}}", { d })).toBe("2025-01-02T03:04:05.000Z");
  });
});
