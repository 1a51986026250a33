// Each included text is charged to the render limits once per occurrence, not once more by the
// check that every partial was supplied.
import { expect, it } from "vitest";
import { RenderBudget, renderLimits } from "../../render/render-limits.js";
import { compileBody, textBody } from "./__fixtures__/version.js";

it("charges a partial's text once per occurrence", () => {
  const compiled = compileBody(textBody("Intro: {{hcp:brand1:0:production}} and {{hcp:brand1:0:production}}."));
  const key = compiled.includes[0]!.key;
  const text = "0123456789";
  // Two occurrences of 10 characters: 20 charged. A limit of 25 holds unless the text is counted twice more.
  const budget = new RenderBudget(renderLimits({ maxIncludedChars: 25 }), "helicone");
  const rendered = compiled.render({}, { included: budget.meter(new Map([[key, text]])) });
  expect(rendered.messages[0]!.content).toBe("Intro: 0123456789 and 0123456789.");
  const tight = new RenderBudget(renderLimits({ maxIncludedChars: 19 }), "helicone");
  expect(() => compiled.render({}, { included: tight.meter(new Map([[key, text]])) })).toThrow(/maxIncludedChars/);
});

it("still refuses to render with a partial's text missing, naming it", () => {
  const compiled = compileBody(textBody("Intro: {{hcp:brand1:0:production}}."));
  expect(() => compiled.render({}, { included: new Map() })).toThrow(/includes other prompts \(.*brand1/);
});
