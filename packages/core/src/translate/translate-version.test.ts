import { describe, expect, it } from "vitest";
import { PromptError } from "../errors/prompt-error.js";
import { ALL_DIALECTS, versionOf } from "../test-support/translate-kit.js";
import { translateVersion } from "./translate-version.js";

const caught = (fn: () => unknown): PromptError => {
  try {
    fn();
  } catch (err) {
    if (PromptError.is(err)) return err;
    throw err;
  }
  throw new Error("did not throw");
};

describe("translateVersion", () => {
  const source = versionOf("langfuse", {
    messages: [
      { role: "system", content: "Hi {{name}}{{#vip}}, VIP{{/vip}}" },
      { role: "placeholder", name: "history" },
    ],
    variables: [
      { name: "name", type: "string", required: true },
      { name: "history", type: "placeholder", required: true },
    ],
  });

  it("looks dialects up by name, the source by the version's template", () => {
    const { version, losses } = translateVersion(source, { to: "helicone", dialects: ALL_DIALECTS, allowLossy: true });
    expect(version.template).toBe("helicone");
    expect(version.messages).toEqual([{ role: "system", content: "Hi {{hc:name:string}}, VIP" }]);
    expect(losses.map((loss) => [loss.kind, loss.name, loss.where])).toEqual([
      ["section", "vip", "messages[0]"],
      ["placeholder", "history", "messages[1]"],
    ]);
  });

  it("refuses by default with unsupported, listing every problem in one error", () => {
    const error = caught(() => translateVersion(source, { to: "tela", dialects: ALL_DIALECTS }));
    expect(error.code).toBe("unsupported");
    expect(error.operation).toBe("translate");
    expect(error.message).toContain("2 problems");
    expect(error.message).toContain('section "vip" at messages[0]');
    expect(error.message).toContain('placeholder "history" at messages[1]');
  });

  it("returns a version in its own dialect unchanged", () => {
    const langfuse = ALL_DIALECTS.find((dialect) => dialect.syntax === "langfuse")!;
    expect(translateVersion(source, { to: langfuse })).toEqual({ version: source, losses: [] });
  });

  it("says which dialect is missing, or that the version is not in the given source dialect", () => {
    expect(caught(() => translateVersion(source, { to: "acme", dialects: ALL_DIALECTS })).code).toBe("invalid_config");
    expect(caught(() => translateVersion(source, { to: ALL_DIALECTS[0]! })).code).toBe("invalid_config");
    const tela = ALL_DIALECTS.find((dialect) => dialect.syntax === "tela")!;
    expect(caught(() => translateVersion(source, { from: tela, to: ALL_DIALECTS[0]! })).message).toContain('not "tela"');
  });

  it("refuses a malformed source template with invalid_prompt", () => {
    const broken = versionOf("langfuse", { messages: [{ role: "user", content: "{{#open}} never closed" }] });
    expect(caught(() => translateVersion(broken, { to: "tela", dialects: ALL_DIALECTS })).code).toBe("invalid_prompt");
  });
});
