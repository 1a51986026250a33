// Generated templates in every vendor dialect, translated to dotprompt's Handlebars: read → write →
// read is stable, and where nothing was lost Google's dotprompt renders the file to the messages
// the vendor's own engine renders (includes standing in as partials with the same text).
import {
  PromptError,
  type NeutralVersion,
  type PromptMessage,
  type PromptVariables,
  type PromptVersion,
  type RenderedPrompt,
  type TemplateEngine,
  type VersionMessage,
} from "@polyprompt/core";
import { heliconeDialect, heliconeTemplate, renderPrompt as renderHelicone } from "@polyprompt/core/helicone";
import { langfuseDialect, langfuseTemplate, renderPrompt as renderLangfuse } from "@polyprompt/core/langfuse";
import { telaDialect, telaTemplate, renderPrompt as renderTela } from "@polyprompt/core/tela";
import { Dotprompt } from "dotprompt";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { handlebarsDialect } from "./handlebars-dialect.js";
import { writePromptFile } from "./prompt-file.js";

const VENDORS: Record<string, { engine: TemplateEngine; render: typeof renderHelicone }> = {
  helicone: { engine: heliconeTemplate, render: renderHelicone },
  tela: { engine: telaTemplate, render: renderTela },
  langfuse: { engine: langfuseTemplate, render: renderLangfuse },
};
const dialects = [heliconeDialect, telaDialect, langfuseDialect];

const SHARED = ["Hi ", " ", "\n", "  \n", "{", "}", "\\", "#", "@@@", "{a}", "{{a}}", "{b}", "{{b}}"];
const TOKENS: Record<string, string[]> = {
  helicone: [...SHARED, "{{", "}}", "{{hc:a:string}}", "{{hc:b:number}}", "{{hcp:abc123:0}}"],
  tela: [...SHARED, "{{", "}}", "{{#a}}", "{{/a}}"],
  langfuse: [
    ...SHARED,
    "{{#a}}",
    "{{/a}}",
    "{{^b}}",
    "{{/b}}",
    "\n{{#a}}\n",
    "\n{{/a}}\n",
    "@@@langfusePrompt:name=tone|label=production@@@",
  ],
};

function versionFor(vendor: string) {
  return fc
    .tuple(fc.array(fc.array(fc.constantFrom(...TOKENS[vendor]!), { maxLength: 10 }), { minLength: 1, maxLength: 3 }), fc.boolean())
    .map(([texts, withHistory]): PromptVersion => {
      const messages: VersionMessage[] = texts.map((tokens, index) => ({
        role: index === 0 ? "system" : index % 2 ? "user" : "assistant",
        content: tokens.join(""),
      }));
      const variables = [
        { name: "a", type: "string", required: true },
        { name: "b", type: "number", required: true },
      ];
      if (vendor === "langfuse" && withHistory) messages.splice(1, 0, { role: "placeholder", name: "history" });
      return {
        vendor,
        promptId: "p",
        versionId: "1",
        version: "1",
        environments: ["production"],
        draft: false,
        createdAt: "2026-01-01T00:00:00.000Z",
        raw: [],
        source: "network",
        fetchedAt: "2026-01-01T00:00:00.000Z",
        template: vendor,
        model: "gpt-4o",
        params: {},
        messages,
        tools: [],
        variables,
      };
    });
}

const VALUES: PromptVariables = { a: "<a>", b: 7, history: [{ role: "user", content: "earlier" }] };
const includedText = (promptId: string) => `[included ${promptId}]`;

function renderVendor(version: PromptVersion): PromptMessage[] | null {
  const { engine, render } = VENDORS[version.vendor]!;
  try {
    const included = new Map(engine.compile(version).includes.map((include) => [include.key, includedText(include.ref.promptId)]));
    return plain(render(version, VALUES, { included }));
  } catch (err) {
    if (PromptError.is(err)) return null;
    throw err;
  }
}

const plain = (rendered: Pick<RenderedPrompt, "messages">): PromptMessage[] =>
  rendered.messages.map((m) => ({
    role: m.role,
    content: typeof m.content === "string" ? m.content : m.content.map((p) => (p.type === "text" ? p.text : "")).join(""),
  }));

/** The file, or `null` when the template is malformed or cannot be a file without loss. */
function fileFor(version: PromptVersion): string | null {
  try {
    return writePromptFile(version, { dialects }).text;
  } catch (err) {
    if (PromptError.is(err) && (err.code === "unsupported" || err.code === "invalid_prompt")) return null;
    throw err;
  }
}

const RUNS = { numRuns: 150 };

describe.each(Object.keys(VENDORS))("generated %s templates into Handlebars", (vendor) => {
  it("read → write → read is stable", () => {
    fc.assert(
      fc.property(versionFor(vendor), (version) => {
        const dialect = dialects.find((d) => d.syntax === vendor)!;
        let neutral: NeutralVersion;
        try {
          neutral = dialect.read(version);
        } catch (err) {
          if (PromptError.is(err)) return;
          throw err;
        }
        const written = handlebarsDialect.write(neutral);
        fc.pre(written.losses.length === 0);
        // Types travel in the version's variables, not in Handlebars tags.
        const untyped = (value: unknown) =>
          JSON.parse(JSON.stringify(value, (key, v) => (key === "type" && typeof v === "string" && v !== "text" ? undefined : v)));
        expect(untyped(handlebarsDialect.read(written.version).messages)).toEqual(untyped(neutral.messages));
      }),
      RUNS,
    );
  });

  it("dotprompt renders a lossless file as the vendor renders the version", async () => {
    await fc.assert(
      fc.asyncProperty(versionFor(vendor), async (version) => {
        const expected = renderVendor(version);
        fc.pre(expected !== null);
        const text = fileFor(version);
        fc.pre(text !== null);
        const dp = new Dotprompt({ partialResolver: async (name) => includedText(name) });
        const history = version.messages.some((m) => m.role === "placeholder");
        const out = await dp.render(text!, {
          input: VALUES,
          ...(history ? { messages: [{ role: "user", content: [{ text: "earlier" }] }] } : {}),
        });
        const messages = out.messages
          .map((m) => ({
            role: m.role === "model" ? "assistant" : m.role,
            content: m.content.map((p) => ("text" in p ? p.text : "")).join(""),
          }))
          .filter((m) => m.content.trim() !== "");
        // dotprompt drops a message that renders to whitespace only.
        expect(messages).toEqual(expected!.filter((m) => (m.content as string).trim() !== ""));
      }),
      RUNS,
    );
  });
});
