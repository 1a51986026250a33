// Typed prompts, for each vendor on each target: the generated registry names every variable of
// the prompt (and of the prompts it includes), a bundle gives the same file as the vendor, and
// `extraVariables: "error"` makes a variable the prompt does not read one more problem.
import { describe, expect, it } from "vitest";
import { createBundle, generatePromptTypes, generatePromptTypesFromBundle, sampleVariables } from "@polyprompt/core";
import { forEachTarget, type Session } from "./targets.js";
import { caught } from "./support.js";

forEachTarget((_tc, session) => {
  const s = (): Session => session();

  describe("typed prompts", () => {
    it("generatePromptTypes lists the reference with each of its variables", async () => {
      const version = await s().client().get(s().ref());
      const text = await generatePromptTypes({ vendors: [s().adapter()], refs: [s().ref()] });
      expect(text).toContain(`declare module "@polyprompt/core" {`);
      expect(text).toContain(`${JSON.stringify(s().ref())}:`);
      for (const variable of version.variables) expect(text).toMatch(new RegExp(`^ {8}"?${variable.name}"?\\??: `, "m"));
    });

    it("generatePromptTypesFromBundle gives the same file from a bundle, with no request", async () => {
      const bundle = await createBundle(s().client(), [s().ref()]);
      const refs = bundle.entries.map((entry) => entry.ref as string);
      const engines = [s().adapter().templateEngine];
      expect(await generatePromptTypesFromBundle(bundle, { engines })).toBe(await generatePromptTypes({ vendors: [s().adapter()], refs }));
    });

    it('extraVariables: "error" lists a variable the prompt does not use; by default it is ignored', async () => {
      const client = s().client();
      const variables = sampleVariables(await client.get(s().ref()));
      const extra = { ...variables, polypromptNotAVariable: "x" };
      await expect(client.render(s().ref(), extra, { missing: "keep" })).resolves.toBeDefined();
      const err = await caught(() => client.render(s().ref(), extra, { missing: "keep", extraVariables: "error" }));
      expect(err.code).toBe("invalid_variables");
      expect(err.problems).toContainEqual(expect.objectContaining({ name: "polypromptNotAVariable", expected: "unused" }));
    });
  });
});
