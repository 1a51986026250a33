// Prompt files from real versions (fetched over HTTP from the emulator): read back to the same
// version, and rendered by Google's dotprompt to the same messages as polyprompt renders.
import {
  contentHash,
  createPromptClient,
  PromptError,
  sampleVariables,
  type PromptClient,
  type PromptMessage,
  type PromptVersion,
  type RenderedPrompt,
} from "@polyprompt/core";
import { helicone, heliconeDialect } from "@polyprompt/core/helicone";
import { langfuse, langfuseDialect } from "@polyprompt/core/langfuse";
import { tela, telaDialect } from "@polyprompt/core/tela";
import { SEED, startEmulator, type Emulator } from "@polyprompt/emulator";
import { Dotprompt } from "dotprompt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPromptFile, writePromptFile } from "./prompt-file.js";

const dialects = [heliconeDialect, langfuseDialect, telaDialect];
const KEYS = { helicone: "sk-helicone-FILES-1", tela: "tela-FILES-2", langfuse: ["pk-lf-FILES-3", "sk-lf-FILES-4"] } as const;
let emu: Emulator;
let client: PromptClient;
beforeAll(async () => {
  emu = await startEmulator({ apiKeys: { helicone: [KEYS.helicone], tela: [KEYS.tela], langfuse: [KEYS.langfuse.join(":")] } });
  client = createPromptClient({
    cache: false,
    vendors: [
      helicone({ apiKey: KEYS.helicone, baseUrl: emu.urlFor("helicone") }),
      tela({ apiKey: KEYS.tela, baseUrl: emu.urlFor("tela") }),
      langfuse({ publicKey: KEYS.langfuse[0], secretKey: KEYS.langfuse[1], baseUrl: emu.urlFor("langfuse") }),
    ],
  });
});
afterAll(() => emu?.close());

/** What a version means, for comparing it with the one its file reads back to (Tela's `{x}` and `{{x}}` mean the same). */
function essence(version: PromptVersion) {
  const { tools, params, model, responseFormat, toolChoice, variables, type } = version;
  const dialect = dialects.find((d) => d.syntax === version.template)!;
  const messages = dialect.read(version).messages;
  return {
    messages,
    tools,
    params,
    model,
    responseFormat,
    toolChoice,
    variables: variables.map(({ name, type, required }) => ({ name, type, required })),
    type,
  };
}

/** dotprompt's messages in polyprompt's shape. */
function fromDotprompt(messages: { role: string; content: { text?: string }[]; metadata?: Record<string, unknown> }[]): PromptMessage[] {
  return messages.map((m) => ({
    role: m.role === "model" ? "assistant" : (m.role as PromptMessage["role"]),
    content: m.content.map((part) => part.text ?? "").join(""),
  }));
}

const plainMessages = (rendered: RenderedPrompt): PromptMessage[] =>
  rendered.messages.map((m) => ({
    role: m.role,
    content: typeof m.content === "string" ? m.content : m.content.map((p) => (p.type === "text" ? p.text : "")).join(""),
  }));

const LOSSLESS = [
  "langfuse:support/chat",
  "langfuse:support/chat@staging",
  "langfuse:welcome-email",
  "langfuse:classifier",
  `helicone:${SEED.helicone.brandVoice.promptId}`,
  `tela:${SEED.tela.meetingSummarizer.promptId}`,
];

describe("prompt files", () => {
  it.each(LOSSLESS)("%s: the file reads back to the same version, and dotprompt renders it as polyprompt does", async (ref) => {
    const version = await client.get(ref);
    const hash = await contentHash(version);
    const { text, losses } = writePromptFile(version, { dialects, contentHash: hash });
    expect(losses).toEqual([]);
    const back = readPromptFile(text, "test.prompt", { dialects });
    expect(essence(back.version)).toEqual(essence(version));
    expect(back.meta).toEqual({
      vendor: version.vendor,
      promptId: version.promptId,
      template: version.template,
      environments: version.environments,
      contentHash: hash,
    });
    expect(writePromptFile(back.version, { dialects, contentHash: hash }).text).toBe(text);

    const values = sampleVariables(version);
    const rendered = await client.render(ref, values);
    const history = version.messages.find((m) => m.role === "placeholder");
    const input = Object.fromEntries(Object.entries(values).filter(([name]) => name !== history?.name));
    const historyMessages = history
      ? (values[history.name] as PromptMessage[]).map((m) => ({
          role: m.role === "assistant" ? "model" : m.role,
          content: [{ text: m.content as string }],
        }))
      : undefined;
    const dp = new Dotprompt();
    const out = await dp.render(text, { input, ...(historyMessages ? { messages: historyMessages as never } : {}) });
    expect(fromDotprompt(out.messages as never)).toEqual(plainMessages(rendered));
    expect(out.model).toBe(version.model);
  });

  it("refuses what dotprompt cannot hold, listing every loss", async () => {
    const version = await client.get(`helicone:${SEED.helicone.supportAgent.promptId}`);
    const err = (() => {
      try {
        writePromptFile(version, { dialects });
      } catch (e) {
        return e;
      }
    })();
    expect(PromptError.is(err) && err.code).toBe("unsupported");
    expect(String((err as Error).message)).toContain("tool-variable");
  });
});
