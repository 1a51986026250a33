import { describe, expect, test } from "vitest";
import { expectSameMessages } from "./client-benches.js";
import { markdown, targets, type Results } from "./report.js";
import { summarize } from "./stats.js";

const s = (ms: number) => summarize([ms * 0.8, ms * 0.9, ms, ms * 1.1, ms * 1.3]);
const BASE: Results = {
  machine: {
    cpu: "Test CPU",
    cores: 2,
    ramGiB: 4,
    node: "v20.20.2",
    os: "Test OS",
    date: "2026-12-01T00:00:00Z",
    loadStart: 0.5,
    loadEnd: 0.6,
  },
  durationS: 10,
};

describe("benchmark 7: a vendor's cached client", () => {
  test("outputs are compared on role and content, in order, before timing", () => {
    const ours = [
      { role: "system", content: "You are a support agent for Acme." },
      { role: "user", content: "Hi" },
    ];
    expect(() =>
      expectSameMessages(
        ours,
        ours.map((m) => ({ ...m })),
        "same",
      ),
    ).not.toThrow();
    // Extra fields on either side do not count; a different text or order does.
    expect(() =>
      expectSameMessages(
        ours,
        ours.map((m) => ({ ...m, type: "chatmessage" })),
        "extra field",
      ),
    ).not.toThrow();
    expect(() => expectSameMessages(ours, [ours[1]!, ours[0]!], "order")).toThrow(/differ, nothing was timed/);
    expect(() => expectSameMessages(ours, [ours[0]!, { role: "user", content: "Hi " }], "text")).toThrow(/differ/);
  });

  test("the report has a row per compared client, with its ratio, and a target-less line in Targets", () => {
    const results: Results = {
      ...BASE,
      clients: [
        {
          vendor: "langfuse",
          displayName: "Langfuse",
          sdkPackage: "`@langfuse/client` 5.11.1",
          sdkCalls: "`prompt.get` + `compile`",
          ref: "langfuse:support/chat",
          messages: 4,
          polyprompt: s(0.004),
          polypromptOpenAI: s(0.006),
          sdk: s(0.012),
          ratio: 3,
          ratioOpenAI: 2,
          requestsWhileTimed: 0,
        },
      ],
    };
    const md = markdown(results, targets(results), undefined);
    expect(md).toContain("## 7. Warm get + render against a vendor's own cached client");
    expect(md).toMatch(
      /\| Langfuse \(`@langfuse\/client` 5\.11\.1\) \| `langfuse:support\/chat`, 4 messages \|.*\| \*\*3\.00×\*\* \| 2\.00× \| 0 \|$/m,
    );
    expect(md).toMatch(/\| Warm get \+ render vs Langfuse's cached client \| — \(no target;.*\| 3\.00× the ops\/s/);
    expect(markdown(BASE, targets(BASE), undefined)).not.toContain("## 7.");
  });
});
