// Generated templates in every dialect, built from tokens that include each dialect's tags and
// text that looks like the others' tags: parse → print → parse is stable, a translation without
// losses renders the same messages, and one with losses is refused listing every loss.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PromptError } from "../errors/prompt-error.js";
import type { PromptVersion, VersionMessage } from "../model/types.js";
import { DIALECTS, renderAny, sampleValues, versionOf } from "../test-support/translate-kit.js";
import { translateVersion } from "./translate-version.js";

const SHARED = ["Hi ", " ", "\n", "{", "}", "{{", "}}", "#", "@@@", "{a}", "{{a}}", "{b}", "{{b}}", "{{hc:a:string}}", "{{hc:b:number}}"];
const TOKENS: Record<string, string[]> = {
  helicone: [
    ...SHARED,
    "{{hcp:abc123:0}}",
    "{{hcp:abc123:0:staging}}",
    "{{hcp:xyz789:2}}",
    "@@@langfusePrompt:name=abc123|label=staging@@@",
  ],
  tela: [...SHARED, "{{hcp:abc123:0}}", "@@@langfusePrompt:name=tone|label=production@@@", "{{#a}}", "{{/a}}"],
  langfuse: [
    ...SHARED.filter((token) => token !== "{{" && token !== "}}" && token !== "{{hc:a:string}}" && token !== "{{hc:b:number}}"),
    "{{#a}}",
    "{{/a}}",
    "{{^b}}",
    "{{/b}}",
    "@@@langfusePrompt:name=tone|label=production@@@",
    "@@@langfusePrompt:name=abc123|version=3@@@",
  ],
};

const textFor = (dialect: string) => fc.array(fc.constantFrom(...TOKENS[dialect]!), { maxLength: 12 }).map((tokens) => tokens.join(""));

function versionFor(dialect: string) {
  return fc
    .tuple(fc.array(textFor(dialect), { minLength: 1, maxLength: 3 }), fc.boolean())
    .map(([texts, withPlaceholder]): PromptVersion => {
      const messages: VersionMessage[] = texts.map((content, index) => ({ role: index === 0 ? "system" : "user", content }));
      const variables = [
        { name: "a", type: "string", required: true },
        { name: "b", type: "number", required: true },
      ];
      if (dialect === "langfuse" && withPlaceholder) {
        messages.splice(1, 0, { role: "placeholder", name: "history" });
        variables.push({ name: "history", type: "placeholder", required: true });
      }
      return versionOf(dialect, { vendor: dialect, messages, variables });
    });
}

/** Reads the version, or `null` when it cannot be read. */
function readable(version: PromptVersion) {
  try {
    return DIALECTS[version.template]!.dialect.read(version);
  } catch (err) {
    // Malformed Mustache, or a dependency inside a tag (refused, since no neutral form says that).
    if (PromptError.is(err) && (err.code === "invalid_prompt" || err.code === "unsupported")) return null;
    throw err;
  }
}

const RUNS = { numRuns: 300 };

describe.each(Object.keys(DIALECTS))("generated %s templates", (source) => {
  it("parse → print → parse is stable, without losses", () => {
    fc.assert(
      fc.property(versionFor(source), (version) => {
        const neutral = readable(version);
        fc.pre(neutral !== null);
        const { dialect } = DIALECTS[source]!;
        const written = dialect.write(neutral!);
        expect(written.losses).toEqual([]);
        const again = dialect.read(written.version);
        expect(again.messages).toEqual(neutral!.messages);
        // Writing declares every name the text uses; the declared ones stay as they were.
        expect(again.variables).toEqual(expect.arrayContaining(neutral!.variables));
      }),
      RUNS,
    );
  });

  it.each(Object.keys(DIALECTS).filter((target) => target !== source))(
    "into %s: renders the same when nothing is lost, refuses listing every loss otherwise",
    (target) => {
      const from = DIALECTS[source]!.dialect;
      const to = DIALECTS[target]!.dialect;
      const seen = { lossless: 0, lossy: 0 };
      fc.assert(
        fc.property(versionFor(source), (version) => {
          fc.pre(readable(version) !== null);
          const lenient = translateVersion(version, { from, to, allowLossy: true });
          if (lenient.losses.length === 0) {
            seen.lossless++;
            const strict = translateVersion(version, { from, to });
            // Values for every name either side uses: a source may use names it does not declare.
            const values = { ...sampleValues(strict.version), ...sampleValues(version) };
            expect(renderAny(strict.version, values).messages).toEqual(renderAny(version, values).messages);
            return;
          }
          seen.lossy++;
          let error: unknown;
          try {
            translateVersion(version, { from, to });
          } catch (err) {
            error = err;
          }
          expect(PromptError.is(error) && error.code).toBe("unsupported");
          for (const loss of lenient.losses)
            expect((error as PromptError).message).toContain(`${loss.kind} "${loss.name}" at ${loss.where}`);
          // The lossy version is still a valid template of the target.
          expect(readable(lenient.version)).not.toBeNull();
        }),
        RUNS,
      );
      // Renders were compared, so the property does not hold vacuously. (Some pairs never lose:
      // Langfuse can escape every Tela text.)
      expect(seen.lossless).toBeGreaterThan(10);
    },
  );
});
