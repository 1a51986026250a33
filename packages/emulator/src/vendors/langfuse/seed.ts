import { uuidFrom } from "../../vendor-kit.js";
import { emptyState, type LangfuseMessageRow, type LangfusePromptRow, type LangfuseState } from "./state.js";

// Seed-data ids are derived from fixed names, so they are the same in every run and on every
// machine (they do not depend on the emulator's `seed` option, which drives faults and new ids).
const rowId = (name: string, version: number) => uuidFrom(`seed:langfuse:${name}:v${version}`);

/** Ids of the Langfuse seed data (`SEED.langfuse`): prompt names and which version holds each label. */
export const seedIds = {
  projectId: uuidFrom("seed:langfuse:project"),
  /** Chat, in a folder: system with a `{{#vip}}` section, placeholder `history`, user `{{question}}`. */
  supportChat: { name: "support/chat", type: "chat", versions: [1, 2, 3], labels: { production: 2, staging: 3, latest: 3 } },
  /** Text: production is `Hi {{name}}, welcome to {{plan}}`. */
  welcomeEmail: { name: "welcome-email", type: "text", versions: [1, 2], labels: { production: 2, staging: 1, latest: 2 } },
  /** Text, the dependency child of `supportAgent`. */
  brandVoice: { name: "brand-voice", type: "text", versions: [1, 2], labels: { production: 2, staging: 1, latest: 2 } },
  /** Chat whose system message includes `brand-voice` by label (v1, production) or by version 1 (v2, staging). */
  supportAgent: { name: "support/agent", type: "chat", versions: [1, 2], labels: { production: 1, staging: 2, latest: 2 } },
  /** Chat with a config holding model, temperature, max_tokens, tools, tool_choice and a json_schema response_format. */
  classifier: { name: "classifier", type: "chat", versions: [1, 2], labels: { production: 2, staging: 1, latest: 2 } },
} as const;

/** The seeded prompts' names, for the CLI banner. */
export const seedExample = `${seedIds.supportChat.name} (chat with a history placeholder)`;

const CLASSIFIER_TOOLS = [
  {
    type: "function",
    function: {
      name: "escalate",
      description: "Hand the ticket to a human",
      parameters: { type: "object", properties: { reason: { type: "string" } }, required: ["reason"] },
    },
  },
];

const CLASSIFIER_SCHEMA = {
  type: "json_schema",
  json_schema: {
    name: "ticket_class",
    strict: true,
    schema: {
      type: "object",
      properties: {
        category: { type: "string", enum: ["billing", "bug", "feature", "other"] },
        confidence: { type: "number" },
      },
      required: ["category", "confidence"],
      additionalProperties: false,
    },
  },
};

interface Version {
  labels: string[];
  text?: string;
  messages?: LangfuseMessageRow[];
  config?: Record<string, unknown>;
  commitMessage?: string;
  createdAt: string;
  updatedAt?: string;
}

/** The Langfuse seed data: five prompts, several versions and labels each (see `seedIds`). */
export function seedState(): LangfuseState {
  const state = emptyState();
  state.projectId = seedIds.projectId;
  const add = (prompt: { name: string; type: "text" | "chat" }, tags: string[], versions: Version[]) => {
    versions.forEach((v, i) => {
      const row: LangfusePromptRow = {
        id: rowId(prompt.name, i + 1),
        name: prompt.name,
        version: i + 1,
        type: prompt.type,
        text: v.text ?? "",
        messages: v.messages ?? [],
        config: v.config ?? {},
        labels: v.labels,
        tags,
        commitMessage: v.commitMessage ?? null,
        createdBy: "API",
        createdAt: v.createdAt,
        updatedAt: v.updatedAt ?? v.createdAt,
      };
      state.prompts.push(row);
    });
  };

  add(
    seedIds.supportChat,
    ["support"],
    [
      {
        labels: [],
        messages: [
          { role: "system", content: "You are a support agent for {{company}}." },
          { role: "user", content: "{{question}}" },
        ],
        config: { model: "gpt-4o-mini", temperature: 0.2 },
        commitMessage: "First draft",
        createdAt: "2025-04-01T09:00:00.000Z",
      },
      {
        labels: ["production"],
        messages: [
          {
            type: "chatmessage",
            role: "system",
            content: "You are a support agent for {{company}}.{{#vip}} The customer is a VIP: answer first.{{/vip}}",
          },
          { type: "placeholder", name: "history" },
          { type: "chatmessage", role: "user", content: "{{question}}" },
        ],
        config: { model: "gpt-4o", temperature: 0.3 },
        commitMessage: "History placeholder and the VIP section",
        createdAt: "2025-04-08T10:00:00.000Z",
        updatedAt: "2025-04-09T08:00:00.000Z",
      },
      {
        labels: ["staging", "latest"],
        messages: [
          {
            type: "chatmessage",
            role: "system",
            content: "You are a concise support agent for {{company}}.{{#vip}} The customer is a VIP: answer first.{{/vip}}",
          },
          { type: "placeholder", name: "history" },
          { type: "chatmessage", role: "user", content: "{{question}}" },
        ],
        config: { model: "gpt-4.1", temperature: 0.2 },
        commitMessage: "Shorter answers",
        createdAt: "2025-04-15T14:30:00.000Z",
      },
    ],
  );

  add(
    seedIds.welcomeEmail,
    ["email", "onboarding"],
    [
      { labels: ["staging"], text: "Hi {{name}}, welcome!", createdAt: "2025-03-02T08:00:00.000Z" },
      {
        labels: ["production", "latest"],
        text: "Hi {{name}}, welcome to {{plan}}",
        config: { model: "gpt-4o-mini" },
        commitMessage: "Name the plan",
        createdAt: "2025-03-10T08:00:00.000Z",
      },
    ],
  );

  add(
    seedIds.brandVoice,
    ["shared"],
    [
      { labels: ["staging"], text: "Be friendly.", createdAt: "2025-02-20T12:00:00.000Z" },
      {
        labels: ["production", "latest"],
        text: "Speak in a warm, concise voice. Never promise refunds.",
        commitMessage: "No refund promises",
        createdAt: "2025-02-27T12:00:00.000Z",
      },
    ],
  );

  add(
    seedIds.supportAgent,
    ["support"],
    [
      {
        labels: ["production"],
        messages: [
          { role: "system", content: "You are Acme's support agent. @@@langfusePrompt:name=brand-voice|label=production@@@" },
          { role: "user", content: "{{question}}" },
        ],
        config: { model: "gpt-4o", temperature: 0.4 },
        createdAt: "2025-04-02T09:00:00.000Z",
      },
      {
        labels: ["staging", "latest"],
        messages: [
          { role: "system", content: "You are Acme's support agent. @@@langfusePrompt:name=brand-voice|version=1@@@" },
          { role: "user", content: "{{question}}" },
        ],
        config: { model: "gpt-4o", temperature: 0.4 },
        commitMessage: "Pin the brand voice to version 1",
        createdAt: "2025-04-12T09:00:00.000Z",
      },
    ],
  );

  add(
    seedIds.classifier,
    ["triage"],
    [
      {
        labels: ["staging"],
        messages: [
          { role: "system", content: "Classify the ticket as billing, bug, feature or other." },
          { role: "user", content: "{{ticket}}" },
        ],
        config: { model: "gpt-4o-mini", temperature: 0 },
        createdAt: "2025-03-20T16:00:00.000Z",
      },
      {
        labels: ["production", "latest"],
        messages: [
          { role: "system", content: "Classify the ticket as billing, bug, feature or other. Escalate legal threats." },
          { role: "user", content: "{{ticket}}" },
        ],
        config: {
          model: "gpt-4o",
          temperature: 0,
          max_tokens: 256,
          top_p: 1,
          tools: CLASSIFIER_TOOLS,
          tool_choice: "auto",
          response_format: CLASSIFIER_SCHEMA,
        },
        commitMessage: "Structured output and an escalation tool",
        createdAt: "2025-03-28T16:00:00.000Z",
      },
    ],
  );
  return state;
}
