import { describe, expect, it } from "vitest";
import type { PromptMessage, PromptVariable, PromptVersion } from "../../model/types.js";
import { TELA_FILE_EXPECTED, telaTemplate } from "./template.js";
import { catchError } from "../../test-support/assertions.js";

function version(messages: PromptMessage[], variables: PromptVariable[], extra: Partial<PromptVersion> = {}): PromptVersion {
  return {
    vendor: "tela",
    promptId: "p1",
    versionId: "v1",
    version: "3",
    environments: ["production"],
    draft: false,
    createdAt: "2024-04-01T12:00:00.000Z",
    raw: [],
    source: "network",
    fetchedAt: "2024-04-01T12:00:00.000Z",
    template: "tela",
    params: {},
    tools: [],
    messages,
    variables,
    ...extra,
  };
}

const text = (name: string, required = true): PromptVariable => ({ name, type: "text", required });
const file = (name: string, required = true): PromptVariable => ({ name, type: "file", required });

function renderUser(content: string, variables: PromptVariable[], values: Record<string, unknown>) {
  return telaTemplate.compile(version([{ role: "user", content }], variables)).render(values).messages[0]?.content;
}

describe("telaTemplate: placeholders", () => {
  it("has syntax 'tela'", () => {
    expect(telaTemplate.syntax).toBe("tela");
  });

  it("fills {{name}} and {name}", () => {
    expect(renderUser("Q: {{query}} / {query}", [text("query")], { query: "why?" })).toBe("Q: why? / why?");
  });

  it("renders Tela's own example (double braces, system + user)", () => {
    const v = version(
      [
        { role: "system", content: "You are a document analysis assistant." },
        { role: "user", content: "Please analyze the document {{document}} and answer this question: {{query}}" },
      ],
      [file("document"), text("query")],
    );
    expect(telaTemplate.compile(v).render({ document: { file_url: "https://files.test/a.pdf" }, query: "Who?" }).messages).toEqual([
      { role: "system", content: "You are a document analysis assistant." },
      {
        role: "user",
        content: [
          { type: "text", text: "Please analyze the document " },
          { type: "file", url: "https://files.test/a.pdf", variable: "document" },
          { type: "text", text: " and answer this question: Who?" },
        ],
      },
    ]);
  });

  it("leaves JSON, undeclared names and whitespace forms untouched", () => {
    const template = 'Reply as {"a": 1, "b": {"c": [2]}} {unknown} {{unknown}} {{ name }} { name } {} {{}} {name';
    expect(renderUser(`${template} {name}`, [text("name")], { name: "X" })).toBe(`${template} X`);
  });

  it("matches {{name}} as a whole before {name}", () => {
    expect(renderUser("{{a}}|{a}|{{{a}}}|{{a}|{a}}", [text("a")], { a: "v" })).toBe("v|v|{v}|{v|v}");
  });

  it("takes declared names literally: case, punctuation and regex characters", () => {
    const vars = [text("Name"), text("a.b"), text("x+y"), text("my var")];
    expect(renderUser("{Name} {name} {a.b} {aXb} {x+y} {{my var}}", vars, { Name: "N", "a.b": "dot", "x+y": "plus", "my var": "sp" })).toBe(
      "N {name} dot {aXb} plus sp",
    );
  });

  it("prefers the longest declared name", () => {
    expect(renderUser("{a}{ab}{{ab}}", [text("a"), text("ab")], { a: "1", ab: "2" })).toBe("122");
  });

  it("ignores values for names that are not declared", () => {
    expect(renderUser("{a} {b}", [text("a")], { a: "1", b: "2" })).toBe("1 {b}");
  });

  it("is single pass: an inserted value is never expanded again", () => {
    expect(renderUser("{a} {b}", [text("a"), text("b")], { a: "{b} {{b}} {a}", b: "B" })).toBe("{b} {{b}} {a} B");
  });

  it("substitutes in text parts and leaves other parts as they are", () => {
    const v = version(
      [
        {
          role: "user",
          content: [
            { type: "text", text: "Look at {thing}" },
            { type: "image", url: "https://img.test/{thing}.png", detail: "low" },
          ],
        },
      ],
      [text("thing")],
    );
    expect(telaTemplate.compile(v).render({ thing: "this" }).messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "Look at this" },
          { type: "image", url: "https://img.test/{thing}.png", detail: "low" },
        ],
      },
    ]);
  });

  it("keeps name, toolCallId and toolCalls; does not template them, tools or responseFormat", () => {
    const v = version(
      [
        { role: "assistant", content: "{x}", name: "bot", toolCalls: [{ id: "c1", name: "f", arguments: '{"q":"{x}"}' }] },
        { role: "tool", content: "{x}", toolCallId: "c1" },
      ],
      [text("x")],
      {
        tools: [{ name: "f", description: "{x}", parameters: { type: "object" } }],
        toolChoice: { type: "tool", name: "f" },
        responseFormat: { type: "json_schema", name: "out", schema: { description: "{x}" } },
      },
    );
    expect(telaTemplate.compile(v).render({ x: "1" })).toEqual({
      messages: [
        { role: "assistant", content: "1", name: "bot", toolCalls: [{ id: "c1", name: "f", arguments: '{"q":"{x}"}' }] },
        { role: "tool", content: "1", toolCallId: "c1" },
      ],
      tools: [{ name: "f", description: "{x}", parameters: { type: "object" } }],
      toolChoice: { type: "tool", name: "f" },
      responseFormat: { type: "json_schema", name: "out", schema: { description: "{x}" } },
    });
  });

  it("omits toolChoice and responseFormat when the version has none", () => {
    const body = telaTemplate.compile(version([{ role: "user", content: "hi" }], [])).render({});
    expect(body).toEqual({ messages: [{ role: "user", content: "hi" }], tools: [] });
    expect(Object.keys(body)).toEqual(["messages", "tools"]);
  });
});

describe("telaTemplate: values", () => {
  it("stringifies numbers, booleans and bigints; JSON-encodes objects and arrays", () => {
    const vars = ["n", "t", "big", "o", "arr", "s"].map((n) => text(n));
    expect(renderUser("{n} {t} {big} {o} {arr} {s}", vars, { n: 1.5, t: false, big: 10n, o: { a: [1, "x"] }, arr: [1, 2], s: "" })).toBe(
      '1.5 false 10 {"a":[1,"x"]} [1,2] ',
    );
  });

  it('treats any type but file as text (the Tela adapter calls text variables "string")', () => {
    const asString = { name: "q", type: "string", required: true };
    expect(renderUser("{q}", [asString], { q: 3 })).toBe("3");
    expect(catchError(() => renderUser("{q}", [asString], { q: Symbol("s") })).problems).toEqual([
      { name: "q", expected: "string", received: "symbol" },
    ]);
  });

  it("reads only own properties of the values object", () => {
    const err = catchError(() => renderUser("{toString}", [text("toString")], {}));
    expect(err.problems).toEqual([{ name: "toString", expected: "defined", received: "undefined" }]);
  });

  it("renders missing optional variables as empty text", () => {
    expect(renderUser("[{a}][{{b}}][{c}]", [text("a", false), text("b", false), text("c")], { a: null, c: "C" })).toBe("[][][C]");
  });

  it("throws one invalid_variables error listing every problem", () => {
    const v = version(
      [{ role: "user", content: "{a} {b} {c} {d} {e} {f}" }],
      [text("a"), text("b"), text("c"), file("d"), file("e"), text("f"), text("unused")],
    );
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const err = catchError(() =>
      telaTemplate.compile(v).render({ a: null, b: () => 1, c: circular, d: 42, e: ["https://ok.test/a.pdf", { url: 7 }], f: "ok" }),
    );
    expect(err.code).toBe("invalid_variables");
    expect(err.operation).toBe("render");
    expect(err.vendor).toBe("tela");
    expect(err.problems).toEqual([
      { name: "a", expected: "defined", received: "null" },
      { name: "b", expected: "text", received: "function" },
      { name: "c", expected: "text", received: "object that is not JSON-serializable" },
      { name: "d", expected: TELA_FILE_EXPECTED, received: "number 42" },
      { name: "e", expected: TELA_FILE_EXPECTED, received: "item 1: object" },
      { name: "unused", expected: "defined", received: "undefined" },
    ]);
    expect(err.message).toContain('"a" expected defined, received null');
    expect(err.message).toContain("tela:p1 (version 3)");
  });

  it("with missing: 'keep', leaves missing and mistyped placeholders and never throws", () => {
    const compiled = telaTemplate.compile(
      version([{ role: "user", content: "{a} {{b}} {c} {d} {o}" }], [text("a"), text("b"), file("c"), text("d"), text("o", false)]),
    );
    expect(compiled.render({ a: "A", c: 5, d: Symbol("s") }, { missing: "keep" }).messages).toEqual([
      { role: "user", content: "A {{b}} {c} {d} {o}" },
    ]);
  });
});

describe("telaTemplate: file variables", () => {
  const vars = [file("doc"), text("q")];

  it("accepts a URL string", () => {
    expect(renderUser("Read {doc} now", vars, { doc: "https://f.test/a.pdf", q: "" })).toEqual([
      { type: "text", text: "Read " },
      { type: "file", url: "https://f.test/a.pdf", variable: "doc" },
      { type: "text", text: " now" },
    ]);
  });

  it("accepts { url, mimeType }, { file_url } and { fileUrl }", () => {
    const one = (doc: unknown) => renderUser("{doc}", vars, { doc, q: "" });
    expect(one({ url: "data:application/pdf;base64,QQ==", mimeType: "application/pdf" })).toEqual([
      { type: "file", url: "data:application/pdf;base64,QQ==", mimeType: "application/pdf", variable: "doc" },
    ]);
    expect(one({ file_url: "vault://abc", options: { parserType: "tela-pdf-parser" } })).toEqual([
      { type: "file", url: "vault://abc", variable: "doc" },
    ]);
    expect(one({ fileUrl: "https://f.test/b.png" })).toEqual([{ type: "file", url: "https://f.test/b.png", variable: "doc" }]);
  });

  it("inserts one part per file for an array, and drops empty text parts", () => {
    expect(
      renderUser("{doc}{{doc}}: {q}", vars, {
        doc: ["https://f.test/1.pdf", { url: "https://f.test/2.png", mimeType: "image/png" }],
        q: "?",
      }),
    ).toEqual([
      { type: "file", url: "https://f.test/1.pdf", variable: "doc" },
      { type: "file", url: "https://f.test/2.png", mimeType: "image/png", variable: "doc" },
      { type: "file", url: "https://f.test/1.pdf", variable: "doc" },
      { type: "file", url: "https://f.test/2.png", mimeType: "image/png", variable: "doc" },
      { type: "text", text: ": ?" },
    ]);
  });

  it("splits a text part inside multi-part content", () => {
    const v = version(
      [
        {
          role: "user",
          content: [
            { type: "image", url: "https://img.test/x.png" },
            { type: "text", text: "A {doc} B" },
            { type: "text", text: "" },
          ],
        },
      ],
      vars,
    );
    expect(telaTemplate.compile(v).render({ doc: "https://f.test/a.pdf", q: "" }).messages[0]?.content).toEqual([
      { type: "image", url: "https://img.test/x.png" },
      { type: "text", text: "A " },
      { type: "file", url: "https://f.test/a.pdf", variable: "doc" },
      { type: "text", text: " B" },
      { type: "text", text: "" },
    ]);
  });

  it("keeps string content when no file ends up inserted", () => {
    const optional = [file("doc", false), text("q")];
    expect(renderUser("A{doc}B", optional, { q: "" })).toBe("AB");
    expect(renderUser("A{doc}B", optional, { doc: [], q: "" })).toBe("AB");
  });

  it("treats an empty file array or empty URL as a problem for a required file", () => {
    const err = catchError(() =>
      telaTemplate
        .compile(version([{ role: "user", content: "{a}{b}{c}" }], [file("a"), file("b"), file("c")]))
        .render({ a: [], b: "", c: [["https://nested.test"]] }),
    );
    expect(err.problems).toEqual([
      { name: "a", expected: TELA_FILE_EXPECTED, received: "array" },
      { name: "b", expected: TELA_FILE_EXPECTED, received: 'string ""' },
      { name: "c", expected: TELA_FILE_EXPECTED, received: "item 0: array" },
    ]);
  });

  it("rejects a non-string mimeType", () => {
    const err = catchError(() => renderUser("{doc}", vars, { doc: { url: "https://f.test/a", mimeType: 3 }, q: "" }));
    expect(err.problems).toEqual([{ name: "doc", expected: TELA_FILE_EXPECTED, received: "object" }]);
  });
});

describe("telaTemplate: compiled template", () => {
  it("renders many times from one compile, without mutating the version or sharing output", () => {
    const v = version(
      [{ role: "assistant", content: [{ type: "text", text: "{a}" }], toolCalls: [{ id: "1", name: "f", arguments: "{}" }] }],
      [text("a")],
      { tools: [{ name: "f" }], toolChoice: { type: "tool", name: "f" }, responseFormat: { type: "json_object" } },
    );
    const before = structuredClone(v);
    const compiled = telaTemplate.compile(v);
    const first = compiled.render({ a: "1" });
    const second = compiled.render({ a: "2" });
    expect(first.messages[0]?.content).toEqual([{ type: "text", text: "1" }]);
    expect(second.messages[0]?.content).toEqual([{ type: "text", text: "2" }]);
    expect(first.messages[0]?.toolCalls).not.toBe(second.messages[0]?.toolCalls);
    expect(first.tools[0]).not.toBe(v.tools[0]);
    expect(first.toolChoice).not.toBe(v.toolChoice);
    first.messages[0]!.toolCalls![0]!.name = "changed";
    expect(v).toEqual(before);
    expect(compiled.render({ a: "3" }).messages[0]?.toolCalls).toEqual([{ id: "1", name: "f", arguments: "{}" }]);
  });

  it("has no includes; includeText returns a message's raw text", () => {
    const compiled = telaTemplate.compile(
      version(
        [
          { role: "system", content: "Hello {a}" },
          {
            role: "user",
            content: [
              { type: "text", text: "one {{a}}" },
              { type: "image", url: "https://i.test/x.png" },
              { type: "text", text: "two" },
            ],
          },
        ],
        [text("a")],
      ),
    );
    expect(compiled.includes).toEqual([]);
    expect(compiled.includeText(0)).toBe("Hello {a}");
    expect(compiled.includeText(1)).toBe("one {{a}}\ntwo");
    const err = catchError(() => compiled.includeText(2));
    expect(err.code).toBe("invalid_ref");
    expect(catchError(() => compiled.includeText(0.5)).code).toBe("invalid_ref");
  });

  it("ignores duplicate and empty variable names", () => {
    expect(renderUser("{a} {}", [text("a"), text("a", false), text("")], { a: "x" })).toBe("x {}");
  });
});
