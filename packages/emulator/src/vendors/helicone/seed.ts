import { uuidFrom } from "../../vendor-kit.js";
import { shortIdFrom } from "./prompt-id.js";
import { emptyState, type HeliconeState, type HeliconeVersionRow } from "./state.js";

// Seed-data ids are derived from fixed names, so they are the same in every run and on every
// machine (they do not depend on the emulator's `seed` option, which drives faults and new ids).
const hv = (prompt: string, version: string) => uuidFrom(`seed:helicone:${prompt}:${version}`);

const H = {
  supportAgent: shortIdFrom("seed:helicone:supportAgent"),
  brandVoice: shortIdFrom("seed:helicone:brandVoice"),
  ticketClassifier: shortIdFrom("seed:helicone:ticketClassifier"),
  onboardingEmail: shortIdFrom("seed:helicone:onboardingEmail"),
};

/** Ids of the Helicone seed data (`SEED.helicone`). Stable across runs: tests and demos can hard-code them. */
export const seedIds = {
  /** Customer support agent: 0.0, 1.0, 1.1 (production), 2.0 (staging), 2.1 (development). Every variable type, tools, json_schema, a partial of `brandVoice`. */
  supportAgent: {
    promptId: H.supportAgent,
    versions: {
      "0.0": hv("supportAgent", "0.0"),
      "1.0": hv("supportAgent", "1.0"),
      "1.1": hv("supportAgent", "1.1"),
      "2.0": hv("supportAgent", "2.0"),
      "2.1": hv("supportAgent", "2.1"),
    },
    /** `requestId` with recorded inputs for version 1.1 (`GET id/{promptId}/{versionId}/inputs`). */
    inputsRequestId: uuidFrom("seed:helicone:supportAgent:request:1"),
  },
  /** Brand voice, used as a prompt partial by `supportAgent`: 0.0, 1.0 (production), 1.1 (staging, development). */
  brandVoice: {
    promptId: H.brandVoice,
    versions: { "0.0": hv("brandVoice", "0.0"), "1.0": hv("brandVoice", "1.0"), "1.1": hv("brandVoice", "1.1") },
  },
  /** Ticket classifier, only 0.x versions (so `majorVersions` is 0); answered in the legacy `environment: string` shape. */
  ticketClassifier: {
    promptId: H.ticketClassifier,
    versions: { "0.0": hv("ticketClassifier", "0.0"), "0.1": hv("ticketClassifier", "0.1"), "0.2": hv("ticketClassifier", "0.2") },
  },
  /** Onboarding email: production was removed, so `production-version` fails; 0.1 is in development. */
  onboardingEmail: {
    promptId: H.onboardingEmail,
    versions: { "0.0": hv("onboardingEmail", "0.0"), "0.1": hv("onboardingEmail", "0.1") },
  },
} as const;

const SUPPORT_TOOLS = [
  {
    type: "function",
    function: {
      name: "lookup_order",
      description: "Look up an order placed by {{hc:name:string}} in the {{hc:region:string}} store.",
      parameters: {
        type: "object",
        properties: {
          order_id: { type: "string", description: "The order number, e.g. A-1042" },
          tier: { type: "string", description: "Support tier of the customer", enum: "{{hc:tiers:array}}" },
        },
        required: ["order_id"],
      },
    },
  },
  {
    type: "function",
    function: {
      name: "escalate",
      description: "Hand the conversation to a human agent.",
      parameters: { type: "object", properties: { reason: { type: "string" } }, required: ["reason"] },
    },
  },
];

const SUPPORT_SYSTEM_V1 =
  "{{hcp:" +
  H.brandVoice +
  ":0}}\n\nYou are Acme's support agent. You are speaking to {{hc:name:string}}, who has {{hc:count:number}} open tickets. VIP customer: {{hc:vip:boolean}}.";

/** The Helicone seed data: four prompts (see `seedIds`). */
export function seedState(): HeliconeState {
  const h = emptyState();
  h.prompts.push(
    {
      id: H.brandVoice,
      name: "Brand Voice",
      tags: ["shared", "partial"],
      created_at: "2025-05-20T09:00:00.000Z",
      production_version: hv("brandVoice", "1.0"),
      soft_delete: false,
    },
    {
      id: H.supportAgent,
      name: "Customer Support Agent",
      tags: ["support", "customer-facing"],
      created_at: "2025-06-02T10:00:00.000Z",
      production_version: hv("supportAgent", "1.1"),
      soft_delete: false,
    },
    {
      id: H.ticketClassifier,
      name: "Ticket Classifier",
      tags: ["support", "classification"],
      created_at: "2025-06-15T14:30:00.000Z",
      production_version: hv("ticketClassifier", "0.1"),
      soft_delete: false,
      legacyEnvironmentField: true,
    },
    {
      id: H.onboardingEmail,
      name: "Onboarding Email",
      tags: ["marketing"],
      created_at: "2025-07-01T08:00:00.000Z",
      production_version: null,
      soft_delete: false,
    },
  );
  const version = (
    prompt: keyof typeof H,
    v: string,
    created_at: string,
    commit_message: string,
    environments: string[],
    prompt_body: Record<string, unknown>,
  ): HeliconeVersionRow => {
    const [major, minor] = v.split(".").map(Number) as [number, number];
    return {
      id: hv(prompt, v),
      prompt_id: H[prompt],
      model: String(prompt_body.model),
      major_version: major,
      minor_version: minor,
      commit_message,
      environments,
      created_at,
      soft_delete: false,
      prompt_body,
    };
  };
  h.versions.push(
    version("brandVoice", "0.0", "2025-05-20T09:00:00.000Z", "First version.", [], {
      model: "gpt-4o-mini",
      messages: [{ role: "system", content: "Write in a friendly, concise tone." }],
    }),
    version("brandVoice", "1.0", "2025-05-28T11:15:00.000Z", "Tighten the tone rules", ["production"], {
      model: "gpt-4o-mini",
      messages: [{ role: "system", content: "Write in Acme's brand voice: friendly, concise, no jargon. Never promise refunds." }],
    }),
    version("brandVoice", "1.1", "2025-06-10T16:45:00.000Z", "Add an emoji policy", ["staging", "development"], {
      model: "gpt-4o-mini",
      messages: [
        {
          role: "system",
          content: "Write in Acme's brand voice: friendly, concise, no jargon. Never promise refunds. Use at most one emoji.",
        },
      ],
    }),

    version("supportAgent", "0.0", "2025-06-02T10:00:00.000Z", "First version.", [], {
      model: "gpt-4o-mini",
      messages: [
        { role: "system", content: "You are a helpful support agent for Acme." },
        { role: "user", content: "{{hc:question:string}}" },
      ],
      temperature: 0.7,
    }),
    version("supportAgent", "1.0", "2025-06-09T13:20:00.000Z", "Personalise the greeting", [], {
      model: "gpt-4o",
      messages: [
        { role: "system", content: SUPPORT_SYSTEM_V1 },
        { role: "user", content: "{{hc:question:string}}" },
      ],
      temperature: 0.5,
      max_tokens: 800,
    }),
    version("supportAgent", "1.1", "2025-06-18T09:05:00.000Z", "Add order lookup and escalation tools", ["production"], {
      model: "gpt-4o",
      messages: [
        { role: "system", content: SUPPORT_SYSTEM_V1 },
        { role: "user", content: [{ type: "text", text: "{{hc:question:string}}" }] },
      ],
      temperature: 0.4,
      max_tokens: 800,
      tools: SUPPORT_TOOLS,
      tool_choice: "auto",
    }),
    version("supportAgent", "2.0", "2025-07-03T15:40:00.000Z", "Structured replies with a JSON schema", ["staging"], {
      model: "gpt-4.1",
      messages: [
        { role: "system", content: `${SUPPORT_SYSTEM_V1}\nAnswer in {{hc:language:string}}.` },
        { role: "user", content: "{{hc:question:string}}" },
      ],
      temperature: 0.3,
      tools: SUPPORT_TOOLS,
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "support_reply",
          strict: true,
          schema: {
            type: "object",
            properties: {
              reply: { type: "string", description: "The answer shown to {{hc:name:string}}" },
              escalate: { type: "boolean" },
              suggested_articles: { type: "array", items: { type: "string" }, maxItems: "{{hc:maxArticles:number}}" },
            },
            required: ["reply", "escalate"],
            additionalProperties: false,
          },
        },
      },
    }),
    version("supportAgent", "2.1", "2025-07-11T10:10:00.000Z", "Try a shorter system prompt", ["development"], {
      model: "gpt-4.1-mini",
      messages: [
        {
          role: "system",
          content:
            "{{hcp:" +
            H.brandVoice +
            ":0:staging}}\n\nHelp {{hc:name:string}} (VIP: {{hc:vip:boolean}}) with their {{hc:count:number}} open tickets.",
        },
        { role: "user", content: "{{hc:question:string}}" },
      ],
      temperature: 0.3,
      tools: SUPPORT_TOOLS,
    }),

    version("ticketClassifier", "0.0", "2025-06-15T14:30:00.000Z", "First version.", [], {
      model: "gpt-4o-mini",
      messages: [
        { role: "system", content: "Classify the ticket into one of: {{hc:categories:string}}." },
        { role: "user", content: "{{hc:ticket:string}}" },
      ],
      temperature: 0,
    }),
    version("ticketClassifier", "0.1", "2025-06-20T10:00:00.000Z", "Allow several labels", ["production"], {
      model: "gpt-4o-mini",
      messages: [
        { role: "system", content: "Classify the ticket into up to {{hc:maxLabels:number}} of: {{hc:categories:string}}." },
        { role: "user", content: "{{hc:ticket:string}}" },
      ],
      temperature: 0,
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "labels",
          schema: {
            type: "object",
            properties: { labels: { type: "array", items: { type: "string" }, maxItems: "{{hc:maxLabels:number}}" } },
            required: ["labels"],
          },
        },
      },
    }),
    version("ticketClassifier", "0.2", "2025-07-02T12:00:00.000Z", "Add a priority field", ["staging"], {
      model: "gpt-4o-mini",
      messages: [
        {
          role: "system",
          content: "Classify the ticket into up to {{hc:maxLabels:number}} of: {{hc:categories:string}}, and rate its priority.",
        },
        { role: "user", content: "{{hc:ticket:string}}" },
      ],
      temperature: 0,
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "labels",
          schema: {
            type: "object",
            properties: {
              labels: { type: "array", items: { type: "string" }, maxItems: "{{hc:maxLabels:number}}" },
              "{{hc:priorityKey:string}}": { type: "string", enum: ["low", "normal", "urgent"] },
            },
            required: ["labels"],
          },
        },
      },
    }),

    version("onboardingEmail", "0.0", "2025-07-01T08:00:00.000Z", "First version.", [], {
      model: "claude-3-5-sonnet-20241022",
      messages: [{ role: "user", content: "Write a welcome email for {{hc:name:string}}, who signed up for the {{hc:plan:string}} plan." }],
      max_tokens: 600,
    }),
    version("onboardingEmail", "0.1", "2025-07-08T17:30:00.000Z", "Mention the trial length", ["development"], {
      model: "claude-3-5-sonnet-20241022",
      messages: [
        {
          role: "user",
          content:
            "Write a welcome email for {{hc:name:string}}, who signed up for the {{hc:plan:string}} plan. Their trial lasts {{hc:trialDays:number}} days.",
        },
      ],
      max_tokens: 600,
    }),
  );
  h.inputs.push({
    request_id: seedIds.supportAgent.inputsRequestId,
    prompt_id: H.supportAgent,
    version_id: hv("supportAgent", "1.1"),
    inputs: { name: "Ada Lovelace", count: 3, vip: true, region: "EU", tiers: ["gold", "silver"], question: "Where is my order A-1042?" },
  });
  return h;
}
