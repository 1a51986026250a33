/**
 * The registry that `polyprompt types` generated from the emulator's seed data
 * (./prompt-registry.d.ts; `pnpm test` first checks it is fresh), used as an app would: each kind
 * of variable mistake is a compile error on every vendor, and unknown references stay loose.
 * Each `@ts-expect-error` fails the build if its line ever type-checks.
 */
import type { PromptClient, PromptMessage } from "@polyprompt/core";

declare const prompts: PromptClient;
const history: PromptMessage[] = [{ role: "user", content: "Where is my order?" }];

const HELICONE = "helicone:TIXTkB@production";
const TELA = "tela:a5659238-a4f5-4301-bbe5-e93e8a05504a@staging";
const LANGFUSE = "langfuse:support/chat@production";
const helicone = { name: "Ada", count: 3, vip: true, question: "Where?", region: "EU", tiers: ["gold"] };

export async function rightVariables(): Promise<void> {
  await prompts.render(HELICONE, helicone);
  await prompts.render(TELA, { contract: "https://example.com/contract.pdf" });
  await prompts.render(TELA, {
    contract: { url: "data:application/pdf;base64,JVBE", mimeType: "application/pdf" },
    jurisdiction: "Brazil",
  });
  await prompts.render(LANGFUSE, { company: "Acme", vip: true, history, question: "Where?" });
  await prompts.render(LANGFUSE, { company: 42, vip: [{ tier: "gold" }], history: [], question: false });
  // A reference the registry does not know: today's loose typing.
  await prompts.render("langfuse:not-in-the-registry", { anything: [1, 2, 3] });
}

export async function missingVariables(): Promise<void> {
  // @ts-expect-error Helicone: `tiers` is required
  await prompts.render(HELICONE, { name: "Ada", count: 3, vip: true, question: "Where?", region: "EU" });
  // @ts-expect-error Tela: `contract` is required
  await prompts.render(TELA, { jurisdiction: "Brazil" });
  // @ts-expect-error Langfuse: `history` is required
  await prompts.render(LANGFUSE, { company: "Acme", vip: true, question: "Where?" });
  // @ts-expect-error Langfuse: the prompt has required variables
  await prompts.render(LANGFUSE);
}

export async function misspeltVariables(): Promise<void> {
  // @ts-expect-error Helicone: `nmae`
  await prompts.render(HELICONE, { ...helicone, nmae: "Ada" });
  // @ts-expect-error Tela: `jurisdicton`
  await prompts.render(TELA, { contract: "https://example.com/c.pdf", jurisdicton: "Brazil" });
  // @ts-expect-error Langfuse: `compnay`
  await prompts.render(LANGFUSE, { compnay: "Acme", company: "Acme", vip: true, history, question: "Where?" });
}

export async function mistypedVariables(): Promise<void> {
  // @ts-expect-error Helicone: `count` is a number
  await prompts.render(HELICONE, { ...helicone, count: { n: 3 } });
  // @ts-expect-error Helicone: `vip` is a boolean
  await prompts.render(HELICONE, { ...helicone, vip: "maybe" });
  // @ts-expect-error Tela: a file variable takes a URL or { url, mimeType? }
  await prompts.render(TELA, { contract: 42 });
  // @ts-expect-error Langfuse: a placeholder takes messages
  await prompts.render(LANGFUSE, { company: "Acme", vip: true, history: "Hi", question: "Where?" });
  // @ts-expect-error Langfuse: a scalar variable takes no object
  await prompts.render(LANGFUSE, { company: { name: "Acme" }, vip: true, history, question: "Where?" });
}

export async function promptWithoutVariables(): Promise<void> {
  await prompts.render("langfuse:brand-voice@production");
  await prompts.render("langfuse:brand-voice@production", {});
  // @ts-expect-error the prompt has no variables
  await prompts.render("langfuse:brand-voice@production", { tone: "warm" });
}
