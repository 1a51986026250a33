// Langfuse end to end against the emulator over real HTTP: listed, fetched by each kind of
// reference, rendered with placeholders and a dependency (equal to the server's own
// resolution), converted for OpenAI and Anthropic. The shared emulator helper wires up other
// vendors; this file brings its own Langfuse client.
import { type Emulator, startEmulator } from "@polyprompt/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPromptClient } from "../../client/create-client.js";
import { toAnthropicMessages } from "../../convert/anthropic.js";
import { toOpenAIChat } from "../../convert/openai.js";
import type { PromptVariables, PromptVersion } from "../../model/types.js";
import { caught } from "../../test-support/emulator.js";
import { langfuse, renderPrompt } from "./index.js";
import { normalizeLangfuseVersion } from "./normalize.js";
import { promptShape } from "./shapes.js";

const PUBLIC_KEY = "pk-lf-e2e-PUBLIC-5d4c3b";
const SECRET_KEY = "sk-lf-e2e-SECRET-0a9b8c";

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ apiKeys: { langfuse: [`${PUBLIC_KEY}:${SECRET_KEY}`] } });
});
afterAll(() => emu?.close());

const client = () =>
  createPromptClient({
    vendors: [langfuse({ publicKey: PUBLIC_KEY, secretKey: SECRET_KEY, baseUrl: emu.urlFor("langfuse") })],
    retry: false,
  });

/** A value for every variable the version declares: text for text, a short history for a placeholder. */
function variablesFor(version: PromptVersion): PromptVariables {
  const out: PromptVariables = {};
  for (const v of version.variables) {
    out[v.name] =
      v.type === "placeholder"
        ? [
            { role: "user", content: "Earlier question about {{name}}" },
            { role: "assistant", content: "Earlier answer" },
          ]
        : `value-of-${v.name}`;
  }
  return out;
}

describe("langfuse against the emulator", () => {
  it("lists every version newest first, and each kind of reference fetches the version the seed says", async () => {
    const prompts = client();
    const seed = emu.seed.langfuse.supportChat;
    const { name } = seed;
    expect(name).toBe("support/chat");
    const list = await prompts.listVersions(`langfuse:${name}`);
    expect(list.map((v) => v.versionId)).toEqual([...seed.versions].reverse().map(String));
    expect(list.find((v) => v.versionId === String(seed.labels.production))!.environments).toContain("production");
    expect(list.find((v) => v.versionId === String(seed.labels.staging))!.environments).toContain("staging");
    for (const v of list) expect(v.environments).not.toContain("latest");

    const expected: [string, number][] = [
      [`langfuse:${name}`, seed.labels.production],
      [`langfuse:${name}@production`, seed.labels.production],
      [`langfuse:${name}@staging`, seed.labels.staging],
      [`langfuse:${name}@latest`, seed.labels.latest],
      [`langfuse:${name}@1`, 1],
      [`langfuse:${name}#1`, 1],
      [`langfuse:${name}#${seed.labels.production}`, seed.labels.production],
    ];
    for (const [ref, version] of expected) {
      const got = await prompts.get(ref);
      expect(got, ref).toMatchObject({ vendor: "langfuse", promptId: name, versionId: String(version), template: "langfuse" });
    }
    const production = await prompts.get(`langfuse:${name}`);
    expect(production.messages).toContainEqual({ role: "placeholder", name: "history" });
  });

  it("an unknown name, label or version is not_found", async () => {
    const prompts = client();
    const name = emu.seed.langfuse.supportChat.name;
    for (const ref of ["langfuse:no/such-prompt", `langfuse:${name}@no-such-label`, `langfuse:${name}@9999`]) {
      const error = await caught(() => prompts.get(ref));
      expect(error, ref).toMatchObject({ code: "not_found", vendor: "langfuse" });
      expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(SECRET_KEY);
    }
  });

  it("renders the chat prompt with its placeholder filled (history never expanded), for OpenAI and Anthropic", async () => {
    const prompts = client();
    const ref = `langfuse:${emu.seed.langfuse.supportChat.name}`;
    const version = await prompts.get(ref);
    const variables = variablesFor(version);
    const rendered = await prompts.render(ref, variables);
    expect(rendered.messages).toContainEqual({ role: "user", content: "Earlier question about {{name}}" });
    expect(rendered.messages.some((m) => m.role === ("placeholder" as string))).toBe(false);
    const openai = toOpenAIChat(rendered, { model: rendered.model ?? "gpt-4o-mini" });
    expect(openai.messages.length).toBe(rendered.messages.length);
    const anthropic = toAnthropicMessages(rendered, { model: "claude-sonnet-4", maxTokens: 256 });
    expect(anthropic.messages.length).toBeGreaterThan(0);
  });

  it("renders the text prompt as the user's turn", async () => {
    const rendered = await client().render(`langfuse:${emu.seed.langfuse.welcomeEmail.name}`, { name: "Ada", plan: "Pro" });
    expect(rendered.messages).toEqual([{ role: "user", content: "Hi Ada, welcome to Pro" }]);
  });

  it.each(["production", "staging"])(
    "a dependency (%s: by label, by version) is resolved through the client's cache and equals the server's own resolution",
    async (label) => {
      const prompts = client();
      const name = emu.seed.langfuse.supportAgent.name;
      const child = `/api/public/v2/prompts/${encodeURIComponent(emu.seed.langfuse.brandVoice.name)}`;
      const childFetches = () => emu.requests.recent().filter((r) => r.vendor === "langfuse" && r.path === child).length;
      const fetchedBefore = childFetches();
      const version = await prompts.get(`langfuse:${name}@${label}`);
      const variables = variablesFor(version);
      const rendered = await prompts.render(`langfuse:${name}@${label}`, variables);

      // The server resolves the tags itself when asked to (resolve defaults to true).
      const url = `${emu.urlFor("langfuse")}/api/public/v2/prompts/${encodeURIComponent(name)}?label=${label}`;
      const response = await fetch(url, { headers: { authorization: `Basic ${btoa(`${PUBLIC_KEY}:${SECRET_KEY}`)}` } });
      const checked = promptShape(await response.json(), "$");
      if (!checked.ok) throw new Error(`server payload off the spec at ${checked.path}`);
      const resolved = { ...normalizeLangfuseVersion(checked.value, []), source: "network", fetchedAt: "" } as PromptVersion;
      expect(JSON.stringify(resolved.messages)).not.toContain("@@@langfusePrompt");
      expect(rendered.messages).toEqual(renderPrompt(resolved, variables).messages);

      // The child was fetched once; a second render asks nothing.
      expect(childFetches() - fetchedBefore).toBe(1);
      const before = emu.requests.total();
      await prompts.render(`langfuse:${name}@${label}`, variables);
      expect(emu.requests.total()).toBe(before);
    },
  );

  it("the classifier's config reaches the OpenAI body: model, params, tools, tool_choice, json_schema", async () => {
    const prompts = client();
    const ref = `langfuse:${emu.seed.langfuse.classifier.name}`;
    const version = await prompts.get(ref);
    const rendered = await prompts.render(ref, variablesFor(version));
    const body = toOpenAIChat(rendered);
    expect(typeof body.model).toBe("string");
    expect(body.tools?.length).toBeGreaterThan(0);
    expect(body.tool_choice).toBeDefined();
    expect(body.response_format).toMatchObject({ type: "json_schema" });
    expect(typeof body.temperature).toBe("number");
    expect(typeof (body.max_tokens ?? body.max_completion_tokens)).toBe("number");
    expect(toAnthropicMessages(rendered).tools?.length).toBeGreaterThan(0);
  });
});
