/**
 * Where the conformance cases run.
 *
 * - `emulator`: the `@polyprompt/emulator`, started once per test file with its seed data and
 *   distinctive API keys. Always on. Every vendor.
 * - `live-<vendor>`: the vendor's real API, when its credential variables (`live.credentialEnv`
 *   in ./vendors.ts, e.g. `<VENDOR>_API_KEY`) are set. Reads only.
 *
 * Every test file declares its cases once with {@link forEachTarget}; they run for each
 * (target, vendor) row. Rows of a live target without a key are declared with
 * `describe.skipIf`, so vitest lists them as skipped (and the global setup prints one line
 * saying so): nothing is skipped silently.
 */
import { afterAll, beforeAll, describe } from "vitest";
import { SEED, startEmulator, type Emulator } from "@polyprompt/emulator";
import {
  createPromptClient,
  type PromptClient,
  type PromptClientOptions,
  type PromptVendor,
  type PromptVersionInfo,
} from "@polyprompt/core";
import { VENDOR_PROFILES, VENDORS, type EmulatorExpectations, type VendorName } from "./vendors.js";

export type { EmulatorExpectations, VendorName } from "./vendors.js";
export type TargetKind = "emulator" | "live";
export type TargetName = "emulator" | `live-${VendorName}`;

/** One row of the matrix: a vendor on a target. */
export interface TargetCase {
  /** `emulator › <vendor>`, `live-<vendor> › <vendor>`. */
  label: string;
  target: TargetName;
  kind: TargetKind;
  vendor: VendorName;
  /** Why the row does not run, or `undefined` when it does. */
  skip: string | undefined;
}

/** Key strings the emulator accepts in this suite: distinctive, so a leak check means something. */
export const EMULATOR_SECRETS = Object.fromEntries(VENDORS.map((name) => [name, VENDOR_PROFILES[name].emulatorSecret])) as Record<
  VendorName,
  string
>;

/** The prompt each vendor's cases read on the emulator: the richest seed prompt of each. */
export const EMULATOR_PROMPTS = Object.fromEntries(VENDORS.map((name) => [name, VENDOR_PROFILES[name].emulatorPrompt(SEED)])) as Record<
  VendorName,
  EmulatorExpectations
>;

/** The emulator's accepted keys for this suite, as `startEmulator` takes them. */
export const emulatorApiKeys = (): Record<VendorName, string[]> =>
  Object.fromEntries(VENDORS.map((name) => [name, [EMULATOR_SECRETS[name]]])) as Record<VendorName, string[]>;

interface LiveConfig {
  credentials: Record<string, string>;
  baseUrl: string | undefined;
  promptId: string | undefined;
}

/** The environment variables of a vendor's credentials that are not set. */
function unsetCredentials(vendor: VendorName): string[] {
  return Object.values(VENDOR_PROFILES[vendor].live.credentialEnv).filter((variable) => !process.env[variable]?.trim());
}

function liveConfig(vendor: VendorName): LiveConfig | undefined {
  const names = VENDOR_PROFILES[vendor].live;
  if (unsetCredentials(vendor).length > 0) return undefined;
  const credentials = Object.fromEntries(
    Object.entries(names.credentialEnv).map(([option, variable]) => [option, process.env[variable]!.trim()]),
  );
  return {
    credentials,
    baseUrl: process.env[names.baseUrlEnv]?.trim() || undefined,
    promptId: process.env[names.promptIdEnv]?.trim() || undefined,
  };
}

/** "A is not set", "A and B are not set". */
const notSet = (variables: readonly string[]): string => `${listed(variables)} ${variables.length === 1 ? "is" : "are"} not set`;

/** The matrix, in the order vitest shows it: every vendor on the emulator, then each live. */
export function targetCases(): TargetCase[] {
  const live = (vendor: VendorName): TargetCase => ({
    label: `live-${vendor} › ${vendor}`,
    target: `live-${vendor}`,
    kind: "live",
    vendor,
    skip: liveConfig(vendor) ? undefined : notSet(unsetCredentials(vendor)),
  });
  return [
    ...VENDORS.map(
      (vendor): TargetCase => ({ label: `emulator › ${vendor}`, target: "emulator", kind: "emulator", vendor, skip: undefined }),
    ),
    ...VENDORS.map(live),
  ];
}

/** "a", "a and b", "a, b and c". */
const listed = (items: readonly string[]): string =>
  items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;

/** The one line the global setup prints about live targets. */
export function liveTargetsLine(): string {
  const on = VENDORS.filter((v) => liveConfig(v));
  const off = VENDORS.filter((v) => !liveConfig(v));
  const missing = off.flatMap(unsetCredentials);
  if (off.length === 0) return `conformance: live targets ON for ${listed(on)} (reads only).`;
  if (on.length === 0) {
    return `conformance: live targets SKIPPED: ${notSet(missing)}; running against the emulator only (the live-* rows show as skipped).`;
  }
  return `conformance: live target${on.length === 1 ? "" : "s"} ON for ${listed(on)}; ${listed(off.map((v) => `live-${v}`))} SKIPPED: ${notSet(missing)}.`;
}

/** What a test sees of its row once it is set up. */
export interface Session {
  readonly case: TargetCase;
  readonly vendor: VendorName;
  readonly kind: TargetKind;
  /** The row's credential options (option name → value), as the adapter takes them. */
  readonly credentials: Readonly<Record<string, string>>;
  /** Every secret of the row (the values of the profile's secret credentials), for leak checks. */
  readonly secrets: readonly string[];
  /** The `Authorization` header value of the vendor's own routes, with this row's credentials. */
  readonly authorization: string;
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
  /** The vendor adapter with this row's credentials and base URL (or other credentials). */
  adapter(credentials?: Readonly<Record<string, string>>): PromptVendor;
  /** The same, from the vendor's write entry point: it has `writes`. */
  writableAdapter(credentials?: Readonly<Record<string, string>>): PromptVendor;
  /** A client for this vendor only, counting its requests. Options as `createPromptClient`. */
  client(options?: Omit<PromptClientOptions, "vendors">, credentials?: Readonly<Record<string, string>>): PromptClient;
  /**
   * Upstream requests made for this vendor so far: the emulator's request log on the emulator,
   * else the number of `fetch` calls made by clients from {@link Session.client}.
   */
  upstream(): number;
}

/** The file's emulator: started on first use, closed after the file. */
let emulator: Promise<Emulator> | undefined;
function fileEmulator(): Promise<Emulator> {
  emulator ??= startEmulator({ seed: 1, apiKeys: emulatorApiKeys() });
  return emulator;
}

async function openSession(tc: TargetCase): Promise<Session> {
  let fetchCalls = 0;
  const countingFetch = (input: Request, init?: RequestInit): Promise<Response> => {
    fetchCalls++;
    return globalThis.fetch(input, init);
  };

  const profile = VENDOR_PROFILES[tc.vendor];
  let emu: Emulator | undefined;
  let credentials: Record<string, string>;
  let baseUrl: string;
  let promptId: string;
  if (tc.kind === "emulator") {
    emu = await fileEmulator();
    credentials = profile.credentials(EMULATOR_SECRETS[tc.vendor]);
    baseUrl = emu.urlFor(tc.vendor);
    promptId = EMULATOR_PROMPTS[tc.vendor].promptId;
  } else {
    const config = liveConfig(tc.vendor);
    const names = profile.live;
    if (!config) throw new Error(notSet(unsetCredentials(tc.vendor)));
    if (!config.promptId) {
      throw new Error(
        `${listed(Object.values(names.credentialEnv))} set, so ${names.promptIdEnv} must name an existing ${tc.vendor} prompt for the live cases to read.`,
      );
    }
    credentials = config.credentials;
    baseUrl = config.baseUrl ?? names.defaultBaseUrl;
    promptId = config.promptId;
  }

  const adapter = (given: Readonly<Record<string, string>> = credentials): PromptVendor => profile.create({ ...given, baseUrl });
  const client = (options: Omit<PromptClientOptions, "vendors"> = {}, given = credentials): PromptClient =>
    createPromptClient({ fetch: countingFetch, ...options, vendors: [adapter(given)] });

  const versions = await client({ cache: false }).listVersions(`${tc.vendor}:${promptId}`);
  if (versions.length === 0) throw new Error(`${tc.vendor}:${promptId} has no versions: the cases need a prompt with at least one.`);
  if (!versions.some((v) => v.environments.includes("production"))) {
    throw new Error(
      `${tc.vendor}:${promptId} has no production version: the cases read production, so name a prompt that has one (${VENDOR_PROFILES[tc.vendor].live.promptIdEnv}).`,
    );
  }

  return {
    case: tc,
    vendor: tc.vendor,
    kind: tc.kind,
    credentials,
    secrets: profile.secretCredentials.map((option) => credentials[option]!),
    authorization: profile.authorization(credentials),
    baseUrl,
    promptId,
    missingPromptId: VENDOR_PROFILES[tc.vendor].missingPromptId,
    emulator: emu,
    expected: tc.kind === "emulator" ? EMULATOR_PROMPTS[tc.vendor] : undefined,
    versions,
    ref: (suffix = "") => `${tc.vendor}:${promptId}${suffix}`,
    adapter,
    writableAdapter: (given = credentials) => profile.writable({ ...given, baseUrl }),
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
