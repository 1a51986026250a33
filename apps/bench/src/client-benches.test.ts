import { describe, expect, test } from "vitest";
import { type ClientRow, expectSameMessages } from "./client-benches.js";
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

  test("the report has a row per compared case, and the targeted case's two targets in Targets, with reasons when missed", () => {
    const row = (over: Partial<ClientRow>): ClientRow => ({
      vendor: "langfuse",
      displayName: "Langfuse",
      sdkPackage: "`@langfuse/client` 5.11.1",
      sdkCalls: "`prompt.get` + `compile`",
      label: "1 KB chat, 10 variables",
      targeted: true,
      ref: "langfuse:bench/one-kb",
      templateChars: 1020,
      messages: 2,
      polyprompt: s(0.004),
      polypromptOpenAI: s(0.006),
      sdk: s(0.012),
      polypromptGet: s(0.0004),
      sdkGet: s(0.0002),
      ratio: 3,
      ratioOpenAI: 2,
      ratioGet: 0.5,
      requestsWhileTimed: 0,
      ...over,
    });
    const results: Results = {
      ...BASE,
      clients: [row({}), row({ label: "seed support/chat", targeted: false, ref: "langfuse:support/chat", messages: 4, ratioOpenAI: 4 })],
    };
    const md = markdown(results, targets(results), undefined);
    expect(md).toContain("## 7. Warm get + render against a vendor's own cached client");
    expect(md).toMatch(
      /\| Langfuse \(`@langfuse\/client` 5\.11\.1\) \| 1 KB chat, 10 variables: `langfuse:bench\/one-kb`, 2 messages, .*\| \*\*3\.00×\*\* \| \*\*2\.00×\*\* \| .* \| \*\*0\.50×\*\* \| 0 \|$/m,
    );
    expect(md).toMatch(/\| seed support\/chat: `langfuse:support\/chat`, 4 messages/);
    const found = targets(results);
    const warm = found.find((t) => t.name.startsWith("Warm get + render + `toOpenAIChat` vs Langfuse"));
    expect(warm).toMatchObject({ goal: "≥ 3× Langfuse's cached get + compile (ops/s)", met: false });
    expect(warm?.why).toMatch(/3× would need/);
    const get = found.find((t) => t.name.startsWith("Warm `get`"));
    expect(get).toMatchObject({ met: false });
    expect(get?.why).toMatch(/hands out the cached version itself/);
    // Only the targeted case has targets.
    expect(found.filter((t) => t.name.includes("Langfuse"))).toHaveLength(2);
    expect(markdown(BASE, targets(BASE), undefined)).not.toContain("## 7.");
  });
});
