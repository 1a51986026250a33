import { uuidFrom } from "../../vendor-kit.js";
import { emptyState, type TelaMessageRow, type TelaMessageShape, type TelaState, type TelaVersionRow } from "./state.js";

// Seed-data ids are derived from fixed names, so they are the same in every run and on every
// machine (they do not depend on the emulator's `seed` option, which drives faults and new ids).
const tv = (prompt: string, version: number) => uuidFrom(`seed:tela:${prompt}:v${version}`);

const T = {
  docAnalysis: uuidFrom("seed:tela:docAnalysis"),
  contractReview: uuidFrom("seed:tela:contractReview"),
  meetingSummarizer: uuidFrom("seed:tela:meetingSummarizer"),
  scratchpad: uuidFrom("seed:tela:scratchpad"),
};

/** Ids of the Tela seed data (`seedIds`). Stable across runs: tests and demos can hard-code them. */
export const seedIds = {
  workspaceId: uuidFrom("seed:tela:workspace"),
  projectId: uuidFrom("seed:tela:project"),
  userId: uuidFrom("seed:tela:user"),
  environments: {
    production: uuidFrom("seed:tela:env:production"),
    staging: uuidFrom("seed:tela:env:staging"),
    development: uuidFrom("seed:tela:env:development"),
  },
  /** Document analysis: v1 `messages` object, v2 array (development), v3 `message` (production), v4 no messages (staging), v5 draft. */
  docAnalysis: {
    promptId: T.docAnalysis,
    versions: {
      v1: tv("docAnalysis", 1),
      v2: tv("docAnalysis", 2),
      v3: tv("docAnalysis", 3),
      v4: tv("docAnalysis", 4),
      v5: tv("docAnalysis", 5),
    },
  },
  /** Contract clause extractor with structured output: v1 (was production), v2 (production), v3 (staging). */
  contractReview: {
    promptId: T.contractReview,
    versions: { v1: tv("contractReview", 1), v2: tv("contractReview", 2), v3: tv("contractReview", 3) },
  },
  /** Legacy canvas, never published: v1 and v2 `promoted: true` (v2 updated last, so it is live), v3 a draft. */
  meetingSummarizer: {
    promptId: T.meetingSummarizer,
    versions: { v1: tv("meetingSummarizer", 1), v2: tv("meetingSummarizer", 2), v3: tv("meetingSummarizer", 3) },
  },
  /** A personal draft (`projectId: null`) with no live version: `promoted-version` is 404. */
  scratchpad: {
    promptId: T.scratchpad,
    versions: { v1: tv("scratchpad", 1) },
  },
} as const;

const DOC_VARIABLES = [
  { name: "document", type: "file", required: true, description: "The document to analyze", processingOptions: { allowMultimodal: true } },
  { name: "query", type: "text", required: true, description: "The question to answer about the document" },
];

const CONTRACT_SCHEMA = {
  type: "object",
  properties: {
    clauses: {
      id: "prop_clauses",
      type: "array",
      items: {
        type: "object",
        properties: {
          kind: { id: "prop_kind", type: "string", enum: ["termination", "liability", "confidentiality", "payment", "other"] },
          text: { id: "prop_text", type: "string" },
          page: { id: "prop_page", type: "integer" },
        },
        required: ["kind", "text"],
      },
    },
    riskLevel: { id: "prop_risk", type: "string", enum: ["low", "medium", "high"] },
  },
  required: ["clauses", "riskLevel"],
};

/** The Tela seed data: three environments and four canvases (see `seedIds`). */
export function seedState(): TelaState {
  const t = emptyState();
  const { workspaceId, projectId, userId } = seedIds;
  const envs = seedIds.environments;
  t.environments.push(
    { id: envs.production, name: "production", workspaceId, createdAt: "2025-01-10T09:00:00.000Z" },
    { id: envs.staging, name: "staging", workspaceId, createdAt: "2025-01-10T09:00:00.000Z" },
    { id: envs.development, name: "development", workspaceId, createdAt: "2025-01-10T09:00:00.000Z" },
  );
  t.prompts.push(
    {
      id: T.docAnalysis,
      title: "Document Analysis",
      projectId,
      workspaceId,
      isWorkflow: false,
      createdAt: "2025-02-03T10:00:00.000Z",
      updatedAt: "2025-03-21T15:00:00.000Z",
    },
    {
      id: T.contractReview,
      title: "Contract Clause Extractor",
      projectId,
      workspaceId,
      isWorkflow: false,
      createdAt: "2025-02-10T08:30:00.000Z",
      updatedAt: "2025-03-18T12:00:00.000Z",
    },
    {
      id: T.meetingSummarizer,
      title: "Meeting Summarizer",
      projectId,
      workspaceId,
      isWorkflow: false,
      createdAt: "2024-11-04T13:00:00.000Z",
      updatedAt: "2025-01-20T09:30:00.000Z",
    },
    {
      id: T.scratchpad,
      title: "Scratch idea",
      projectId: null,
      workspaceId,
      isWorkflow: false,
      createdAt: "2025-03-01T12:00:00.000Z",
      updatedAt: "2025-03-01T12:00:00.000Z",
    },
  );

  interface V {
    title: string;
    content: string | null;
    markdownContent?: string | null;
    configuration: Record<string, unknown>;
    variables: Record<string, unknown>[];
    promoted: boolean | null;
    draft: boolean | null;
    shape: TelaMessageShape;
    messages?: { role: TelaMessageRow["role"]; content: string; markdownContent?: string | null }[];
    createdAt: string;
    updatedAt?: string;
  }
  const add = (prompt: keyof typeof T, n: number, v: V) => {
    const id = tv(prompt, n);
    const row: TelaVersionRow = {
      id,
      promptId: T[prompt],
      title: v.title,
      content: v.content,
      markdownContent: v.markdownContent ?? null,
      configuration: v.configuration,
      variables: v.variables,
      promoted: v.promoted,
      draft: v.draft,
      messageShape: v.shape,
      messages: (v.messages ?? []).map((m, index) => ({
        id: uuidFrom(`seed:tela:${prompt}:v${n}:message:${index}`),
        role: m.role,
        content: m.content,
        markdownContent: m.markdownContent ?? null,
        index,
        createdAt: v.createdAt,
        createdBy: userId,
      })),
      originVersionId: n > 1 ? tv(prompt, n - 1) : null,
      workspaceId,
      createdBy: userId,
      updatedBy: userId,
      createdAt: v.createdAt,
      updatedAt: v.updatedAt ?? v.createdAt,
    };
    t.versions.push(row);
  };

  // Document analysis: every `messages` shape, `{{var}}` and `{var}` placeholders.
  add("docAnalysis", 1, {
    title: "Document Analysis v1",
    content: "Analyze the document {{document}} and answer: {{query}}",
    configuration: { model: "gpt-4o-mini", temperature: 0.5, type: "completion" },
    variables: DOC_VARIABLES,
    promoted: false,
    draft: false,
    shape: "object",
    messages: [{ role: "system", content: "Analyze the document {{document}} and answer: {{query}}" }],
    createdAt: "2025-02-03T10:00:00.000Z",
  });
  add("docAnalysis", 2, {
    title: "Document Analysis v2",
    content: "Analyze the following document and answer the question.",
    markdownContent: "# Document Analysis\n\nAnalyze the following document and answer the question.",
    configuration: { model: "claude-3-opus-20240229", temperature: 0.7, type: "chat" },
    variables: DOC_VARIABLES,
    promoted: false,
    draft: false,
    shape: "array",
    messages: [
      { role: "system", content: "You are a document analysis assistant." },
      { role: "user", content: "Please analyze the document {{document}} and answer this question: {{query}}" },
    ],
    createdAt: "2025-02-17T11:30:00.000Z",
  });
  add("docAnalysis", 3, {
    title: "Document Analysis v3",
    content: "You are a document analysis assistant. Read {document} and answer {query} in {language}.",
    markdownContent: "You are a **document analysis** assistant. Read {document} and answer {query} in {language}.",
    configuration: { model: "gpt-4o", temperature: 0.2, type: "chat", maxTokens: 2048 },
    variables: [...DOC_VARIABLES, { name: "language", type: "text", required: false, description: "Answer language (default English)" }],
    promoted: true,
    draft: false,
    shape: "message",
    messages: [
      {
        role: "system",
        content: "You are a document analysis assistant. Read {document} and answer {query} in {language}.",
        markdownContent: "You are a **document analysis** assistant. Read {document} and answer {query} in {language}.",
      },
    ],
    createdAt: "2025-03-04T09:00:00.000Z",
    updatedAt: "2025-03-06T14:20:00.000Z",
  });
  add("docAnalysis", 4, {
    title: "Document Analysis v4",
    content: "Read {{document}} (and the appendix {appendix}) and answer {{query}}. Cite page numbers.",
    configuration: { model: "gpt-4.1", temperature: 0.2, type: "chat" },
    variables: [
      ...DOC_VARIABLES,
      {
        name: "appendix",
        type: "file",
        required: false,
        description: "Optional appendix, one or more files",
        processingOptions: { allowMultimodal: false },
      },
    ],
    promoted: false,
    draft: false,
    shape: "absent",
    createdAt: "2025-03-15T16:00:00.000Z",
    updatedAt: "2025-03-16T10:00:00.000Z",
  });
  add("docAnalysis", 5, {
    title: "Document Analysis v5 (draft)",
    content: "Read {document} and answer {query}. Quote the passage you rely on.",
    configuration: { model: "gpt-4.1", temperature: 0.1, type: "chat" },
    variables: DOC_VARIABLES,
    promoted: false,
    draft: true,
    shape: "message",
    messages: [{ role: "system", content: "Read {document} and answer {query}. Quote the passage you rely on." }],
    createdAt: "2025-03-21T15:00:00.000Z",
  });

  // Contract review: structured output, file variables.
  const contractVariables = [
    {
      name: "contract",
      type: "file",
      required: true,
      description: "The contract, PDF or DOCX",
      processingOptions: { allowMultimodal: true },
    },
    { name: "jurisdiction", type: "text", required: false, description: "Governing law, e.g. Brazil" },
  ];
  add("contractReview", 1, {
    title: "Clause extractor v1",
    content: "List the clauses of {{contract}}.",
    configuration: { model: "gpt-4o-mini", temperature: 0, type: "chat", structuredOutput: { enabled: false } },
    variables: contractVariables.slice(0, 1),
    promoted: false,
    draft: false,
    shape: "array",
    messages: [{ role: "system", content: "List the clauses of {{contract}}." }],
    createdAt: "2025-02-10T08:30:00.000Z",
    updatedAt: "2025-02-25T10:00:00.000Z",
  });
  add("contractReview", 2, {
    title: "Clause extractor v2",
    content: "Extract every clause of {contract} under {jurisdiction} law and rate the overall risk.",
    configuration: { model: "gpt-4o", temperature: 0, type: "chat", structuredOutput: { enabled: true, schema: CONTRACT_SCHEMA } },
    variables: contractVariables,
    promoted: true,
    draft: false,
    shape: "message",
    messages: [{ role: "system", content: "Extract every clause of {contract} under {jurisdiction} law and rate the overall risk." }],
    createdAt: "2025-02-24T09:45:00.000Z",
    updatedAt: "2025-02-25T10:00:00.000Z",
  });
  add("contractReview", 3, {
    title: "Clause extractor v3",
    content: "Extract every clause of {contract} under {jurisdiction} law, with page numbers, and rate the overall risk.",
    configuration: { model: "gpt-4.1", temperature: 0, type: "chat", structuredOutput: { enabled: true, schema: CONTRACT_SCHEMA } },
    variables: contractVariables,
    promoted: false,
    draft: false,
    shape: "message",
    messages: [
      {
        role: "system",
        content: "Extract every clause of {contract} under {jurisdiction} law, with page numbers, and rate the overall risk.",
      },
    ],
    createdAt: "2025-03-18T12:00:00.000Z",
  });

  // Meeting summarizer: a legacy canvas promoted with the `promoted` flag, never published.
  const transcript = [{ name: "transcript", type: "text", required: true, description: "The meeting transcript" }];
  add("meetingSummarizer", 1, {
    title: "Summarizer v1",
    content: "Summarize this meeting: {{transcript}}",
    configuration: { model: "gpt-3.5-turbo", temperature: 0.3, type: "completion" },
    variables: transcript,
    promoted: true,
    draft: false,
    shape: "object",
    messages: [{ role: "system", content: "Summarize this meeting: {{transcript}}" }],
    createdAt: "2024-11-04T13:00:00.000Z",
    updatedAt: "2024-11-05T08:00:00.000Z",
  });
  add("meetingSummarizer", 2, {
    title: "Summarizer v2",
    content: "Summarize this meeting in five bullet points, then list action items with owners: {transcript}",
    configuration: { model: "gpt-4o-mini", temperature: 0.3, type: "chat" },
    variables: transcript,
    promoted: true,
    draft: false,
    shape: "absent",
    createdAt: "2024-12-02T10:00:00.000Z",
    updatedAt: "2025-01-20T09:30:00.000Z",
  });
  add("meetingSummarizer", 3, {
    title: "Summarizer v3 (experiment)",
    content: "Summarize {transcript} for {audience}.",
    configuration: { model: "gpt-4o", temperature: 0.5, type: "chat" },
    variables: [...transcript, { name: "audience", type: "text", required: false }],
    promoted: false,
    draft: true,
    shape: "array",
    messages: [{ role: "system", content: "Summarize {transcript} for {audience}." }],
    createdAt: "2025-01-10T10:00:00.000Z",
  });

  add("scratchpad", 1, {
    title: "Scratch idea",
    content: "Brainstorm names for {product}.",
    configuration: { model: "gpt-4o-mini", type: "chat" },
    variables: [{ name: "product", type: "text", required: true }],
    promoted: false,
    draft: true,
    shape: "message",
    messages: [{ role: "system", content: "Brainstorm names for {product}." }],
    createdAt: "2025-03-01T12:00:00.000Z",
  });

  const publish = (prompt: keyof typeof T, n: number, env: keyof typeof envs, publishedAt: string, unpublishedAt: string | null = null) => {
    t.publications.push({
      id: uuidFrom(`seed:tela:publication:${prompt}:v${n}:${env}`),
      environmentId: envs[env],
      resourceType: "prompt",
      resourceId: T[prompt],
      versionId: tv(prompt, n),
      publishedAt,
      unpublishedAt,
    });
  };
  publish("docAnalysis", 2, "development", "2025-02-17T12:00:00.000Z");
  publish("docAnalysis", 3, "production", "2025-03-06T14:20:00.000Z");
  publish("docAnalysis", 4, "staging", "2025-03-16T10:00:00.000Z");
  publish("contractReview", 1, "production", "2025-02-12T09:00:00.000Z", "2025-02-25T10:00:00.000Z");
  publish("contractReview", 2, "production", "2025-02-25T10:00:00.000Z");
  publish("contractReview", 3, "staging", "2025-03-18T12:30:00.000Z");
  return t;
}
