/**
 * What the scripted tour does with each built-in vendor on the emulator. The table is a
 * `Record<BuiltInVendorName, TourScript>`: a vendor added to the core without a row here fails
 * `typecheck`. Everything else about a vendor comes from the CLI's profiles.
 */
import type { BuiltInVendorName, PromptVariables } from "@polyprompt/core";
import type { SeedIds } from "@polyprompt/emulator";

/** A render the tour shows: the command a user would type, and what the tour passes instead. */
export interface TourRender {
  /** The prompt rendered, when not the vendor's tour prompt. */
  promptId?: (seed: SeedIds) => string;
  /** Appended to the prompt reference: `""` or `"@development"`. */
  selector: string;
  format: "openai" | "anthropic";
  /** The command line shown, one string per printed line. */
  command: (ref: string) => string[];
  variables: PromptVariables;
  /** Overrides for the provider body. */
  overrides?: { model?: string; maxTokens?: number };
  /** Fields to collapse when the body is printed (long schemas, file payloads). */
  collapse: string[];
}

/** What the scripted tour (`pnpm tour`) does with this vendor on the emulator. */
export interface TourScript {
  /** The prompt the tour lists, gets and renders (a seed prompt with a production version). */
  promptId: (seed: SeedIds) => string;
  /** One render per provider format the tour shows for this vendor. */
  renders: TourRender[];
  /** A version of the tour prompt that is not in production, for the promotion step. */
  promotionTarget: (seed: SeedIds) => { versionId: string; label: string };
  /** The vendor route a UI or SDK would call to move an environment to a version. */
  promoteRequest: (promptId: string, versionId: string, environment: string) => { method: string; path: string; body: unknown };
  /** The route that answers a get of production, for the fault step. */
  productionRoute: (promptId: string) => { method: string; path: string };
  /** Variables for rendering the tour prompt's production version. */
  productionVariables: PromptVariables;
}

export const TOUR_SCRIPTS: Record<BuiltInVendorName, TourScript> = {
  helicone: {
    promptId: (seed) => seed.helicone.supportAgent.promptId,
    renders: [
      {
        selector: "",
        format: "openai",
        command: (ref) => [
          `$ polyprompt render ${ref} --format openai --var name=Ada --var count=3 --var vip=true --var region=EU \\`,
          `    --var question="Where is my order A-1042?" --var-json tiers='["gold","silver"]'`,
        ],
        variables: { name: "Ada", count: 3, vip: true, region: "EU", tiers: ["gold", "silver"], question: "Where is my order A-1042?" },
        collapse: ["parameters"],
      },
    ],
    promotionTarget: (seed) => ({ versionId: seed.helicone.supportAgent.versions["2.0"], label: "2.0" }),
    promoteRequest: (promptId, versionId, environment) => ({
      method: "POST",
      path: "/v1/prompt-2025/update/environment",
      body: { promptId, promptVersionId: versionId, environment },
    }),
    productionRoute: () => ({ method: "POST", path: "/v2/prompt-2025/query/production-version" }),
    productionVariables: { name: "Ada", count: 3, vip: true, region: "EU", tiers: ["gold"], question: "Where is my order?" },
  },
  tela: {
    promptId: (seed) => seed.tela.docAnalysis.promptId,
    renders: [
      {
        selector: "@development",
        format: "anthropic",
        command: (ref) => [
          `$ polyprompt render ${ref} --format anthropic --model claude-sonnet-4-5 --max-tokens 512 \\`,
          `    --var document=data:text/plain;base64,… --var query="How did revenue change?"`,
        ],
        variables: {
          document: `data:text/plain;base64,${Buffer.from("Q3 revenue grew 12% to $4.2M; churn fell to 2.1%.").toString("base64")}`,
          query: "How did revenue change?",
        },
        overrides: { model: "claude-sonnet-4-5", maxTokens: 512 },
        collapse: ["source"],
      },
    ],
    promotionTarget: (seed) => ({ versionId: seed.tela.docAnalysis.versions.v4, label: "4" }),
    promoteRequest: (promptId, versionId, environment) => ({
      method: "POST",
      path: "/environment/publish-by-name",
      body: { resourceType: "prompt", resourceId: promptId, envName: environment, versionId },
    }),
    productionRoute: (promptId) => ({ method: "GET", path: `/prompt/${promptId}/promoted-version` }),
    productionVariables: { document: "https://example.com/q3-report.pdf", query: "How did revenue change?", language: "English" },
  },
  langfuse: {
    promptId: (seed) => seed.langfuse.supportChat.name,
    renders: [
      {
        // A chat prompt with a history placeholder: the caller's turns go in as written.
        selector: "",
        format: "openai",
        command: (ref) => [
          `$ polyprompt render ${ref} --format openai --var company=Acme --var-json vip=true \\`,
          `    --var question="Where is my order A-1042?" --var-json history='[{"role":"user","content":"Hi, {{company}} here"},…]'`,
        ],
        variables: {
          company: "Acme",
          vip: true,
          question: "Where is my order A-1042?",
          history: [
            { role: "user", content: "Hi, {{company}} here" },
            { role: "assistant", content: "Hello! How can I help?" },
          ],
        },
        collapse: [],
      },
      {
        // A chat prompt whose system message includes the text prompt brand-voice.
        promptId: (seed) => seed.langfuse.supportAgent.name,
        selector: "",
        format: "anthropic",
        command: (ref) => [`$ polyprompt render ${ref} --format anthropic --max-tokens 512 --var question="Can I get a refund?"`],
        variables: { question: "Can I get a refund?" },
        overrides: { maxTokens: 512 },
        collapse: [],
      },
    ],
    promotionTarget: (seed) => ({
      versionId: String(seed.langfuse.supportChat.labels.staging),
      label: String(seed.langfuse.supportChat.labels.staging),
    }),
    promoteRequest: (promptId, versionId, environment) => ({
      method: "PATCH",
      path: `/api/public/v2/prompts/${encodeURIComponent(promptId)}/versions/${versionId}`,
      body: { newLabels: [environment] },
    }),
    productionRoute: (promptId) => ({ method: "GET", path: `/api/public/v2/prompts/${encodeURIComponent(promptId)}` }),
    productionVariables: { company: "Acme", vip: false, question: "Where is my order?", history: [] },
  },
};
