/**
 * Differential tests against the vendor SDK: `@helicone/helpers@1.8.3`
 * `HeliconePromptManager.mergePromptBody`, run locally (it makes no request).
 *
 * On the domain where the SDK is not buggy (every variable provided, truthy, type-valid; no
 * objects or arrays in text; no partials) our render must produce exactly what the SDK does,
 * once both are normalized. Outside it, `deliberate deviations` pins what each side does.
 */
import { HeliconePromptManager } from "@helicone/helpers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { versionOf } from "./__fixtures__/version.js";
import { normalizeHeliconeBody } from "./normalize.js";
import { heliconeTemplate } from "./template.js";
import { catchError } from "../../test-support/assertions.js";

type Body = Record<string, unknown>;
type Inputs = Record<string, unknown>;

const sdk = new HeliconePromptManager({ apiKey: "test-key" });

interface SdkResult {
  body: Body;
  errors: { variable: string; expected: string; value: unknown }[];
}

async function sdkMerge(source: Body, inputs: Inputs, partials?: Record<string, string>): Promise<SdkResult> {
  // structuredClone: the SDK must not see (or mutate) the object we compile.
  const result = await sdk.mergePromptBody({ inputs } as never, structuredClone(source) as never, partials);
  return result as unknown as SdkResult;
}

/** Asserts that our render equals the SDK's merge, both normalized. */
async function expectSameAsSdk(source: Body, inputs: Inputs): Promise<void> {
  const { body, errors } = await sdkMerge(source, inputs);
  expect(errors).toEqual([]);
  const expected = normalizeHeliconeBody(body);
  const ours = heliconeTemplate.compile(versionOf(structuredClone(source))).render(inputs);
  expect(ours.messages).toEqual(expected.messages);
  expect(ours.tools).toEqual(expected.tools);
  expect(ours.responseFormat).toEqual(expected.responseFormat);
  expect(ours.toolChoice).toEqual(expected.toolChoice);
}

const user = (content: unknown): Body => ({ model: "gpt-4o-mini", messages: [{ role: "user", content }] });
const withTools = (tools: unknown[], extra: Body = {}): Body => ({
  model: "gpt-4o-mini",
  messages: [{ role: "system", content: "Use the tools." }],
  tools,
  ...extra,
});
const fn = (name: string, description: string | undefined, parameters?: unknown): unknown => ({
  type: "function",
  function: { name, ...(description === undefined ? {} : { description }), ...(parameters === undefined ? {} : { parameters }) },
});
const schemaFormat = (schema: unknown, extra: Body = {}): Body => ({
  model: "gpt-4o-mini",
  messages: [{ role: "user", content: "Answer in JSON." }],
  response_format: { type: "json_schema", json_schema: { name: "out", schema, ...extra } },
});

const CORPUS: [string, Body, Inputs][] = [
  ["simple string", user("Hi {{hc:name:string}}!"), { name: "Bob" }],
  ["spaces everywhere", user("Hi {{ hc : name : string }}!"), { name: "Bob" }],
  ["docs style {{ hc:name:string }}", user("You are speaking to {{ hc:name:string }}"), { name: "Ann" }],
  ["newlines and tabs in the tag", user("Hi {{\n hc\t:\tname\n:\nstring }}!"), { name: "Bob" }],
  ["hyphenated name", user("{{hc:first-name:string}} {{hc:last-name:string}}"), { "first-name": "Al", "last-name": "Gore" }],
  ["leading underscore and hyphen", user("{{hc:_x:string}}/{{hc:-y:string}}"), { _x: "u", "-y": "h" }],
  ["repeated tag", user("{{hc:a:string}}, {{hc:a:string}} and {{ hc:a:string }}"), { a: "again" }],
  ["many variables", user("{{hc:a:string}}{{hc:b:string}}-{{hc:c:string}}"), { a: "1", b: "2", c: "3" }],
  ["number from a number", user("n={{hc:n:number}}"), { n: 42 }],
  ["number from a float", user("n={{hc:n:number}}"), { n: 3.25 }],
  ["number from a numeric string", user("n={{hc:n:number}}"), { n: "42" }],
  ["number from true", user("n={{hc:n:number}}"), { n: true }],
  ["boolean true", user("b={{hc:b:boolean}}"), { b: true }],
  ["boolean YES / no / false strings", user("{{hc:b:boolean}} {{hc:c:boolean}} {{hc:d:boolean}}"), { b: "YES", c: "no", d: "false" }],
  ["unknown type is unchecked", user("{{hc:x:my_type}} {{hc:y:Number}}"), { x: "anything", y: "not a number" }],
  ["array type in text with a string", user("tiers: {{hc:t:array}}"), { t: "a|b" }],
  ["same name, both types satisfied", user("{{hc:v:number}} {{hc:v:string}}"), { v: "7" }],
  ["case-sensitive names", user("{{hc:Name:string}} {{hc:name:string}}"), { Name: "Upper", name: "lower" }],
  [
    "not tags: HC, missing type, leading digit, dot",
    user("{{HC:a:string}} {{hc:a}} {{hc:1a:string}} {{hc:a.b:string}} {{hc:a:string}}"),
    { a: "A" },
  ],
  ["mustache-looking text", user("{{ notatag }} {{{hc:a:string}}} }}{{"), { a: "A" }],
  ["no tags", user("plain text"), {}],
  [
    "text parts",
    user([
      { type: "text", text: "one {{hc:a:string}}" },
      { type: "text", text: "two {{hc:b:string}}" },
    ]),
    { a: "A", b: "B" },
  ],
  [
    "text and image parts; image URLs untouched",
    user([
      { type: "text", text: "look at {{hc:a:string}}" },
      { type: "image_url", image_url: { url: "https://x/{{hc:a:string}}.png", detail: "low" } },
    ]),
    { a: "this" },
  ],
  [
    "conversation with name, tool calls and tool result",
    {
      model: "gpt-4o-mini",
      messages: [
        { role: "system", content: "You help {{hc:who:string}}." },
        { role: "user", name: "{{hc:who:string}}", content: "Find {{hc:q:string}}" },
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "c1", type: "function", function: { name: "search", arguments: '{"q":"{{hc:q:string}}"}' } }],
        },
        { role: "tool", tool_call_id: "c1", content: "found {{hc:q:string}}" },
        { role: "assistant", content: "Here: {{hc:q:string}}" },
      ],
    },
    { who: "Ann", q: "cats" },
  ],
  ["developer role", { model: "o3", messages: [{ role: "developer", content: "be {{hc:tone:string}}" }] }, { tone: "brief" }],
  ["replacement patterns in values", user("{{hc:a:string}}|{{hc:b:string}}"), { a: "$& $1 $$", b: "$`$'" }],
  ["braces and tag text in values (single pass)", user("{{hc:a:string}} {{hc:b:string}}"), { a: "{{hc:b:string}}", b: "{{ x }}" }],
  ["unicode values", user("{{hc:a:string}}"), { a: "héllo 👋 \u2028 日本" }],
  [
    "tool enum raw array",
    withTools([fn("pick", "Pick a tier", { type: "object", properties: { tier: { type: "string", enum: "{{hc:tiers:array}}" } } })]),
    { tiers: ["a", "b"] },
  ],
  ["tool description", withTools([fn("f", "for {{hc:d:string}}", { type: "object" })]), { d: "desc" }],
  ["tool name with a tag", withTools([fn("get_{{hc:thing:string}}", "d")]), { thing: "weather" }],
  ["tool without parameters", withTools([fn("ping", "ping {{hc:host:string}}")]), { host: "example.com" }],
  [
    "tool parameter key that is exactly a tag",
    withTools([fn("f", "d", { type: "object", properties: { "{{hc:k:string}}": { type: "string" } }, required: ["{{hc:k:string}}"] })]),
    { k: "city" },
  ],
  [
    "tool parameter key containing a tag",
    withTools([fn("f", "d", { type: "object", properties: { "x_{{hc:k:string}}": { type: "number" } } })]),
    { k: "y" },
  ],
  [
    "exact tags in nested arrays",
    withTools([
      fn("f", "d", {
        type: "object",
        properties: { a: { type: "array", items: { enum: ["{{hc:one:string}}", "fixed", "{{hc:two:string}}"] } } },
      }),
    ]),
    { one: "1", two: "2" },
  ],
  [
    "exact tag → number",
    withTools([fn("f", "d", { type: "object", properties: { n: { type: "integer", minimum: "{{hc:min:number}}" } } })]),
    { min: 5 },
  ],
  [
    "exact tag → object (custom type)",
    withTools([fn("f", "d", { type: "object", properties: "{{hc:props:schema}}" })]),
    { props: { a: { type: "string" } } },
  ],
  [
    "exact tag → numeric string stays a string",
    withTools([fn("f", "d", { type: "object", maxProperties: "{{hc:n:number}}" })]),
    { n: "3" },
  ],
  ["exact tag → boolean word", withTools([fn("f", "d", { type: "object", additionalProperties: "{{hc:b:boolean}}" })]), { b: "no" }],
  [
    "several tools, mixed tags",
    withTools([
      fn("a", "A for {{hc:who:string}}", { type: "object", properties: { x: { type: "string", description: "{{hc:who:string}}'s x" } } }),
      fn("b", "B", { type: "object", properties: { y: { enum: "{{hc:ys:list}}" } } }),
    ]),
    { who: "Ann", ys: [1, 2, 3] },
  ],
  ["spaces inside JSON tags", withTools([fn("f", "for {{ hc : d : string }}", { enum: "{{ hc:e:array }}" })]), { d: "x", e: ["p"] }],
  [
    "tool_choice passes through",
    withTools([fn("f", "d {{hc:a:string}}")], { tool_choice: { type: "function", function: { name: "f" } } }),
    { a: "A" },
  ],
  ["tool_choice string", withTools([fn("f", "d")], { tool_choice: "required" }), {}],
  ["response_format exact key", schemaFormat({ type: "object", properties: { "{{hc:k:string}}": { type: "string" } } }), { k: "myKey" }],
  ["response_format maxItems", schemaFormat({ type: "array", maxItems: "{{hc:n:number}}", items: { type: "string" } }), { n: 3 }],
  [
    "response_format name, description, strict, nested",
    {
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "Hi {{hc:name:string}}" }],
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "out_{{hc:suffix:string}}",
          description: "about {{hc:name:string}}",
          strict: true,
          schema: {
            type: "object",
            properties: {
              answer: { type: "string", description: "for {{hc:name:string}}" },
              tags: { type: "array", items: { enum: "{{hc:tags:array}}" } },
            },
            required: ["answer"],
            additionalProperties: false,
          },
        },
      },
    },
    { name: "Bob", suffix: "v1", tags: ["x", "y"] },
  ],
  [
    "response_format json_object",
    { model: "gpt-4o-mini", messages: [{ role: "user", content: "{{hc:a:string}}" }], response_format: { type: "json_object" } },
    { a: "A" },
  ],
  ["response_format text", { model: "gpt-4o-mini", messages: [{ role: "user", content: "x" }], response_format: { type: "text" } }, {}],
  [
    "everything at once",
    {
      model: "gpt-4o-mini",
      temperature: 0.2,
      max_tokens: 100,
      messages: [
        { role: "system", content: "You are {{hc:persona:string}} with {{hc:n:number}} years." },
        { role: "user", content: [{ type: "text", text: "Hi, I am {{hc:name:string}} ({{hc:vip:boolean}})" }] },
      ],
      tools: [
        fn("lookup_{{hc:domain:string}}", "Look up in {{hc:domain:string}}", {
          type: "object",
          properties: {
            q: { type: "string", enum: "{{hc:qs:array}}" },
            "{{hc:k:string}}": { type: "integer", maximum: "{{hc:n:number}}" },
          },
        }),
      ],
      tool_choice: "auto",
      response_format: {
        type: "json_schema",
        json_schema: { name: "r", schema: { type: "object", properties: { "{{hc:k:string}}": { type: "string" } } } },
      },
    },
    { persona: "a pirate", n: 30, name: "Ann", vip: "yes", domain: "docs", qs: ["a"], k: "key" },
  ],
];

describe("differential: same result as @helicone/helpers mergePromptBody", () => {
  it("has a corpus of at least 40 cases", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(40);
  });

  for (const [name, body, inputs] of CORPUS) {
    it(name, async () => {
      await expectSameAsSdk(body, inputs);
    });
  }

  it("partials with the text supplied: same as the SDK given its raw-keyed partial map", async () => {
    const body = user("Rules: {{hcp:abc123:0}} / {{ hcp:XyZ789:1:staging }} for {{hc:name:string}}");
    const inputs = { name: "Bob", n: 5 };
    const { body: merged, errors } = await sdkMerge(body, inputs, {
      "{{hcp:abc123:0}}": "be kind to {{hc:name:string}}",
      "{{ hcp:XyZ789:1:staging }}": "n={{hc:n:number}}",
    });
    expect(errors).toEqual([]);
    const ours = heliconeTemplate.compile(versionOf(body)).render(inputs, {
      included: new Map([
        ["hcp:abc123:0", "be kind to {{hc:name:string}}"],
        ["hcp:XyZ789:1:staging", "n={{hc:n:number}}"],
      ]),
    });
    expect(ours.messages).toEqual(normalizeHeliconeBody(merged).messages);
    expect(ours.messages[0]!.content).toBe("Rules: be kind to Bob / n=5 for Bob");
  });

  it("includeText matches the SDK's getPromptPartialSubstitutionValue", () => {
    const body = {
      model: "m",
      messages: [
        { role: "system", content: "S {{hc:a:string}}" },
        {
          role: "user",
          content: [
            { type: "text", text: "one" },
            { type: "image_url", image_url: { url: "https://x" } },
            { type: "text", text: "two" },
          ],
        },
      ],
    };
    const compiled = heliconeTemplate.compile(versionOf(body));
    for (const index of [0, 1, 2, 7]) {
      expect(compiled.includeText(index)).toBe(
        sdk.getPromptPartialSubstitutionValue({ prompt_id: "abc123", index } as never, body as never),
      );
    }
  });
});

// -------------------------------------------------------------------------------------------
// Generated corpus: random names, types, values and placements, in the SDK's non-buggy domain.

const RESERVED = new Set([...Object.getOwnPropertyNames(Object.prototype), "__proto__"]);
const nameArb = fc.stringMatching(/^[a-zA-Z_-][a-zA-Z0-9_-]{0,7}$/).filter((n) => !RESERVED.has(n));
const customTypeArb = fc
  .stringMatching(/^[a-zA-Z_-][a-zA-Z0-9_-]{0,7}$/)
  .filter((t) => t !== "number" && t !== "boolean" && t !== "string");
/** Text that never forms a tag on its own; may contain lone braces and colons. */
const safeText = fc.stringMatching(/^[a-zA-Z0-9 .,:;!?'"()\-_{}\n]{0,12}$/).filter((s) => !s.includes("{{") && !s.includes("}}"));
const nonEmptyValue = fc.stringMatching(/^[a-zA-Z0-9 .,!?'_$&-]{1,10}$/).filter((s) => !RESERVED.has(s));

type ScalarVar = { name: string; type: string; value: unknown };
const scalarSpec = fc.oneof(
  fc.record({ type: fc.constant("string"), value: nonEmptyValue }),
  fc.record({
    type: fc.constant("number"),
    value: fc.oneof(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: -99, max: 999 }).map(String), fc.constant(true)),
  }),
  fc.record({ type: fc.constant("boolean"), value: fc.constantFrom(true, "true", "false", "YES", "no", "Yes") }),
  fc.record({ type: customTypeArb, value: nonEmptyValue }),
);
const arraySpec = fc.record({
  type: fc.constantFrom("array", "list", "enum_values"),
  value: fc.array(nonEmptyValue, { minLength: 1, maxLength: 3 }),
});

const wsArb = fc.constantFrom("", " ", "  ");
const wsTextArb = fc.constantFrom("", " ", "\n", "\t", " \n ");
const tagOf = (v: { name: string; type: string }, ws: string[]): string =>
  `{{${ws[0]}hc${ws[1]}:${ws[2]}${v.name}${ws[3]}:${ws[4]}${v.type}${ws[5]}}}`;

interface GenCase {
  body: Body;
  inputs: Inputs;
}

const genCase: fc.Arbitrary<GenCase> = fc
  .record({
    names: fc.uniqueArray(nameArb, { minLength: 2, maxLength: 7 }),
    specs: fc.array(scalarSpec, { minLength: 7, maxLength: 7 }),
    arrays: fc.array(arraySpec, { minLength: 2, maxLength: 2 }),
    strings: fc.array(
      nonEmptyValue.filter((s) => s !== "__proto__"),
      { minLength: 2, maxLength: 2 },
    ),
  })
  .chain(({ names, specs, arrays, strings }) => {
    // The last name is always a string variable (for keys), the one before an array (for exact JSON values).
    const vars: ScalarVar[] = names.map((name, i) => ({ name, ...specs[i]! }));
    const keyVar: ScalarVar = { ...vars[vars.length - 1]!, type: "string", value: strings[0]! };
    const arrVar: ScalarVar = { ...vars[vars.length - 2]!, ...arrays[0]! };
    const scalars = vars.slice(0, -2);
    scalars.push(keyVar);
    const scalarTag = fc.tuple(fc.constantFrom(...scalars), fc.array(wsArb, { minLength: 6, maxLength: 6 })).map(([v, ws]) => tagOf(v, ws));
    const scalarTagText = fc
      .tuple(fc.constantFrom(...scalars), fc.array(wsTextArb, { minLength: 6, maxLength: 6 }))
      .map(([v, ws]) => tagOf(v, ws));
    const textArb = (tag: fc.Arbitrary<string>) =>
      fc.array(fc.oneof(safeText, tag), { minLength: 1, maxLength: 6 }).map((xs) => xs.join(""));
    const messageText = textArb(scalarTagText);
    const jsonText = textArb(scalarTag);
    const keyTag = fc.array(wsArb, { minLength: 6, maxLength: 6 }).map((ws) => tagOf(keyVar, ws));
    const arrTag = fc.array(wsArb, { minLength: 6, maxLength: 6 }).map((ws) => tagOf(arrVar, ws));
    const exactScalar = fc
      .tuple(fc.constantFrom(...scalars), fc.array(wsArb, { minLength: 6, maxLength: 6 }))
      .map(([v, ws]) => tagOf(v, ws));

    const message = fc.oneof(
      fc.record({ role: fc.constantFrom("system", "user", "assistant", "developer"), content: messageText }),
      fc.record({
        role: fc.constant("user"),
        content: fc.array(
          fc.oneof(
            messageText.map((text) => ({ type: "text", text })),
            fc.constant({ type: "image_url", image_url: { url: "https://example.com/{{hc:x:string}}.png" } }),
          ),
          { minLength: 1, maxLength: 3 },
        ),
      }),
    );
    const property = fc.record({
      key: fc.oneof(
        fc.stringMatching(/^p[a-z]{0,4}$/),
        keyTag,
        fc.tuple(fc.constantFrom("k_", "x-"), keyTag).map(([p, t]) => p + t),
      ),
      description: jsonText,
      values: fc.oneof(
        arrTag,
        fc.constant(["fixed", "values"]),
        fc.array(fc.oneof(exactScalar, nonEmptyValue), { minLength: 1, maxLength: 3 }),
      ),
      limit: fc.option(exactScalar, { nil: undefined }),
    });
    const schema = fc.array(property, { minLength: 0, maxLength: 3 }).map((props) => {
      const properties: Record<string, unknown> = {};
      for (const p of props) {
        properties[p.key] = {
          type: "string",
          description: p.description,
          enum: p.values,
          ...(p.limit === undefined ? {} : { maxLength: p.limit }),
        };
      }
      return { type: "object", properties };
    });
    const tool = fc.record({
      name: fc.oneof(
        fc.constant("tool"),
        fc.tuple(fc.constant("tool_"), keyTag).map(([p, t]) => p + t),
      ),
      description: fc.tuple(fc.constant("Does: "), jsonText).map(([p, t]) => p + t),
      parameters: schema,
    });
    return fc
      .record({
        messages: fc.array(message, { minLength: 1, maxLength: 3 }),
        tools: fc.array(tool, { maxLength: 2 }),
        responseFormat: fc.option(schema, { nil: undefined }),
      })
      .map(({ messages, tools, responseFormat }): GenCase => {
        const body: Body = {
          model: "gpt-4o-mini",
          messages,
          tools: tools.map((t) => ({ type: "function", function: t })),
        };
        if (responseFormat !== undefined)
          body.response_format = { type: "json_schema", json_schema: { name: "out", schema: responseFormat } };
        const inputs: Inputs = {};
        for (const v of [...scalars, arrVar]) inputs[v.name] = v.value;
        return { body, inputs };
      });
  });

describe("differential: generated corpus", () => {
  it("matches the SDK on generated prompts (300 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(genCase, async ({ body, inputs }) => {
        await expectSameAsSdk(body, inputs);
      }),
      { numRuns: 300 },
    );
  });
});

// -------------------------------------------------------------------------------------------

const render = (body: Body, inputs: Inputs, options?: Parameters<ReturnType<typeof heliconeTemplate.compile>["render"]>[1]) =>
  heliconeTemplate.compile(versionOf(body)).render(inputs, options);
const firstContent = async (body: Body, inputs: Inputs, partials?: Record<string, string>): Promise<unknown> =>
  ((await sdkMerge(body, inputs, partials)).body.messages as { content: unknown }[])[0]!.content;

describe("deliberate deviations", () => {
  it("1. falsy values: the SDK keeps the tag, we substitute 0 / false / ''", async () => {
    const cases: [string, Inputs, string][] = [
      ["n={{hc:n:number}}", { n: 0 }, "n=0"],
      ["b={{hc:b:boolean}}", { b: false }, "b=false"],
      ["s=[{{hc:s:string}}]", { s: "" }, "s=[]"],
    ];
    for (const [template, inputs, ours] of cases) {
      expect(await firstContent(user(template), inputs)).toBe(template);
      expect(render(user(template), inputs).messages[0]!.content).toBe(ours);
    }
    // In JSON the SDK even reports the falsy value as an error.
    const body = withTools([fn("f", "d", { maxItems: "{{hc:n:number}}" })]);
    expect((await sdkMerge(body, { n: 0 })).errors).toEqual([{ variable: "n", expected: "number", value: 0 }]);
    expect(render(body, { n: 0 }).tools[0]!.parameters).toEqual({ maxItems: 0 });
  });

  it("2. missing / mistyped: the SDK returns errors and leaves text; we throw one invalid_variables listing all", async () => {
    const template = "n={{hc:n:number}} and {{hc:x:string}} by {{hc:who:string}}";
    const inputs = { n: "abc", x: "ok" };
    const merged = await sdkMerge(user(template), inputs);
    expect(merged.errors).toEqual([{ variable: "n", expected: "number", value: "abc" }]);
    expect((merged.body.messages as { content: unknown }[])[0]!.content).toBe(template);
    const err = catchError(() => render(user(template), inputs));
    expect(err.code).toBe("invalid_variables");
    expect(err.problems).toEqual([
      { name: "n", expected: "number", received: 'string "abc"' },
      { name: "who", expected: "defined", received: "undefined" },
    ]);
    // keep mode: only the problem tags stay; the SDK leaves the whole string.
    expect(render(user(template), inputs, { missing: "keep" }).messages[0]!.content).toBe("n={{hc:n:number}} and ok by {{hc:who:string}}");
  });

  it("2b. JSON with one missing variable: the SDK leaves the whole tools array; keep mode keeps only that tag", async () => {
    const body = withTools([fn("a", "for {{hc:d:string}}"), fn("b", "by {{hc:who:string}}")]);
    const merged = await sdkMerge(body, { who: "Ann" });
    expect(merged.errors).toEqual([{ variable: "d", expected: "string", value: undefined }]);
    expect(normalizeHeliconeBody(merged.body).tools).toEqual([
      { name: "a", description: "for {{hc:d:string}}" },
      { name: "b", description: "by {{hc:who:string}}" },
    ]);
    expect(render(body, { who: "Ann" }, { missing: "keep" }).tools).toEqual([
      { name: "a", description: "for {{hc:d:string}}" },
      { name: "b", description: "by Ann" },
    ]);
    expect(catchError(() => render(body, { who: "Ann" })).problems).toEqual([{ name: "d", expected: "defined", received: "undefined" }]);
  });

  it("3. objects and arrays in text: the SDK writes [object Object] / a,b; we write JSON", async () => {
    const body = user("c={{hc:c:any}} t={{hc:t:array}}");
    const inputs = { c: { a: 1 }, t: ["a", "b"] };
    expect(await firstContent(body, inputs)).toBe("c=[object Object] t=a,b");
    expect(render(body, inputs).messages[0]!.content).toBe('c={"a":1} t=["a","b"]');
  });

  it("4. single pass: a value is never expanded (the SDK agrees; we guarantee it)", async () => {
    const body = user("{{hc:a:string}} {{hc:b:string}}");
    const inputs = { a: "{{hc:b:string}}", b: "B" };
    expect(await firstContent(body, inputs)).toBe("{{hc:b:string}} B");
    expect(render(body, inputs).messages[0]!.content).toBe("{{hc:b:string}} B");
  });

  it("5. partials: the SDK (without a partial map, as getPromptBody calls it) keeps the tag; we ask for the text", async () => {
    const body = user("Rules: {{hcp:abc123:0}} for {{hc:name:string}}");
    expect(await firstContent(body, { name: "Bob" })).toBe("Rules: {{hcp:abc123:0}} for Bob");
    const compiled = heliconeTemplate.compile(versionOf(body));
    expect(compiled.includes.map((i) => i.key)).toEqual(["hcp:abc123:0"]);
    expect(catchError(() => compiled.render({ name: "Bob" })).code).toBe("unsupported");
    expect(compiled.render({ name: "Bob" }, { missing: "keep" }).messages[0]!.content).toBe("Rules: {{hcp:abc123:0}} for Bob");
    expect(compiled.render({ name: "Bob" }, { included: new Map([["hcp:abc123:0", "be nice"]]) }).messages[0]!.content).toBe(
      "Rules: be nice for Bob",
    );
  });

  it("minor: first type wins over the whole prompt, not per string", async () => {
    const body = {
      model: "m",
      messages: [
        { role: "user", content: "{{hc:v:string}}" },
        { role: "user", content: "{{hc:v:number}}" },
      ],
    };
    const merged = await sdkMerge(body, { v: "abc" });
    expect(merged.errors).toEqual([{ variable: "v", expected: "number", value: "abc" }]);
    expect((merged.body.messages as { content: string }[]).map((m) => m.content)).toEqual(["abc", "{{hc:v:number}}"]);
    expect(render(body, { v: "abc" }).messages.map((m) => m.content)).toEqual(["abc", "abc"]);
  });

  it("minor: inherited names are not values (the SDK reads Object.prototype)", async () => {
    const body = user("{{hc:constructor:string}}");
    expect(await firstContent(body, {})).toContain("function Object()");
    expect(catchError(() => render(body, {})).problems).toEqual([{ name: "constructor", expected: "defined", received: "undefined" }]);
  });
});
