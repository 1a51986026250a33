/**
 * Where the conformance cases run.
 *
 * - `emulator`: the `@polyprompt/emulator`, started once per test file with its seed data and
 *   distinctive API keys. Always on. Both vendors.
 * - `live-helicone`: the real Helicone API, when `HELICONE_API_KEY` is set. Reads only.
 * - `live-tela`: the real Tela API, when `TELA_API_KEY` is set. Reads only.
 *
 * Every test file declares its cases once with {@link forEachTarget}; they run for each
 * (target, vendor) row. Rows of a live target without a key are declared with
 * `describe.skipIf`, so vitest lists them as skipped (and the global setup prints one line
 * saying so): nothing is skipped silently.
 */
import { afterAll, beforeAll, describe } from "vitest";
import { SEED, startEmulator, type Emulator } from "@polyprompt/emulator";
import { createPromptClient, type PromptClient, type PromptClientOptions, type PromptVendor, type PromptVersionInfo } from "@polyprompt/core";
import { helicone } from "@polyprompt/core/helicone";
import { tela } from "@polyprompt/core/tela";

export type VendorName = "helicone" | "tela";
export type TargetKind = "emulator" | "live";
export type TargetName = "emulator" | "live-helicone" | "live-tela";

/** One row of the matrix: a vendor on a target. */
export interface TargetCase {
  /** `emulator › helicone`, `live-tela › tela`. */
  label: string;
  target: TargetName;
  kind: TargetKind;
  vendor: VendorName;
  /** Why the row does not run, or `undefined` when it does. */
  skip: string | undefined;
}

/** Keys the emulator accepts in this suite: distinctive, so a leak check means something. */
export const EMULATOR_SECRETS: Record<VendorName, string> = {
  helicone: "sk-helicone-CONFORMANCE-5e1f0a9d3c7b",
  tela: "tela-CONFORMANCE-secret-8b2d6f4e1a",
};

/** The prompt each vendor's cases read on the emulator: the richest seed prompt of each. */
export const EMULATOR_PROMPTS = {
  helicone: {
    promptId: SEED.helicone.supportAgent.promptId,
    production: SEED.helicone.supportAgent.versions["1.1"],
    environments: { staging: SEED.helicone.supportAgent.versions["2.0"], development: SEED.helicone.supportAgent.versions["2.1"] },
    latest: SEED.helicone.supportAgent.versions["2.1"],
    /** label → version id, including the `@2.x`/`@2` forms. */
    labels: {
      "0.0": SEED.helicone.supportAgent.versions["0.0"],
      "1.0": SEED.helicone.supportAgent.versions["1.0"],
      "1.1": SEED.helicone.supportAgent.versions["1.1"],
      "2.0": SEED.helicone.supportAgent.versions["2.0"],
      "2.1": SEED.helicone.supportAgent.versions["2.1"],
      "1.x": SEED.helicone.supportAgent.versions["1.1"],
      "2.x": SEED.helicone.supportAgent.versions["2.1"],
      "1": SEED.helicone.supportAgent.versions["1.1"],
    } as Record<string, string>,
    count: 5,
  },
  tela: {
    promptId: SEED.tela.docAnalysis.promptId,
    production: SEED.tela.docAnalysis.versions.v3,
    environments: { staging: SEED.tela.docAnalysis.versions.v4, development: SEED.tela.docAnalysis.versions.v2 },
    latest: SEED.tela.docAnalysis.versions.v5,
    labels: {
      "1": SEED.tela.docAnalysis.versions.v1,
      "2": SEED.tela.docAnalysis.versions.v2,
      "3": SEED.tela.docAnalysis.versions.v3,
      "4": SEED.tela.docAnalysis.versions.v4,
      "5": SEED.tela.docAnalysis.versions.v5,
    } as Record<string, string>,
    count: 5,
  },
} as const;

export type EmulatorExpectations = (typeof EMULATOR_PROMPTS)[VendorName];

interface LiveConfig {
  apiKey: string;
  baseUrl: string | undefined;
  promptId: string | undefined;
}

const LIVE_ENV = {
  helicone: { key: "HELICONE_API_KEY", baseUrl: "HELICONE_BASE_URL", promptId: "POLYPROMPT_HELICONE_PROMPT_ID" },
  tela: { key: "TELA_API_KEY", baseUrl: "TELA_BASE_URL", promptId: "POLYPROMPT_TELA_PROMPT_ID" },
} as const;

function liveConfig(vendor: VendorName): LiveConfig | undefined {
  const names = LIVE_ENV[vendor];
  const apiKey = process.env[names.key]?.trim();
  if (!apiKey) return undefined;
  return { apiKey, baseUrl: process.env[names.baseUrl]?.trim() || undefined, promptId: process.env[names.promptId]?.trim() || undefined };
}

/** The matrix, in the order vitest shows it. */
export function targetCases(): TargetCase[] {
  const live = (vendor: VendorName): TargetCase => ({
    label: `live-${vendor} › ${vendor}`,
    target: `live-${vendor}`,
    kind: "live",
    vendor,
    skip: liveConfig(vendor) ? undefined : `${LIVE_ENV[vendor].key} is not set`,
  });
  return [
    { label: "emulator › helicone", target: "emulator", kind: "emulator", vendor: "helicone", skip: undefined },
    { label: "emulator › tela", target: "emulator", kind: "emulator", vendor: "tela", skip: undefined },
    live("helicone"),
    live("tela"),
  ];
}

/** The one line the global setup prints about live targets. */
export function liveTargetsLine(): string {
  const missing = (["helicone", "tela"] as const).filter((v) => !liveConfig(v)).map((v) => LIVE_ENV[v].key);
  if (missing.length === 0) return "conformance: live targets ON for helicone and tela (reads only).";
  if (missing.length === 2) {
    return "conformance: live targets SKIPPED: HELICONE_API_KEY and TELA_API_KEY are not set; running against the emulator only (the live-* rows show as skipped).";
  }
  const on = missing[0] === "HELICONE_API_KEY" ? "tela" : "helicone";
  return `conformance: live target ON for ${on}; live-${on === "tela" ? "helicone" : "tela"} SKIPPED: ${missing[0]} is not set.`;
}

/** What a test sees of its row once it is set up. */
export interface Session {
  readonly case: TargetCase;
  readonly vendor: VendorName;
  readonly kind: TargetKind;
  readonly apiKey: string;
  readonly baseUrl: string;
  /** The prompt the cases read. */
  readonly promptId: string;
  /** A prompt id, in the vendor's format, that does not exist. */
  readonly missingPromptId: string;
  /** The emulator, on the emulator target. */
  readonly emulator: Emulator | undefined;
  /** Exact seed facts, on the emulator target. */
  readonly expected: EmulatorExpectations | undefined;
  /** The prompt's versions as listed when the row was set up (newest first). */
  readonly versions: readonly PromptVersionInfo[];
  /** `vendor:promptId` followed by `suffix` (`"@staging"`, `"#id"`, …). */
  ref(suffix?: string): string;
  /** The vendor adapter with this row's key and base URL (or another key). */
  adapter(apiKey?: string): PromptVendor;
  /** A client for this vendor only, counting its requests. Options as `createPromptClient`. */
  client(options?: Omit<PromptClientOptions, "vendors">, apiKey?: string): PromptClient;
  /**
   * Upstream requests made for this vendor so far: the emulator's request log on the emulator,
   * else the number of `fetch` calls made by clients from {@link Session.client}.
   */
  upstream(): number;
}

const MISSING_IDS: Record<VendorName, string> = {
  helicone: "zz9Nope",
  tela: "00000000-0000-4000-8000-00000000c0f0",
};

/** The file's emulator: started on first use, closed after the file. */
let emulator: Promise<Emulator> | undefined;
function fileEmulator(): Promise<Emulator> {
  emulator ??= startEmulator({ seed: 1, apiKeys: { helicone: [EMULATOR_SECRETS.helicone], tela: [EMULATOR_SECRETS.tela] } });
  return emulator;
}

async function openSession(tc: TargetCase): Promise<Session> {
  let fetchCalls = 0;
  const countingFetch = (input: Request, init?: RequestInit): Promise<Response> => {
    fetchCalls++;
    return globalThis.fetch(input, init);
  };

  let emu: Emulator | undefined;
  let apiKey: string;
  let baseUrl: string;
  let promptId: string;
  if (tc.kind === "emulator") {
    emu = await fileEmulator();
    apiKey = EMULATOR_SECRETS[tc.vendor];
    baseUrl = tc.vendor === "helicone" ? emu.urlFor("helicone") : emu.urlFor("tela");
    promptId = EMULATOR_PROMPTS[tc.vendor].promptId;
  } else {
    const config = liveConfig(tc.vendor);
    const names = LIVE_ENV[tc.vendor];
    if (!config) throw new Error(`${names.key} is not set`);
    if (!config.promptId) {
      throw new Error(`${names.key} is set, so ${names.promptId} must name an existing ${tc.vendor} prompt for the live cases to read.`);
    }
    apiKey = config.apiKey;
    baseUrl = config.baseUrl ?? (tc.vendor === "helicone" ? "https://api.helicone.ai" : "https://api.tela.com");
    promptId = config.promptId;
  }

  const adapter = (key = apiKey): PromptVendor => (tc.vendor === "helicone" ? helicone({ apiKey: key, baseUrl }) : tela({ apiKey: key, baseUrl }));
  const client = (options: Omit<PromptClientOptions, "vendors"> = {}, key = apiKey): PromptClient =>
    createPromptClient({ fetch: countingFetch, ...options, vendors: [adapter(key)] });

  const versions = await client({ cache: false }).listVersions(`${tc.vendor}:${promptId}`);
  if (versions.length === 0) throw new Error(`${tc.vendor}:${promptId} has no versions: the cases need a prompt with at least one.`);
  if (!versions.some((v) => v.environments.includes("production"))) {
    throw new Error(`${tc.vendor}:${promptId} has no production version: the cases read production, so name a prompt that has one (${LIVE_ENV[tc.vendor].promptId}).`);
  }

  return {
    case: tc,
    vendor: tc.vendor,
    kind: tc.kind,
    apiKey,
    baseUrl,
    promptId,
    missingPromptId: MISSING_IDS[tc.vendor],
    emulator: emu,
    expected: tc.kind === "emulator" ? EMULATOR_PROMPTS[tc.vendor] : undefined,
    versions,
    ref: (suffix = "") => `${tc.vendor}:${promptId}${suffix}`,
    adapter,
    client,
    upstream: () => (emu ? emu.requests.total({ vendor: tc.vendor }) : fetchCalls),
  };
}

/**
 * Declares `body` once per matrix row: `describe.each` over the rows, each wrapped in
 * `describe.skipIf` so a live row without its key is listed as skipped. `session()` returns the
 * row's {@link Session} inside tests and hooks.
 */
export function forEachTarget(body: (tc: TargetCase, session: () => Session) => void): void {
  afterAll(async () => {
    const started = emulator;
    emulator = undefined;
    if (started) await (await started).close();
  });
  describe.each(targetCases())("$label", (tc) => {
    describe.skipIf(tc.skip !== undefined)(tc.skip === undefined ? tc.target : `skipped: ${tc.skip}`, () => {
      let current: Session | undefined;
      beforeAll(async () => {
        current = await openSession(tc);
      });
      body(tc, () => {
        if (!current) throw new Error(`the ${tc.label} session is not set up`);
        return current;
      });
    });
  });
}
