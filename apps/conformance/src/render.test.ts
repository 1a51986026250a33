// render, renderPrompt, toOpenAIChat and toAnthropicMessages, for each vendor on each target.
import { describe, expect, it } from "vitest";
import {
  compileVersion,
  renderPrompt,
  toAnthropicMessages,
  toOpenAIChat,
  type PromptClient,
  type PromptVariable,
  type PromptVersion,
} from "@polyprompt/core";
import { itConforms } from "./known-issues.js";
import { VENDOR_PROFILES } from "./vendors.js";
import { forEachTarget, type Session, type VendorName } from "./targets.js";
import {
  caught,
  expectAnthropicBody,
  expectIsoDate,
  expectNoPlaceholders,
  expectOpenAIChatBody,
  placeholderForms,
  sampleValues,
} from "./support.js";

const MAX_TOKENS = 512;
/** At most this many versions are rendered one by one (keeps live runs short). */
const PER_VERSION_LIMIT = 8;

/** The text values of a sample: each must show up in the rendered output. */
function textValues(variables: readonly PromptVariable[], values: Record<string, unknown>): string[] {
  return variables.filter((v) => typeof values[v.name] === "string").map((v) => values[v.name] as string);
}

/** The roles a render of `version` has: each placeholder becomes the roles of the messages given for it. */
function renderedRoles(version: PromptVersion, values: Record<string, unknown>): string[] {
  return version.messages.flatMap((m) =>
    m.role === "placeholder" ? ((values[m.name] as { role: string }[] | undefined) ?? []).map((given) => given.role) : [m.role],
  );
}

/** The engine root `renderPrompt` and `compileVersion` take: the one the vendor's entry point exports. */
const engineOf = (version: PromptVersion) => VENDOR_PROFILES[version.vendor as VendorName].engine;

/** Declared variables that a version's messages, tools or response format actually use. */
function usedVariables(version: PromptVersion): PromptVariable[] {
  const text = JSON.stringify([version.messages, version.tools, version.responseFormat]);
  return version.variables.filter((v) => placeholderForms(version.vendor as VendorName, v.name).some((form) => text.includes(form)));
}

/**
 * The text of each prompt a version includes (Helicone partials), fetched through the client and
 * cut out with compileVersion(...).includeText: what renderPrompt needs in `options.included`.
 */
async function includedTexts(client: PromptClient, version: PromptVersion): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const include of compileVersion(version, engineOf(version)).includes) {
    const included = await client.get(include.ref);
    const nested = compileVersion(included, engineOf(included)).includes.length > 0 ? await includedTexts(client, included) : undefined;
    texts.set(include.key, compileVersion(included, engineOf(included)).includeText(include.messageIndex, nested));
  }
  return texts;
}

/** Runs `check` for each item and throws one error listing every failure (one line each). */
async function forEvery<T>(items: readonly T[], label: (item: T) => string, check: (item: T) => Promise<void> | void): Promise<void> {
  const failures: string[] = [];
  for (const item of items) {
    try {
      await check(item);
    } catch (err) {
      failures.push(`${label(item)}: ${(err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, " ")}`);
    }
  }
  if (failures.length > 0) throw new Error(failures.join("\n"));
}

forEachTarget((tc, session) => {
  const s = (): Session => session();

  describe("render", () => {
    it("render(production) fills every declared variable and carries the version's identity", async () => {
      const client = s().client();
      const version = await client.get(s().ref());
      const values = sampleValues(version.variables);
      const rendered = await client.render(s().ref(), values);
      expect(rendered).toMatchObject({
        vendor: version.vendor,
        promptId: version.promptId,
        versionId: version.versionId,
        version: version.version,
        model: version.model,
        params: version.params,
        source: "cache",
        fetchedAt: version.fetchedAt,
      });
      expectIsoDate(rendered.fetchedAt, "fetchedAt");
      const roles = renderedRoles(version, values);
      expect(rendered.messages.length).toBe(roles.length);
      for (const [i, m] of rendered.messages.entries()) expect(m.role, `messages[${i}].role`).toBe(roles[i]);
      expect(rendered.tools.map((t) => t.name)).toEqual(version.tools.map((t) => t.name));
      expect(rendered.toolChoice).toEqual(version.toolChoice);
      expect(rendered.responseFormat?.type).toBe(version.responseFormat?.type);
      expectNoPlaceholders(rendered, tc.vendor, version.variables);
      const json = JSON.stringify(rendered);
      for (const value of textValues(usedVariables(version), values)) expect(json, `value ${value}`).toContain(value);
    });

    it("renderPrompt(get(...), vars, { included }) is pure and equals client.render", async () => {
      const client = s().client();
      const version = await client.get(s().ref());
      const values = sampleValues(version.variables);
      const included = await includedTexts(client, version);
      if (included.size > 0) {
        const err = await caught(() => renderPrompt(version, values, { engine: engineOf(version) }));
        expect(err.code, "renderPrompt without the included texts").toBe("unsupported");
      }
      const frozen = JSON.stringify(version);
      const direct = renderPrompt(version, values, { included, engine: engineOf(version) });
      expect(JSON.stringify(version), "renderPrompt does not modify the version").toBe(frozen);
      const viaClient = await client.render(s().ref(), values);
      expect(direct.messages).toEqual(viaClient.messages);
      expect(direct.tools).toEqual(viaClient.tools);
      expect(direct.responseFormat).toEqual(viaClient.responseFormat);
      expect(renderPrompt(version, values, { included, engine: engineOf(version) })).toEqual(direct);
    });

    it('a missing variable is invalid_variables listing every problem; missing: "keep" leaves placeholders', async () => {
      const client = s().client();
      const version = await client.get(s().ref());
      await client.render(s().ref(), sampleValues(version.variables)); // warms included prompts too
      const required = version.variables.filter((v) => v.required);
      if (required.length === 0) {
        // Nothing can be missing: an empty render must succeed.
        await client.render(s().ref(), {});
        return;
      }
      const before = s().upstream();
      const err = await caught(() => client.render(s().ref(), {}));
      expect(s().upstream(), "the failed render was served from the cache").toBe(before);
      expect(err.code).toBe("invalid_variables");
      expect(err.vendor).toBe(tc.vendor);
      expect(err.problems?.map((p) => p.name).sort()).toEqual(required.map((v) => v.name).sort());
      for (const problem of err.problems ?? []) {
        // A message placeholder expects messages; every other variable a defined value.
        const placeholder = version.variables.find((v) => v.name === problem.name)?.type === "placeholder";
        const expected = placeholder ? "an array of { role, content } messages" : "defined";
        expect(problem).toEqual({ name: problem.name, expected, received: "undefined" });
      }
      const one = required[0]!;
      const values = sampleValues(version.variables);
      delete values[one.name];
      const single = await caught(() => client.render(s().ref(), values));
      expect(single.code).toBe("invalid_variables");
      expect(single.problems?.map((p) => p.name)).toEqual([one.name]);
      expect(single.message).toContain(one.name);

      const kept = await client.render(s().ref(), {}, { missing: "keep" });
      const used = usedVariables(version).filter((v) => v.required);
      const json = JSON.stringify(kept.messages);
      const left = used.filter((v) => placeholderForms(tc.vendor, v.name).some((form) => json.includes(form)));
      if (VENDOR_PROFILES[tc.vendor].keptMissing === "placeholder") expect(left.length > 0 || used.length === 0).toBe(true);
      else expect(left.map((v) => v.name)).toEqual([]);
    });

    it("every listed version renders with sample values, leaving no placeholder", async () => {
      const client = s().client();
      await forEvery(
        s().versions.slice(0, PER_VERSION_LIMIT),
        (v) => `version ${v.version}`,
        async (listed) => {
          const version = await client.get(s().ref(`#${listed.versionId}`));
          const rendered = await client.render(s().ref(`#${listed.versionId}`), sampleValues(version.variables));
          expect(rendered.versionId).toBe(listed.versionId);
          expectNoPlaceholders(rendered, tc.vendor, version.variables);
        },
      );
    });
  });

  describe("provider bodies", () => {
    itConforms(tc, "toOpenAIChat(render(production)) is a well-formed Chat Completions body", async () => {
      const client = s().client();
      const version = await client.get(s().ref());
      const rendered = await client.render(s().ref(), sampleValues(version.variables));
      const body = toOpenAIChat(rendered);
      expectOpenAIChatBody(body, rendered);
      expect(body.model).toBe(version.model);
      expectNoPlaceholders(body, tc.vendor, version.variables);
      if (version.tools.length > 0) expect(body.tools?.map((t) => t.function.name)).toEqual(version.tools.map((t) => t.name));
      if (version.responseFormat) expect(body.response_format?.type).toBe(version.responseFormat.type);
      // Overrides win, and the input is not changed.
      const snapshot = JSON.stringify(rendered);
      const overridden = toOpenAIChat(rendered, { model: "gpt-conformance", temperature: 0, maxTokens: 64 });
      expect(overridden).toMatchObject({ model: "gpt-conformance", temperature: 0 });
      expect(overridden.max_tokens ?? overridden.max_completion_tokens).toBe(64);
      expect(JSON.stringify(rendered)).toBe(snapshot);
    });

    itConforms(tc, "toAnthropicMessages(render(production), { maxTokens }) is a well-formed Messages body", async () => {
      const client = s().client();
      const version = await client.get(s().ref());
      const rendered = await client.render(s().ref(), sampleValues(version.variables));
      const body = toAnthropicMessages(rendered, { maxTokens: MAX_TOKENS });
      expectAnthropicBody(body, MAX_TOKENS);
      expectNoPlaceholders(body, tc.vendor, version.variables);
      const systemText = rendered.messages.filter((m) => m.role === "system" || m.role === "developer");
      if (systemText.length > 0) expect(typeof body.system).toBe("string");
      if (version.params.maxTokens !== undefined) {
        expect(toAnthropicMessages(rendered).max_tokens, "max_tokens defaults to the prompt's maxTokens").toBe(version.params.maxTokens);
      } else {
        const err = await caught(() => toAnthropicMessages(rendered));
        expect(err.code, "no max_tokens anywhere").toBe("unsupported");
      }
    });

    itConforms(tc, "every listed version converts to a Chat Completions body", async () => {
      const client = s().client();
      await forEvery(
        s().versions.slice(0, PER_VERSION_LIMIT),
        (v) => `version ${v.version}`,
        async (listed) => {
          const rendered = await client.render(
            s().ref(`#${listed.versionId}`),
            sampleValues((await client.get(s().ref(`#${listed.versionId}`))).variables),
          );
          expectOpenAIChatBody(toOpenAIChat(rendered), rendered);
        },
      );
    });

    itConforms(tc, "every listed version converts to a Messages body", async () => {
      const client = s().client();
      await forEvery(
        s().versions.slice(0, PER_VERSION_LIMIT),
        (v) => `version ${v.version}`,
        async (listed) => {
          const rendered = await client.render(
            s().ref(`#${listed.versionId}`),
            sampleValues((await client.get(s().ref(`#${listed.versionId}`))).variables),
          );
          expectAnthropicBody(toAnthropicMessages(rendered, { maxTokens: MAX_TOKENS }), MAX_TOKENS);
        },
      );
    });
  });
});
