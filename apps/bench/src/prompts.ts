/**
 * Deterministic benchmark prompts: realistic support-desk text with many `{{hc:…}}` tags, at
 * about 1 KB, 10 KB and 100 KB of stored JSON. Same bytes on every run (seeded PRNG).
 *
 * Inputs are chosen so that Helicone's `mergePromptBody` and polyprompt's renderer agree on
 * the output: every value is truthy (the SDK leaves falsy values unsubstituted), text
 * positions get strings, numbers and booleans (the SDK writes objects as `[object Object]`),
 * and arrays go only where a JSON value is exactly one tag.
 */
import { mulberry32 } from "@polyprompt/emulator";

export type Size = "1kb" | "10kb" | "100kb";
export const SIZES: readonly Size[] = ["1kb", "10kb", "100kb"];
export const SIZE_LABEL: Record<Size, string> = { "1kb": "1 KB chat", "10kb": "10 KB tools + schema", "100kb": "100 KB" };

export interface BenchPrompt {
  size: Size;
  name: string;
  body: Record<string, unknown>;
  inputs: Record<string, unknown>;
  /** `JSON.stringify(body).length`. */
  bytes: number;
  /** Number of `{{hc:…}}` tags in the body. */
  tags: number;
  /** Distinct variables. */
  variables: number;
}

/** Variables with their Helicone type and a truthy value. */
const TEXT_VARS: ReadonlyArray<readonly [name: string, type: string, value: unknown]> = [
  ["customer_name", "string", "Ada Lovelace"],
  ["company", "string", "Analytical Engines Ltd"],
  ["product", "string", "Difference Engine Pro"],
  ["plan", "string", "Enterprise"],
  ["region", "string", "eu-west"],
  ["language", "string", "British English"],
  ["agent_name", "string", "Grace"],
  ["ticket_id", "string", "TCK-48213"],
  ["order_id", "string", "ORD-2024-99812"],
  ["issue_summary", "string", "the nightly export stops halfway through the ledger"],
  ["channel", "string", "email"],
  ["tone", "string", "warm but concise"],
  ["sla_hours", "number", 8],
  ["order_total", "number", 1249.5],
  ["days_open", "number", 3],
  ["priority", "number", 2],
  ["max_words", "number", 180],
  ["is_vip", "boolean", true],
  ["has_warranty", "boolean", "yes"],
  ["escalation_team", "any", "billing-tier-2"],
];

const tag = (name: string, type: string): string => `{{hc:${name}:${type}}}`;

/** Sentence templates; `$` marks where a variable tag goes. */
const SENTENCES = [
  "You are a support agent for $, answering in a $ tone.",
  "The customer, $, has been with us since the early days and expects precise answers.",
  "Always confirm the order number ($) before discussing refunds or replacements.",
  "If the issue concerns $, check the known-issues page before proposing a workaround.",
  "Keep the reply under $ words unless the customer explicitly asks for more detail.",
  "The ticket $ has been open for $ days; acknowledge the wait without over-apologising.",
  "Customers on the $ plan get a response within $ hours, so set expectations accordingly.",
  "Write in $ and mirror the customer's level of formality.",
  "Never promise a delivery date; say the logistics team in $ will confirm it.",
  "When the customer is a VIP ($), offer a call with a senior engineer.",
  "Warranty status: $. If covered, explain the replacement process step by step.",
  "Summarise the problem back to the customer first: $.",
  "Sign the message as $ from the support team.",
  "If the total ($) exceeds the refund threshold, route the case to $.",
  "Escalate to $ when the priority is $ or higher and no workaround exists.",
  "Do not share internal ticket notes, stack traces or the names of other customers.",
  "Use short paragraphs, and put any commands or settings in their own line.",
  "If you are unsure, ask one clarifying question rather than guessing.",
  "Reply on the same channel the customer used ($), and keep links to the help centre.",
  "Thank the customer for their patience, but only once per reply.",
];

function textBlock(rng: () => number, targetChars: number, vars: Map<string, readonly [string, string, unknown]>): string {
  const parts: string[] = [];
  let length = 0;
  while (length < targetChars) {
    const template = SENTENCES[Math.floor(rng() * SENTENCES.length)]!;
    const sentence = template.replace(/\$/g, () => {
      const v = TEXT_VARS[Math.floor(rng() * TEXT_VARS.length)]!;
      vars.set(v[0], v);
      return tag(v[0], v[1]);
    });
    parts.push(sentence);
    length += sentence.length + 1;
  }
  return parts.join(" ");
}

/** A tool whose description and parameters carry tags (an exact-tag enum, a key tag). */
function tool(
  rng: () => number,
  index: number,
  vars: Map<string, readonly [string, string, unknown]>,
  descChars: number,
): Record<string, unknown> {
  vars.set("ticket_tiers", ["ticket_tiers", "array", ["standard", "priority", "urgent"]]);
  vars.set("region", TEXT_VARS.find((v) => v[0] === "region")!);
  const names = [
    "lookup_order",
    "issue_refund",
    "escalate_ticket",
    "schedule_callback",
    "search_kb",
    "update_address",
    "check_warranty",
    "send_survey",
  ];
  return {
    type: "function",
    function: {
      name: `${names[index % names.length]}${index >= names.length ? `_${index}` : ""}`,
      description: textBlock(rng, descChars, vars),
      parameters: {
        type: "object",
        properties: {
          order_id: { type: "string", description: `The order id, e.g. ${tag("order_id", "string")}.` },
          tier: { type: "string", enum: tag("ticket_tiers", "array"), description: "Support tier of the ticket." },
          region: { type: "string", description: `Data region; defaults to ${tag("region", "string")}.` },
          note: { type: "string", description: textBlock(rng, Math.floor(descChars / 2), vars) },
          amount: { type: "number", minimum: 0, description: "Amount in the order currency." },
        },
        required: ["order_id", "tier"],
        additionalProperties: false,
      },
      strict: true,
    },
  };
}

function responseFormat(
  rng: () => number,
  vars: Map<string, readonly [string, string, unknown]>,
  descChars: number,
): Record<string, unknown> {
  vars.set("score_field", ["score_field", "string", "satisfaction_score"]);
  vars.set("max_items", ["max_items", "number", 5]);
  vars.set("ticket_tiers", ["ticket_tiers", "array", ["standard", "priority", "urgent"]]);
  return {
    type: "json_schema",
    json_schema: {
      name: "support_reply",
      strict: true,
      schema: {
        type: "object",
        description: textBlock(rng, descChars, vars),
        properties: {
          reply: { type: "string", description: `The reply to ${tag("customer_name", "string")}.` },
          tier: { type: "string", enum: tag("ticket_tiers", "array") },
          [tag("score_field", "string")]: { type: "number", minimum: 1, maximum: 5 },
          actions: { type: "array", maxItems: tag("max_items", "number"), items: { type: "string" } },
        },
        required: ["reply", "tier", "actions"],
        additionalProperties: false,
      },
    },
  };
}

export function buildPrompt(size: Size): BenchPrompt {
  const rng = mulberry32({ "1kb": 1, "10kb": 10, "100kb": 100 }[size]);
  const vars = new Map<string, readonly [string, string, unknown]>();
  const body: Record<string, unknown> = { model: "gpt-4o-mini", temperature: 0.3, max_tokens: 800 };
  if (size === "1kb") {
    body.messages = [
      { role: "system", content: textBlock(rng, 620, vars) },
      { role: "user", content: `Hi, this is ${tag("customer_name", "string")}. ${textBlock(rng, 200, vars)}` },
    ];
    vars.set("customer_name", TEXT_VARS[0]!);
  } else if (size === "10kb") {
    body.messages = [
      { role: "system", content: textBlock(rng, 3_200, vars) },
      { role: "user", content: textBlock(rng, 600, vars) },
      { role: "assistant", content: textBlock(rng, 600, vars) },
      { role: "user", content: [{ type: "text", text: textBlock(rng, 500, vars) }] },
    ];
    body.tools = [0, 1, 2, 3].map((i) => tool(rng, i, vars, 300));
    body.tool_choice = "auto";
    body.response_format = responseFormat(rng, vars, 400);
  } else {
    const messages: Record<string, unknown>[] = [{ role: "system", content: textBlock(rng, 30_000, vars) }];
    for (let i = 0; i < 24; i++) {
      messages.push({ role: "user", content: textBlock(rng, 900, vars) });
      messages.push({ role: "assistant", content: textBlock(rng, 1_200, vars) });
    }
    messages.push({ role: "user", content: [{ type: "text", text: textBlock(rng, 1_500, vars) }] });
    body.messages = messages;
    body.tools = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => tool(rng, i, vars, 900));
    body.tool_choice = "auto";
    body.response_format = responseFormat(rng, vars, 2_000);
  }
  const inputs: Record<string, unknown> = {};
  for (const [name, , value] of vars.values()) inputs[name] = value;
  const json = JSON.stringify(body);
  return {
    size,
    name: `bench-${size}`,
    body,
    inputs,
    bytes: Buffer.byteLength(json),
    tags: (json.match(/\{\{hc:/g) ?? []).length,
    variables: vars.size,
  };
}
