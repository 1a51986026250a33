import { describe, expect, it } from "vitest";
import type { PromptVersion } from "../../model/types.js";
import { compileBody, renderText, textBody, versionOf } from "./__fixtures__/version.js";
import { HELICONE_PARTIAL, HELICONE_TAG, JSON_SERIALIZABLE, heliconeTemplate, heliconeVariables } from "./template.js";
import { catchError } from "../../test-support/assertions.js";

const keep = { missing: "keep" } as const;

describe("heliconeTemplate: basics", () => {
  it("has syntax helicone and exposes the vendor regexes", () => {
    expect(heliconeTemplate.syntax).toBe("helicone");
    expect(HELICONE_TAG.flags).toContain("g");
    expect(HELICONE_PARTIAL.flags).toContain("g");
  });

  it("passes text without tags through", () => {
    expect(renderText("Hello {{ world }} {{name}}", {})).toBe("Hello {{ world }} {{name}}");
  });

  it("ignores the exported regexes' lastIndex", () => {
    HELICONE_TAG.lastIndex = 5;
    expect(renderText("{{hc:a:string}}", { a: "x" })).toBe("x");
    HELICONE_TAG.lastIndex = 0;
  });
});

describe("verified behaviour table (notes §4), with our semantics", () => {
  it("Hi {{hc:name:string}}! + {name:'Bob'} → Hi Bob!", () => {
    expect(renderText("Hi {{hc:name:string}}!", { name: "Bob" })).toBe("Hi Bob!");
  });

  it("whitespace around every part: {{ hc : name : string }}", () => {
    expect(renderText("Hi {{ hc : name : string }}!", { name: "Bob" })).toBe("Hi Bob!");
    expect(renderText("Hi {{\n\thc\t:\nname :string\n}}!", { name: "Bob" })).toBe("Hi Bob!");
    expect(renderText("Hi {{ hc:name:string }}", { name: "Bob" })).toBe("Hi Bob");
  });

  it("hyphenated names: {{hc:first-name:string}}", () => {
    expect(renderText("{{hc:first-name:string}}", { "first-name": "Al" })).toBe("Al");
    expect(renderText("{{hc:-x:my-type}}", { "-x": "y" })).toBe("y");
  });

  it("dots and leading digits do not match: left as text, no variable", () => {
    for (const t of ["{{hc:user.name:string}}", "{{hc:1st:string}}", "{{hc:na me:string}}", "{{hc:é:string}}"]) {
      expect(renderText(t, { "user.name": "x", "1st": "y" })).toBe(t);
      expect(heliconeVariables(versionOf(textBody(t)))).toEqual([]);
    }
  });

  it("missing variable: invalid_variables (error mode); unchanged in keep mode", () => {
    const err = catchError(() => renderText("Hi {{hc:name:string}}", {}));
    expect(err.code).toBe("invalid_variables");
    expect(err.operation).toBe("render");
    expect(err.vendor).toBe("helicone");
    expect(err.problems).toEqual([{ name: "name", expected: "defined", received: "undefined" }]);
    expect(err.message).toContain('"name" is missing');
    expect(renderText("Hi {{hc:name:string}}", {}, keep)).toBe("Hi {{hc:name:string}}");
  });

  it("null counts as missing", () => {
    const err = catchError(() => renderText("Hi {{hc:name:string}}", { name: null }));
    expect(err.problems).toEqual([{ name: "name", expected: "defined", received: "null" }]);
    expect(renderText("Hi {{hc:name:string}}", { name: null }, keep)).toBe("Hi {{hc:name:string}}");
  });

  it("deviation 1: falsy 0 / false / '' are substituted", () => {
    expect(renderText("n={{hc:n:number}}", { n: 0 })).toBe("n=0");
    expect(renderText("b={{hc:b:boolean}}", { b: false })).toBe("b=false");
    expect(renderText("s=[{{hc:s:string}}]", { s: "" })).toBe("s=[]");
  });

  it("mistyped variable: every problem listed; keep mode keeps only that tag", () => {
    const t = "n={{hc:n:number}} and {{hc:x:string}}";
    const err = catchError(() => renderText(t, { n: "abc", x: "ok" }));
    expect(err.code).toBe("invalid_variables");
    expect(err.problems).toEqual([{ name: "n", expected: "number", received: 'string "abc"' }]);
    expect(err.message).toContain('"n" should be number, got string "abc"');
    // The SDK leaves the whole string unchanged here; we substitute what we can.
    expect(renderText(t, { n: "abc", x: "ok" }, keep)).toBe("n={{hc:n:number}} and ok");
  });

  it("number accepts numeric strings and booleans (Number() is not NaN)", () => {
    expect(renderText("n={{hc:n:number}}", { n: "42" })).toBe("n=42");
    expect(renderText("n={{hc:n:number}}", { n: true })).toBe("n=true");
    expect(renderText("n={{hc:n:number}}", { n: 3.5 })).toBe("n=3.5");
    expect(renderText("n={{hc:n:number}}", { n: "" })).toBe("n=");
    expect(renderText("n={{hc:n:number}}", { n: [] })).toBe("n=[]");
    expect(renderText("n={{hc:n:number}}", { n: 10n })).toBe("n=10");
  });

  it("boolean accepts booleans and true/false/yes/no in any case, not 1 or 'maybe'", () => {
    expect(renderText("b={{hc:b:boolean}}", { b: "YES" })).toBe("b=YES");
    expect(renderText("b={{hc:b:boolean}}", { b: "No" })).toBe("b=No");
    expect(renderText("b={{hc:b:boolean}}", { b: true })).toBe("b=true");
    expect(catchError(() => renderText("b={{hc:b:boolean}}", { b: 1 })).problems).toEqual([
      { name: "b", expected: "boolean", received: "number 1" },
    ]);
    expect(catchError(() => renderText("b={{hc:b:boolean}}", { b: "maybe" })).problems).toEqual([
      { name: "b", expected: "boolean", received: 'string "maybe"' },
    ]);
    expect(renderText("b={{hc:b:boolean}}", { b: 1 }, keep)).toBe("b={{hc:b:boolean}}");
  });

  it("deviation 3: objects and arrays in text are JSON", () => {
    expect(renderText("c={{hc:c:any}}", { c: { a: 1 } })).toBe('c={"a":1}');
    expect(renderText("c={{hc:c:array}}", { c: ["a", "b"] })).toBe('c=["a","b"]');
    expect(renderText("d={{hc:d:date}}", { d: new Date("2025-01-02T03:04:05.000Z") })).toBe("d=2025-01-02T03:04:05.000Z");
  });

  it("first type wins: {{hc:v:number}} {{hc:v:string}} with 'abc' → number problem", () => {
    const err = catchError(() => renderText("{{hc:v:number}} {{hc:v:string}}", { v: "abc" }));
    expect(err.problems).toEqual([{ name: "v", expected: "number", received: 'string "abc"' }]);
    expect(renderText("{{hc:v:number}} {{hc:v:string}}", { v: "7" })).toBe("7 7");
  });

  it("HC is case-sensitive and the type is mandatory", () => {
    for (const t of ["{{HC:name:string}}", "{{Hc:name:string}}", "{{hc:name}}", "{{hc:name:}}", "{{ hc name string }}"]) {
      expect(renderText(t, { name: "x" })).toBe(t);
    }
  });

  it("names and types are case-sensitive; unknown types are never checked", () => {
    expect(renderText("{{hc:Name:string}}/{{hc:name:string}}", { Name: "A", name: "b" })).toBe("A/b");
    expect(renderText("{{hc:x:Number}}", { x: "not a number" })).toBe("not a number");
    expect(renderText("{{hc:x:whatever}}", { x: 12 })).toBe("12");
  });

  it("tool: enum exact tag → raw array, description tag → text", () => {
    const c = compileBody({
      model: "m",
      messages: [],
      tools: [
        {
          type: "function",
          function: {
            name: "pick",
            description: "for {{hc:d:string}}",
            parameters: { type: "object", properties: { tier: { type: "string", enum: "{{hc:tiers:array}}" } } },
          },
        },
      ],
    });
    expect(c.render({ tiers: ["a", "b"], d: "desc" }).tools).toEqual([
      {
        name: "pick",
        description: "for desc",
        parameters: { type: "object", properties: { tier: { type: "string", enum: ["a", "b"] } } },
      },
    ]);
  });

  it("tool with a missing variable: problem listed; keep mode leaves the tool as it was", () => {
    const body = {
      model: "m",
      messages: [],
      tools: [{ type: "function", function: { name: "f", description: "for {{hc:d:string}}", parameters: { type: "object" } } }],
    };
    const err = catchError(() => compileBody(body).render({}));
    expect(err.problems).toEqual([{ name: "d", expected: "defined", received: "undefined" }]);
    expect(compileBody(body).render({}, keep).tools).toEqual([
      { name: "f", description: "for {{hc:d:string}}", parameters: { type: "object" } },
    ]);
  });

  it("response_format key that is exactly one tag takes a string; a non-string is a problem", () => {
    const body = {
      model: "m",
      messages: [],
      response_format: {
        type: "json_schema",
        json_schema: { name: "out", schema: { type: "object", properties: { "{{hc:k:string}}": { type: "string" } } } },
      },
    };
    const c = compileBody(body);
    expect(c.render({ k: "myKey" }).responseFormat).toEqual({
      type: "json_schema",
      name: "out",
      schema: { type: "object", properties: { myKey: { type: "string" } } },
    });
    expect(catchError(() => c.render({ k: 5 })).problems).toEqual([{ name: "k", expected: "string", received: "number 5" }]);
    expect(c.render({ k: 5 }, keep).responseFormat).toEqual(
      body.response_format && {
        type: "json_schema",
        name: "out",
        schema: { type: "object", properties: { "{{hc:k:string}}": { type: "string" } } },
      },
    );
  });

  it("response_format maxItems exact tag → typed number; 0 is substituted (deviation 1)", () => {
    const c = compileBody({
      model: "m",
      messages: [],
      response_format: {
        type: "json_schema",
        json_schema: { name: "o", schema: { type: "array", maxItems: "{{hc:n:number}}" } },
      },
    });
    expect(c.render({ n: 3 }).responseFormat).toEqual({ type: "json_schema", name: "o", schema: { type: "array", maxItems: 3 } });
    expect(c.render({ n: 0 }).responseFormat).toEqual({ type: "json_schema", name: "o", schema: { type: "array", maxItems: 0 } });
    expect(c.render({ n: "3" }).responseFormat).toEqual({ type: "json_schema", name: "o", schema: { type: "array", maxItems: "3" } });
  });
});

describe("Helicone PR #5714 repo test cases (packages/__tests__/prompts/templates.test.ts)", () => {
  it("substitutes 0, false and '' and keeps truthy behaviour", () => {
    expect(renderText("You have {{hc:count:number}} new messages", { count: 0 })).toBe("You have 0 new messages");
    expect(renderText("Enabled: {{hc:flag:boolean}}", { flag: false })).toBe("Enabled: false");
    expect(renderText("Name=[{{hc:name:string}}]", { name: "" })).toBe("Name=[]");
    expect(renderText("You have {{hc:count:number}} new messages", { count: 5 })).toBe("You have 5 new messages");
  });

  it("leaves a missing variable in place (keep mode)", () => {
    expect(renderText("Hi {{hc:name:string}}", {}, keep)).toBe("Hi {{hc:name:string}}");
  });
});

describe("where substitution happens", () => {
  const body = {
    model: "m",
    messages: [
      { role: "system", content: "S {{hc:a:string}}" },
      {
        role: "user",
        name: "{{hc:a:string}}",
        content: [
          { type: "text", text: "T {{hc:a:string}}" },
          { type: "image_url", image_url: { url: "https://x/{{hc:a:string}}.png" } },
        ],
      },
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: '{"q":"{{hc:a:string}}"}' } }],
      },
      { role: "tool", tool_call_id: "c1", content: "R {{hc:a:string}}" },
    ],
    tools: [{ type: "function", function: { name: "tool_{{hc:a:string}}", parameters: { type: "object" } } }],
    tool_choice: { type: "function", function: { name: "f" } },
    stop: "{{hc:a:string}}",
  };

  it("message text (string content, text parts) and tools; not names, images, tool calls", () => {
    const out = compileBody(body).render({ a: "A" });
    expect(out.messages).toEqual([
      { role: "system", content: "S A" },
      {
        role: "user",
        name: "{{hc:a:string}}",
        content: [
          { type: "text", text: "T A" },
          { type: "image", url: "https://x/{{hc:a:string}}.png" },
        ],
      },
      {
        role: "assistant",
        content: "",
        toolCalls: [{ id: "c1", name: "f", arguments: '{"q":"{{hc:a:string}}"}' }],
      },
      { role: "tool", toolCallId: "c1", content: "R A" },
    ]);
    expect(out.tools).toEqual([{ name: "tool_A", parameters: { type: "object" } }]);
    expect(out.toolChoice).toEqual({ type: "tool", name: "f" });
    expect(out.responseFormat).toBeUndefined();
  });

  it("JSON keys that contain a tag get text replacement; values of every JSON type pass through", () => {
    const c = compileBody({
      model: "m",
      messages: [],
      tools: [
        {
          type: "function",
          function: {
            name: "f",
            parameters: {
              type: "object",
              properties: { "x_{{hc:k:string}}": { type: "integer", minimum: 0, default: null, nullable: true } },
              required: ["x_{{hc:k:string}}"],
              examples: [[1, "{{hc:k:string}}", { "{{hc:k:string}}": "{{hc:v:any}}" }]],
            },
          },
        },
      ],
    });
    expect(c.render({ k: "K", v: { deep: [1] } }).tools[0]!.parameters).toEqual({
      type: "object",
      properties: { x_K: { type: "integer", minimum: 0, default: null, nullable: true } },
      required: ["x_K"],
      examples: [[1, "K", { K: { deep: [1] } }]],
    });
  });

  it("a tool name or description that is exactly one tag is text, even for non-string values", () => {
    const c = compileBody({
      model: "m",
      messages: [],
      tools: [{ type: "function", function: { name: "{{hc:n:string}}", description: "{{hc:d:any}}" } }],
    });
    expect(c.render({ n: "go", d: { x: 1 } }).tools).toEqual([{ name: "go", description: '{"x":1}' }]);
  });

  it("response format: json_schema name/description/schema; text and json_object pass through", () => {
    const c = compileBody({
      model: "m",
      messages: [],
      response_format: {
        type: "json_schema",
        json_schema: { name: "{{hc:n:string}}", description: "D {{hc:n:string}}", strict: true, schema: { title: "{{hc:n:string}}" } },
      },
    });
    expect(c.render({ n: "N" }).responseFormat).toEqual({
      type: "json_schema",
      name: "N",
      description: "D N",
      strict: true,
      schema: { title: "N" },
    });
    expect(compileBody({ model: "m", messages: [], response_format: { type: "json_object" } }).render({}).responseFormat).toEqual({
      type: "json_object",
    });
    expect(compileBody({ model: "m", messages: [], response_format: { type: "text" } }).render({}).responseFormat).toEqual({
      type: "text",
    });
  });

  it("keys that become __proto__ stay plain keys", () => {
    const c = compileBody({
      model: "m",
      messages: [],
      tools: [{ type: "function", function: { name: "f", parameters: { properties: { "{{hc:k:string}}": { type: "string" } } } } }],
    });
    const params = c.render({ k: "__proto__" }).tools[0]!.parameters as { properties: Record<string, unknown> };
    expect(Object.hasOwn(params.properties, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(params.properties)).toBe(Object.prototype);
  });
});

describe("raw values in JSON positions", () => {
  const c = compileBody({
    model: "m",
    messages: [],
    tools: [{ type: "function", function: { name: "f", parameters: { type: "object", enum: "{{hc:e:array}}" } } }],
  });

  it("inserts a JSON copy, never the caller's object", () => {
    const e = ["a", { b: 1 }];
    const out = c.render({ e }).tools[0]!.parameters as { enum: unknown };
    expect(out.enum).toEqual(e);
    expect(out.enum).not.toBe(e);
  });

  it("reports values that cannot be JSON", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(catchError(() => c.render({ e: cyclic })).problems).toEqual([{ name: "e", expected: JSON_SERIALIZABLE, received: "object" }]);
    expect(catchError(() => c.render({ e: 10n })).problems).toEqual([{ name: "e", expected: JSON_SERIALIZABLE, received: "bigint" }]);
    expect((c.render({ e: 10n }, keep).tools[0]!.parameters as { enum: unknown }).enum).toBe("{{hc:e:array}}");
  });
});

describe("hostile values never throw anything but PromptError", () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  const throwing = {
    valueOf() {
      throw new Error("boom");
    },
    toJSON() {
      throw new Error("boom");
    },
  };
  const values: [string, unknown, string][] = [
    ["symbol", Symbol("s"), "symbol"],
    ["function", () => 1, "function"],
    ["cyclic", cyclic, "object"],
    ["bigint in object", { n: 1n }, "object"],
    ["throwing", throwing, "object"],
  ];

  for (const [label, value, receivedText] of values) {
    it(`${label}: a problem in error mode, the tag kept in keep mode`, () => {
      for (const type of ["string", "number", "any"]) {
        const t = `v={{hc:v:${type}}}`;
        const err = catchError(() => renderText(t, { v: value }));
        expect(err.code).toBe("invalid_variables");
        expect(err.problems).toHaveLength(1);
        expect(err.problems![0]!.received).toBe(receivedText);
        expect(renderText(t, { v: value }, keep)).toBe(t);
      }
    });
  }

  it("a null-prototype object: not a number (Number() throws), but JSON text", () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.a = 1;
    expect(catchError(() => renderText("{{hc:v:number}}", { v: bare })).problems).toEqual([
      { name: "v", expected: "number", received: "object" },
    ]);
    expect(renderText("{{hc:v:string}}", { v: bare })).toBe('{"a":1}');
  });

  it("a Proxy whose traps throw becomes a PromptError", () => {
    const hostile = new Proxy(
      {},
      {
        getOwnPropertyDescriptor() {
          throw new Error("trap");
        },
        get() {
          throw new Error("trap");
        },
      },
    );
    const err = catchError(() => compileBody(textBody("{{hc:a:string}}")).render(hostile));
    expect(err.code).toBe("invalid_variables");
  });

  it("non-object variables are treated as none", () => {
    expect(compileBody(textBody("x")).render(null as never).messages[0]!.content).toBe("x");
    expect(catchError(() => compileBody(textBody("{{hc:a:string}}")).render(42 as never)).code).toBe("invalid_variables");
  });

  it("inherited names are not variables", () => {
    expect(catchError(() => renderText("{{hc:constructor:string}}{{hc:toString:string}}", {})).problems).toEqual([
      { name: "constructor", expected: "defined", received: "undefined" },
      { name: "toString", expected: "defined", received: "undefined" },
    ]);
  });
});

describe("invalid_variables lists every problem", () => {
  it("across messages, tools and response format, once per variable", () => {
    const c = compileBody({
      model: "m",
      messages: [
        { role: "system", content: "{{hc:a:string}} {{hc:n:number}} {{hc:a:string}}" },
        { role: "user", content: [{ type: "text", text: "{{hc:b:boolean}} {{hc:c:any}}" }] },
      ],
      tools: [{ type: "function", function: { name: "f", description: "{{hc:d:string}}", parameters: { "{{hc:k:string}}": {} } } }],
      response_format: { type: "json_schema", json_schema: { name: "o", schema: { maxItems: "{{hc:m:number}}" } } },
    });
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    const err = catchError(() => c.render({ n: "x", b: "maybe", c: cyclic, k: 1, m: "many" }));
    expect(err.code).toBe("invalid_variables");
    expect(err.problems).toEqual([
      { name: "a", expected: "defined", received: "undefined" },
      { name: "n", expected: "number", received: 'string "x"' },
      { name: "b", expected: "boolean", received: 'string "maybe"' },
      { name: "c", expected: JSON_SERIALIZABLE, received: "array" },
      { name: "d", expected: "defined", received: "undefined" },
      { name: "k", expected: "string", received: "number 1" },
      { name: "m", expected: "number", received: 'string "many"' },
    ]);
    expect(err.message).toMatch(/7 variable problems/);
    for (const name of ["a", "n", "b", "c", "d", "k", "m"]) expect(err.message).toContain(`"${name}"`);
    expect(err.message).toContain('helicone prompt "abc123" (version 1.0)');
    expect(err.retryable).toBe(false);
  });

  it("keep mode substitutes everything that is valid and keeps the rest", () => {
    const c = compileBody(textBody("{{hc:a:string}}|{{hc:n:number}}|{{hc:b:string}}"));
    expect(c.render({ a: "A", n: "x" }, keep).messages[0]!.content).toBe("A|{{hc:n:number}}|{{hc:b:string}}");
  });
});

describe("single pass (deviation 4)", () => {
  it("a value containing tag text appears verbatim", () => {
    expect(renderText("{{hc:a:string}} {{hc:b:string}}", { a: "{{hc:b:string}}", b: "B" })).toBe("{{hc:b:string}} B");
    expect(renderText("{{hc:a:string}}", { a: "{{hcp:abc123:0}}" })).toBe("{{hcp:abc123:0}}");
  });

  it("adjacent tags and values that would form a tag together are not re-scanned", () => {
    expect(renderText("{{hc:a:string}}{{hc:b:string}}", { a: "{{hc:", b: "c:string}}" })).toBe("{{hc:c:string}}");
  });
});

describe("prompt partials", () => {
  const body = {
    model: "m",
    messages: [
      { role: "system", content: "Rules: {{hcp:abc123:0}} / {{ hcp : XyZ789 : 2 : staging }}" },
      { role: "user", content: [{ type: "text", text: "again {{hcp:abc123:00}} for {{hc:name:string}}" }] },
    ],
    tools: [{ type: "function", function: { name: "f", description: "{{hcp:abc123:0}}" } }],
  };

  it("exposes deduplicated includes with canonical keys", () => {
    const c = compileBody(body, "zzz999");
    expect(c.includes).toEqual([
      { key: "hcp:abc123:0", ref: { vendor: "helicone", promptId: "abc123" }, messageIndex: 0 },
      { key: "hcp:XyZ789:2:staging", ref: { vendor: "helicone", promptId: "XyZ789", environment: "staging" }, messageIndex: 2 },
    ]);
  });

  it("splices included text before variables: tags in it are filled from the caller's variables", () => {
    const c = compileBody(body, "zzz999");
    const included = new Map([
      ["hcp:abc123:0", "be kind to {{hc:name:string}}"],
      ["hcp:XyZ789:2:staging", "n={{hc:n:number}}"],
    ]);
    const out = c.render({ name: "Bob", n: 0 }, { included });
    expect(out.messages[0]!.content).toBe("Rules: be kind to Bob / n=0");
    expect(out.messages[1]!.content).toEqual([{ type: "text", text: "again be kind to Bob for Bob" }]);
    // Partials are message-only.
    expect(out.tools[0]!.description).toBe("{{hcp:abc123:0}}");
    // Included variables are validated too.
    const err = catchError(() => c.render({ name: "Bob" }, { included }));
    expect(err.problems).toEqual([{ name: "n", expected: "defined", received: "undefined" }]);
    // A tag split across the partial boundary is a tag after splicing, as in the SDK.
    const split = compileBody(textBody("{{hc:{{hcp:abc123:1}}:string}}"));
    expect(split.render({ x: "X" }, { included: new Map([["hcp:abc123:1", "x"]]) }).messages[0]!.content).toBe("X");
  });

  it("renders repeatedly with different included texts", () => {
    const c = compileBody(textBody("[{{hcp:abc123:0}}]"));
    for (let i = 0; i < 100; i++) {
      expect(c.render({ v: i }, { included: new Map([["hcp:abc123:0", `{{hc:v:number}}-${i % 3}`]]) }).messages[0]!.content).toBe(
        `[${i}-${i % 3}]`,
      );
    }
  });

  it("without included text: unsupported in error mode, literal in keep mode", () => {
    const c = compileBody(body);
    const err = catchError(() => c.render({ name: "Bob" }));
    expect(err.code).toBe("unsupported");
    expect(err.operation).toBe("render");
    expect(err.message).toContain("prompts.render()");
    expect(err.message).toContain("options.included");
    expect(err.message).toContain("hcp:XyZ789:2:staging");
    const partial = catchError(() => c.render({ name: "Bob" }, { included: new Map([["hcp:abc123:0", "x"]]) }));
    expect(partial.code).toBe("unsupported");
    expect(partial.message).not.toContain("hcp:abc123:0,");
    const out = c.render({ name: "Bob" }, { missing: "keep", included: new Map([["hcp:abc123:0", "x"]]) });
    expect(out.messages[0]!.content).toBe("Rules: x / {{ hcp : XyZ789 : 2 : staging }}");
  });

  it("includeText: string or text parts joined with a space, own partials spliced, tags left in place", () => {
    const c = compileBody({
      model: "m",
      messages: [
        { role: "system", content: "Hello {{hc:name:string}} {{hcp:abc123:1}}" },
        {
          role: "user",
          content: [
            { type: "text", text: "one" },
            { type: "image_url", image_url: { url: "https://x/y.png" } },
            { type: "text", text: "" },
            { type: "text", text: "two {{hc:x:number}}" },
          ],
        },
      ],
    });
    expect(c.includeText(0)).toBe("Hello {{hc:name:string}} {{hcp:abc123:1}}");
    expect(c.includeText(0, new Map([["hcp:abc123:1", "[{{hc:y:string}}]"]]))).toBe("Hello {{hc:name:string}} [{{hc:y:string}}]");
    expect(c.includeText(1)).toBe("one two {{hc:x:number}}");
    expect(c.includeText(2)).toBe("");
    expect(c.includeText(-1)).toBe("");
    expect(c.includeText(0.5)).toBe("");
  });

  it("partial grammar: 6-char alphanumeric id, digits, optional environment", () => {
    for (const t of [
      "{{hcp:abc12:0}}",
      "{{hcp:abc1234:0}}",
      "{{hcp:abc-12:0}}",
      "{{hcp:abc123:x}}",
      "{{HCP:abc123:0}}",
      "{{hcp:abc123}}",
    ]) {
      expect(compileBody(textBody(t)).includes).toEqual([]);
      expect(renderText(t, {})).toBe(t);
    }
  });
});

describe("heliconeVariables", () => {
  it("lists every tag once, first type wins, in message → tool → response-format order", () => {
    const n = versionOf({
      model: "m",
      messages: [
        { role: "system", content: "{{hc:a:string}} {{hc:b:number}}" },
        {
          role: "user",
          content: [
            { type: "text", text: "{{hc:b:string}} {{hc:c:boolean}}" },
            { type: "image_url", image_url: { url: "{{hc:img:string}}" } },
          ],
        },
      ],
      tools: [
        {
          type: "function",
          function: {
            name: "{{hc:tn:string}}",
            description: "{{hc:d:string}}",
            parameters: { "{{hc:k:string}}": "{{hc:e:array}}", x: "{{hc:a:number}}" },
          },
        },
      ],
      response_format: { type: "json_schema", json_schema: { name: "{{hc:rn:string}}", schema: { maxItems: "{{hc:m:number}}" } } },
    });
    expect(heliconeVariables(n)).toEqual([
      { name: "a", type: "string", required: true },
      { name: "b", type: "number", required: true },
      { name: "c", type: "boolean", required: true },
      { name: "tn", type: "string", required: true },
      { name: "d", type: "string", required: true },
      { name: "k", type: "string", required: true },
      { name: "e", type: "array", required: true },
      { name: "rn", type: "string", required: true },
      { name: "m", type: "number", required: true },
    ]);
  });

  it("partials are not variables", () => {
    expect(heliconeVariables(versionOf(textBody("{{hcp:abc123:0}}")))).toEqual([]);
  });
});

describe("compiled structures", () => {
  const body = {
    model: "m",
    messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "https://x/y.png", detail: "low" } }] }],
    tools: [
      {
        type: "function",
        function: {
          name: "f",
          parameters: {
            type: "object",
            properties: { a: { type: "string", enum: ["x", "y"] }, b: { type: "string", description: "{{hc:d:string}}" } },
          },
        },
      },
    ],
  };

  it("tag-free subtrees are frozen copies shared between renders; containers with tags are fresh", () => {
    const version = versionOf(body);
    const c = heliconeTemplate.compile(version);
    const one = c.render({ d: "1" });
    const two = c.render({ d: "2" });
    const p1 = one.tools[0]!.parameters as { properties: { a: unknown; b: { description: string } } };
    const p2 = two.tools[0]!.parameters as typeof p1;
    expect(p1.properties.a).toBe(p2.properties.a);
    expect(Object.isFrozen(p1.properties.a)).toBe(true);
    expect(p1.properties.a).not.toBe((version.tools[0]!.parameters as typeof p1).properties.a);
    expect(p1).not.toBe(p2);
    expect(p1.properties.b.description).toBe("1");
    expect(p2.properties.b.description).toBe("2");
  });

  it("messages, parts, tools are fresh objects; mutating output or the version leaves later renders alone", () => {
    const version = versionOf(body);
    const c = heliconeTemplate.compile(version);
    const one = c.render({ d: "1" });
    (one.messages[0]!.content as { url: string }[])[0]!.url = "changed";
    one.tools[0]!.name = "changed";
    (version.tools[0]!.parameters as { properties: { a: { enum: string[] } } }).properties.a.enum[0] = "mutated";
    const two = c.render({ d: "1" });
    expect(two.messages[0]!.content).toEqual([{ type: "image", url: "https://x/y.png", detail: "low" }]);
    expect(two.tools[0]!.name).toBe("f");
    expect((two.tools[0]!.parameters as { properties: { a: { enum: string[] } } }).properties.a.enum).toEqual(["x", "y"]);
  });

  it("compile never throws anything but PromptError", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const v: PromptVersion = { ...versionOf(textBody("x")), tools: [{ name: "f", parameters: cyclic }] };
    const err = catchError(() => heliconeTemplate.compile(v));
    expect(err.code).toBe("invalid_response");
  });
});
