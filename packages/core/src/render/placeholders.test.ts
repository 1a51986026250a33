import { describe, expect, it } from "vitest";
import { PromptError, type VariableProblem } from "../errors/prompt-error.js";
import { placeholderMessages, withoutPlaceholders } from "./placeholders.js";

describe("withoutPlaceholders", () => {
  it("passes messages through and refuses a placeholder with unsupported, naming it", () => {
    const messages = [{ role: "user" as const, content: "hi" }];
    expect(withoutPlaceholders(messages, "acme")).toEqual(messages);
    try {
      withoutPlaceholders([...messages, { role: "placeholder", name: "history" }], "acme");
      expect.unreachable();
    } catch (err) {
      expect(PromptError.is(err) && err.code).toBe("unsupported");
      expect((err as Error).message).toContain('"history"');
    }
  });
});

describe("placeholderMessages", () => {
  it("copies valid messages, keeping name, toolCallId and toolCalls, and leaves their text alone", () => {
    const problems: VariableProblem[] = [];
    const given = [
      { role: "user", content: "my name is {{name}}", name: "ada", extra: 1 },
      { role: "assistant", content: "", toolCalls: [{ id: "c1", name: "lookup", arguments: "{}" }] },
      { role: "tool", content: [{ type: "text", text: "found" }], toolCallId: "c1" },
    ];
    const out = placeholderMessages("history", given, problems);
    expect(problems).toEqual([]);
    expect(out).toEqual([
      { role: "user", content: "my name is {{name}}", name: "ada" },
      { role: "assistant", content: "", toolCalls: [{ id: "c1", name: "lookup", arguments: "{}" }] },
      { role: "tool", content: [{ type: "text", text: "found" }], toolCallId: "c1" },
    ]);
    (given[2]!.content as { text: string }[])[0]!.text = "changed";
    expect(out[2]!.content).toEqual([{ type: "text", text: "found" }]);
  });

  it.each([
    ["undefined", undefined],
    ["a string", "hello"],
    ["an unknown role", [{ role: "wizard", content: "x" }]],
    ["content that is a number", [{ role: "user", content: 3 }]],
    ["a malformed part", [{ role: "user", content: [{ type: "image" }] }]],
    ["malformed toolCalls", [{ role: "assistant", content: "", toolCalls: [{ id: 1 }] }]],
  ])("reports %s as one problem for the placeholder", (_label, value) => {
    const problems: VariableProblem[] = [];
    expect(placeholderMessages("history", value, problems)).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ name: "history", expected: "an array of { role, content } messages" });
  });
});
