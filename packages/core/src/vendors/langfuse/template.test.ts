import { describe, expect, it } from "vitest";
import { PromptError } from "../../errors/prompt-error.js";
import type { PromptVersion } from "../../model/types.js";
import type { PromptRefObject } from "../../refs/types.js";
import { resolveIncludes } from "../../render/includes.js";
import { RenderBudget, renderLimits } from "../../render/render-limits.js";
import { catchError } from "../../test-support/assertions.js";
import { chatVersion, compileText, renderText, textVersion } from "./__fixtures__/template-version.js";
import { langfuseTemplate, langfuseVariables, MAX_SECTION_DEPTH, parseIncludeTags } from "./template.js";

const keep = { missing: "keep" } as const;

describe("langfuseTemplate: Mustache", () => {
  it("has the syntax id langfuse", () => {
    expect(langfuseTemplate.syntax).toBe("langfuse");
  });

  it("substitutes variables, dotted names and all three unescaped forms", () => {
    expect(
      renderText("Hi {{name}}, {{{html}}} {{&html}} {{html}} {{user.plan.name}}", {
        name: "Ada",
        html: "<b>&</b>",
        user: { plan: { name: "Pro" } },
      }),
    ).toBe("Hi Ada, <b>&</b> <b>&</b> <b>&</b> Pro");
  });

  it("writes numbers and booleans with String()", () => {
    expect(renderText("{{a}} {{b}} {{c}} {{d}}", { a: 0, b: false, c: 1.5, d: 10n })).toBe("0 false 1.5 10");
  });

  it("iterates sections over arrays, enters objects, shows truthy sections once", () => {
    const text = "{{#items}}[{{name}}]{{/items}} {{#user}}{{name}}{{/user}} {{#flag}}yes{{/flag}}";
    expect(renderText(text, { items: [{ name: "a" }, { name: "b" }], user: { name: "u" }, flag: true })).toBe("[a][b] u yes");
  });

  it("hides sections on false, 0, empty string, null and [] and shows inverted ones instead", () => {
    for (const value of [false, 0, "", null, []]) {
      expect(renderText("{{#x}}yes{{/x}}{{^x}}no{{/x}}", { x: value })).toBe("no");
    }
  });

  it("looks names up through the enclosing contexts", () => {
    expect(renderText("{{#items}}{{name}}@{{host}} {{/items}}", { host: "h", items: [{ name: "a" }, { name: "b", host: "own" }] })).toBe(
      "a@h b@own ",
    );
  });

  it("prints the current item with {{.}}", () => {
    expect(renderText("{{#xs}}{{.}};{{/xs}}", { xs: ["a", 2, true] })).toBe("a;2;true;");
  });

  it("drops comments and renders partials empty, removing their standalone lines", () => {
    expect(renderText("a\n{{! note }}\n{{> other}}\nb {{!x}}{{>y}}c", {})).toBe("a\nb c");
  });

  it("removes standalone section lines with their indentation and newline", () => {
    expect(renderText("List:\n  {{#xs}}\n  - {{.}}\n  {{/xs}}\nEnd", { xs: [1, 2] })).toBe("List:\n  - 1\n  - 2\nEnd");
  });

  it("keeps whitespace around tags that are not alone on their line", () => {
    expect(renderText(" {{#a}} x {{/a}} ", { a: true })).toBe("  x  ");
  });

  it("supports set delimiters", () => {
    expect(renderText("{{=<% %>=}}<% name %> {{name}} <%={{ }}=%>{{name}}", { name: "N" })).toBe("N {{name}} N");
  });

  it("does not HTML-escape, and has no settings to change (the engine object is frozen)", () => {
    expect(renderText("{{x}}", { x: "<&>\"'/`=" })).toBe("<&>\"'/`=");
    expect(Object.isFrozen(langfuseTemplate)).toBe(true);
  });

  it("refuses malformed templates with invalid_prompt, as Mustache throws", () => {
    for (const text of ["{{#a}}open", "{{/a}}", "{{#a}}{{/b}}", "{{a", "{{{a}}", "{{=x=}}"]) {
      const err = catchError(() => renderText(text, { a: "1" }, keep));
      expect(err.code, text).toBe("invalid_prompt");
      expect(err.vendor).toBe("langfuse");
      expect(err.operation).toBe("render");
    }
  });

  it("refuses sections nested deeper than MAX_SECTION_DEPTH and delimiters longer than 16 characters as unsupported", () => {
    const deep = `${"{{#a}}".repeat(MAX_SECTION_DEPTH + 1)}x${"{{/a}}".repeat(MAX_SECTION_DEPTH + 1)}`;
    expect(catchError(() => renderText(deep, { a: true })).code).toBe("unsupported");
    const ok = `${"{{#a}}".repeat(MAX_SECTION_DEPTH)}x${"{{/a}}".repeat(MAX_SECTION_DEPTH)}`;
    expect(renderText(ok, { a: true })).toBe("x");
    expect(catchError(() => renderText(`{{=${"<".repeat(17)} >=}}`, {})).code).toBe("unsupported");
  });

  it("stops a render whose sections multiply beyond the step limit with invalid_prompt", () => {
    const big = Array.from({ length: 1000 }, (_, i) => i);
    const err = catchError(() => renderText("{{#a}}{{#a}}{{#a}}x{{/a}}{{/a}}{{/a}}", { a: big }));
    expect(err.code).toBe("invalid_prompt");
    expect(err.message).toMatch(/template nodes/);
  });
});

describe("langfuseTemplate: deviations", () => {
  it("strict by default: one invalid_variables listing every missing variable, section and unwritable value", () => {
    const err = catchError(() => renderText("{{a}} {{b}} {{a}} {{#c}}x{{/c}} {{^d}}y{{/d}} {{e}} {{f}}", { e: null, f: () => 1 }));
    expect(err.code).toBe("invalid_variables");
    expect(err.problems).toEqual([
      { name: "a", expected: "defined", received: "undefined" },
      { name: "b", expected: "defined", received: "undefined" },
      { name: "c", expected: "defined", received: "undefined" },
      { name: "d", expected: "defined", received: "undefined" },
      { name: "e", expected: "defined", received: "null" },
      { name: "f", expected: "string, number, boolean, object or array", received: expect.any(String) },
    ]);
    expect(err.message).toMatch(/6 variable problems/);
  });

  it("reports names missing inside a section item", () => {
    const err = catchError(() => renderText("{{#xs}}{{name}}{{/xs}}", { xs: [{ name: "a" }, {}] }));
    expect(err.problems?.map((p) => p.name)).toEqual(["name"]);
  });

  it("null, false and [] are deliberate values for sections, not missing ones", () => {
    expect(renderText("[{{#a}}x{{/a}}{{#b}}y{{/b}}{{#c}}z{{/c}}]", { a: null, b: false, c: [] })).toBe("[]");
  });

  it('missing: "keep" is Langfuse-compatible: missing values render empty', () => {
    expect(renderText("[{{a}}|{{b.c}}|{{#d}}x{{/d}}|{{^d}}y{{/d}}]", { b: null }, keep)).toBe("[|||y]");
  });

  it("writes objects and arrays as JSON, and cyclic objects as a problem", () => {
    expect(renderText("{{o}} {{l}} {{{o}}}", { o: { a: [1, "x"] }, l: [1, 2] })).toBe('{"a":[1,"x"]} [1,2] {"a":[1,"x"]}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(catchError(() => renderText("{{c}}", { c: cyclic })).problems).toEqual([
      { name: "c", expected: "JSON-serializable value", received: expect.any(String) },
    ]);
    expect(renderText("[{{c}}]", { c: cyclic }, keep)).toBe("[]");
  });

  it("finds own properties only", () => {
    expect(renderText("[{{constructor}}{{a.toString}}{{s.length}}]", { a: {}, s: "abc" }, keep)).toBe("[3]");
  });
});

describe("langfuseTemplate: chat prompts and placeholders", () => {
  const version = chatVersion([
    { role: "system", content: "You are {{bot}}." },
    { role: "placeholder", name: "history" },
    { role: "user", content: "{{question}}" },
  ]);

  it("fills a placeholder with the caller's messages, never expanding them", () => {
    const history = [
      { role: "user", content: "I am {{bot}}" },
      { role: "assistant", content: "Noted {{question}}", name: "helper" },
    ];
    const { messages } = langfuseTemplate.compile(version).render({ bot: "Bo", question: "Q?", history });
    expect(messages).toEqual([{ role: "system", content: "You are Bo." }, ...history, { role: "user", content: "Q?" }]);
  });

  it("drops a placeholder filled with []", () => {
    const { messages } = langfuseTemplate.compile(version).render({ bot: "Bo", question: "Q?", history: [] });
    expect(messages.map((m) => m.role)).toEqual(["system", "user"]);
  });

  it("reports an unfilled or malformed placeholder with the other problems", () => {
    const err = catchError(() => langfuseTemplate.compile(version).render({ bot: "Bo" }));
    expect(err.problems?.map((p) => p.name)).toEqual(["history", "question"]);
    expect(
      catchError(() => langfuseTemplate.compile(version).render({ bot: "Bo", question: "q", history: [{ role: "x" }] }, keep)).code,
    ).toBe("invalid_variables");
  });

  it("keep mode drops an unfilled placeholder", () => {
    expect(langfuseTemplate.compile(version).render({}, keep).messages).toEqual([
      { role: "system", content: "You are ." },
      { role: "user", content: "" },
    ]);
  });

  it("renders text parts and keeps other parts, names and tool calls", () => {
    const v = chatVersion([
      {
        role: "assistant",
        name: "a",
        content: [
          { type: "text", text: "Hi {{x}}" },
          { type: "image", url: "https://x/y.png" },
        ],
        toolCalls: [{ id: "1", name: "f", arguments: "{}" }],
      },
    ]);
    expect(langfuseTemplate.compile(v).render({ x: "X" }).messages).toEqual([
      {
        role: "assistant",
        name: "a",
        content: [
          { type: "text", text: "Hi X" },
          { type: "image", url: "https://x/y.png" },
        ],
        toolCalls: [{ id: "1", name: "f", arguments: "{}" }],
      },
    ]);
  });

  it("renders a text prompt's one message", () => {
    const compiled = langfuseTemplate.compile(textVersion("Hi {{name}}, welcome to {{plan}}"));
    expect(compiled.render({ name: "Ada", plan: "Pro" }).messages).toEqual([{ role: "user", content: "Hi Ada, welcome to Pro" }]);
  });

  it("passes tools, tool choice and response format through as copies", () => {
    const v: PromptVersion = {
      ...textVersion("x"),
      tools: [{ name: "t", parameters: { type: "object" } }],
      toolChoice: { type: "tool", name: "t" },
      responseFormat: { type: "json_object" },
    };
    const body = langfuseTemplate.compile(v).render({});
    expect(body.tools).toEqual(v.tools);
    expect(body.tools[0]).not.toBe(v.tools[0]);
    expect(body.toolChoice).toEqual(v.toolChoice);
    expect(body.responseFormat).toEqual({ type: "json_object" });
  });
});

describe("langfuseTemplate: prompt dependencies", () => {
  const tag = (name: string, part: string): string => `@@@langfusePrompt:name=${name}|${part}@@@`;

  it("lists dependency tags as includes with version or label refs", () => {
    const compiled = langfuseTemplate.compile(
      chatVersion([
        { role: "system", content: `${tag("brand-voice", "label=production")} and ${tag("legal/footer", "version=3")}` },
        { role: "user", content: tag("brand-voice", "label=production") },
      ]),
    );
    expect(compiled.includes).toEqual([
      {
        key: tag("brand-voice", "label=production"),
        ref: { vendor: "langfuse", promptId: "brand-voice", environment: "production" },
        messageIndex: 0,
      },
      { key: tag("legal/footer", "version=3"), ref: { vendor: "langfuse", promptId: "legal/footer", version: "3" }, messageIndex: 0 },
    ]);
  });

  it("recognizes only the exact form the server replaces", () => {
    const literal = [
      "@@@langfusePrompt:version=1|name=a@@@",
      "@@@langfusePrompt:name=a|version=01@@@",
      "@@@langfusePrompt:name=a|version=0@@@",
      "@@@langfusePrompt:name=a|version=1.0@@@",
      "@@@langfusePrompt:name=a|label=@@@",
      "@@@langfusePrompt:name=|label=x@@@",
      "@@@langfusePrompt:name=a|label=x|version=1@@@",
      "@@@langfusePrompt:name=a=b|label=x@@@",
      '@@@langfusePrompt:name=a"b|label=x@@@',
      "@@@langfusePrompt:name=a|foo=x@@@",
      "@@@langfusePrompt:name=a|version=1",
    ];
    for (const text of literal) expect(parseIncludeTags(text), text).toBeNull();
    expect(parseIncludeTags("x @@@langfusePrompt:name=a|version=12@@@ y")).toEqual([
      "x ",
      { raw: tag("a", "version=12"), name: "a", version: 12 },
      " y",
    ]);
  });

  it("an invalid candidate swallows text up to its closing @@@, as the server's lazy match does", () => {
    expect(parseIncludeTags("@@@langfusePrompt:bad @@@langfusePrompt:name=a|version=1@@@")).toBeNull();
  });

  it("splices included text before Mustache runs, so its variables are filled", () => {
    const compiled = langfuseTemplate.compile(textVersion(`Say it {{tone}}: ${tag("brand-voice", "label=production")}!`));
    const included = new Map([[tag("brand-voice", "label=production"), "We are {{company}}."]]);
    expect(compiled.render({ tone: "kindly", company: "Acme" }, { included }).messages[0]?.content).toBe("Say it kindly: We are Acme.!");
  });

  it("refuses to render without the included text (unsupported) unless keep mode, which leaves the tag", () => {
    const compiled = compileText(`A ${tag("x", "version=1")}`);
    const err = catchError(() => compiled.render({}));
    expect(err.code).toBe("unsupported");
    expect(err.message).toMatch(/prompts\.render\(\)/);
    expect(compiled.render({}, keep).messages[0]?.content).toBe(`A ${tag("x", "version=1")}`);
  });

  it("charges each included text to the render's limits once per occurrence, not once more for a check", () => {
    const key = tag("voice", "label=production");
    const compiled = compileText(`${key} and ${key}`);
    const text = "0123456789";
    const exact = new RenderBudget(renderLimits({ maxIncludedChars: 2 * text.length }), "langfuse");
    expect(compiled.render({}, { included: exact.meter(new Map([[key, text]])) }).messages[0]?.content).toBe(`${text} and ${text}`);
    const short = new RenderBudget(renderLimits({ maxIncludedChars: 2 * text.length - 1 }), "langfuse");
    expect(catchError(() => compiled.render({}, { included: short.meter(new Map([[key, text]])) })).code).toBe("invalid_prompt");
  });

  it("includeText returns the text with its own includes spliced and its variables left in place", () => {
    const compiled = compileText(`Voice: {{tone}} ${tag("base", "version=2")}`);
    expect(compiled.includeText(0, new Map([[tag("base", "version=2"), "base {{x}}"]]))).toBe("Voice: {{tone}} base {{x}}");
    expect(compiled.includeText(0)).toBe(`Voice: {{tone}} ${tag("base", "version=2")}`);
    expect(compiled.includeText(5)).toBe("");
  });

  it("resolves nested includes through resolveIncludes, charged to the render's limits", async () => {
    const prompts: Record<string, PromptVersion> = {
      parent: chatVersion([{ role: "system", content: `P ${tag("child", "label=production")} {{a}}` }], "parent"),
      child: textVersion(`C ${tag("leaf", "version=1")}`, "child"),
      leaf: textVersion("L {{b}}", "leaf"),
    };
    const fetched: PromptRefObject[] = [];
    const fetchVersion = async (ref: PromptRefObject): Promise<PromptVersion> => {
      fetched.push(ref);
      return prompts[ref.promptId]!;
    };
    const compiled = langfuseTemplate.compile(prompts.parent!);
    const budget = new RenderBudget(renderLimits(), "langfuse");
    const texts = await resolveIncludes(prompts.parent!, compiled, fetchVersion, (v) => langfuseTemplate.compile(v), budget);
    expect(fetched).toEqual([
      { vendor: "langfuse", promptId: "child", environment: "production" },
      { vendor: "langfuse", promptId: "leaf", version: "1" },
    ]);
    const body = compiled.render({ a: "A", b: "B" }, { included: budget.meter(texts) });
    expect(body.messages[0]?.content).toBe("P C L B A");

    const tight = new RenderBudget(renderLimits({ maxIncludedChars: 4 }), "langfuse");
    // The leaf's text is substituted into the child (includeText reads it through the metered map) and goes over.
    await expect(resolveIncludes(prompts.parent!, compiled, fetchVersion, (v) => langfuseTemplate.compile(v), tight)).rejects.toMatchObject(
      {
        code: "invalid_prompt",
      },
    );
    const roomy = new RenderBudget(renderLimits({ maxIncludedChars: 8 }), "langfuse");
    const roomyTexts = await resolveIncludes(prompts.parent!, compiled, fetchVersion, (v) => langfuseTemplate.compile(v), roomy);
    // "L {{b}}" (7) was charged during resolution; the child's "C L {{b}}" (9) at render goes over.
    const err = catchError(() => compiled.render({ a: "A", b: "B" }, { included: roomy.meter(roomyTexts) }));
    expect(err.code).toBe("invalid_prompt");
  });
});

describe("langfuseVariables", () => {
  it("lists top-level variables, dotted roots, sections and placeholders in order, once each", () => {
    expect(
      langfuseVariables([
        { role: "system", content: "{{ name }} {{user.email}} {{#items}}{{title}}{{/items}} {{^empty}}{{inner}}{{/empty}} {{name}}" },
        { role: "placeholder", name: "history" },
        { role: "user", content: [{ type: "text", text: "{{{raw}}} {{&amp}} {{.}} {{a-b}} {{!c}} {{>p}}" }] },
      ]),
    ).toEqual([
      { name: "name", type: "string", required: true },
      { name: "user", type: "object", required: true },
      { name: "items", type: "section", required: true },
      { name: "empty", type: "section", required: true },
      { name: "inner", type: "string", required: true },
      { name: "history", type: "placeholder", required: true },
      { name: "raw", type: "string", required: true },
      { name: "amp", type: "string", required: true },
    ]);
  });

  it("accepts Unicode names as Langfuse does", () => {
    expect(langfuseVariables([{ role: "user", content: "{{名前}} {{é_1}} {{1a}} {{_a}}" }]).map((v) => v.name)).toEqual(["名前", "é_1"]);
  });

  it("never throws on a malformed template: lists the tags before the error", () => {
    expect(langfuseVariables([{ role: "user", content: "{{a}} {{#b}} {{/c}} {{d}}" }]).map((v) => v.name)).toEqual(["a", "b"]);
  });

  it("follows set delimiters", () => {
    expect(langfuseVariables([{ role: "user", content: "{{=<% %>=}}<%a%> {{b}}" }]).map((v) => v.name)).toEqual(["a"]);
  });
});

describe("errors", () => {
  it("wraps hostile variables (a throwing getter) in a PromptError", () => {
    const vars = Object.defineProperty({}, "a", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    });
    const err = catchError(() => renderText("{{a}}", vars));
    expect(err).toBeInstanceOf(PromptError);
    expect(err.code).toBe("invalid_variables");
  });
});
