/**
 * Everything the benchmarks know about each built-in vendor, in one table: the adapter, the
 * bundle and import subjects (core with the vendor's entry point, and the vendor's own SDK), and
 * for the vendor benchmarks 1–5 run against, how to drive its SDK. The table is a
 * `Record<BuiltInVendorName, BenchProfile>`: a vendor added to the core without a row here fails
 * `typecheck` (see vendors.test-d.ts). Nothing else in this app names a vendor.
 */
import { HeliconePromptManager } from "@helicone/helpers";
import { BUILT_IN_VENDORS, type BuiltInVendorName, type PromptVendor, type PromptVersion } from "@polyprompt/core";
import * as heliconeEntry from "@polyprompt/core/helicone";
import * as telaEntry from "@polyprompt/core/tela";
import type { BenchPrompt } from "./prompts.js";

export type VendorName = BuiltInVendorName;

export const VENDORS: readonly VendorName[] = BUILT_IN_VENDORS;

/** A package whose bundle size and cold import time benchmark 6 measures. */
export interface Subject {
  id: string;
  label: string;
  /** Entry source for the bundle: imports only the get + render API. */
  entry: string;
  /** What a cold import loads. */
  imports: string[];
  /** The exports the entry keeps, as the report lists them. */
  entryNames: string;
  /** For a vendor's SDK: the vendor, whose core bundle it is compared with. */
  vendor?: VendorName;
}

/** The vendor's own SDK, driven the way its documentation shows. */
export interface PeerSdk {
  /** One get + render through the SDK: its whole per-call path. Throws when the SDK reports errors. */
  fetchRendered(promptId: string, inputs: Record<string, unknown>): Promise<unknown>;
  /**
   * The SDK's pure renderer on a stored body. Any synchronous work is done before it returns, so
   * it can be timed without an await.
   */
  render(
    promptId: string,
    inputs: Record<string, unknown>,
    storedBody: unknown,
  ): Promise<{ body: Record<string, unknown>; errors: unknown[] }>;
}

/** What benchmarks 1–5 need of the vendor they pit polyprompt against. */
export interface HeadToHead {
  /** As people write it: "Helicone". */
  displayName: string;
  /** The SDK package and version compared with, for the report. */
  sdkPackage: string;
  /** The SDK's entry point class or function, for the report. */
  sdkEntry: string;
  /** The SDK's calls the report names: the get + render and the pure renderer. */
  sdkCalls: { fetchRendered: string; render: string };
  sdk(config: { apiKey: string; baseUrl: string }): PeerSdk;
  /** Creates a benchmark prompt through the vendor's own create route. */
  createPrompt(config: { apiKey: string; baseUrl: string }, prompt: BenchPrompt): Promise<{ promptId: string; versionId: string }>;
  /** The stored body, as the adapter received it, from a fetched version's raw payloads. */
  storedBody(version: PromptVersion): Record<string, unknown>;
  /** Emulator paths (under the vendor's base) that each client's requests go to, to count requests per call. */
  routes: { polyprompt: string[]; sdk: string[] };
}

export interface BenchProfile {
  /** The vendor's adapter. */
  create: (config: { apiKey: string; baseUrl?: string }) => PromptVendor;
  /** The vendor entry point's standalone renderer. */
  renderPrompt: typeof heliconeEntry.renderPrompt;
  /** `@polyprompt/core` with this vendor's entry point: the get + render API. */
  core: Subject;
  /** The vendor's own SDK. */
  sdk: Subject;
  /** Set for the vendor benchmarks 1–5 run against. */
  headToHead?: HeadToHead;
}

type HeliconeParams = Parameters<HeliconePromptManager["getPromptBody"]>[0];
type HeliconeBody = Parameters<HeliconePromptManager["mergePromptBody"]>[1];

/** `{ prompt_id, inputs }`, exactly what the SDK's docs pass (its type also asks for `model`, which only overrides the stored one). */
const heliconeParams = (prompt_id: string, inputs: Record<string, unknown>): HeliconeParams =>
  ({ prompt_id, inputs }) as unknown as HeliconeParams;

const coreSubject = (vendor: VendorName): Subject => ({
  id: `core-${vendor}`,
  label: `@polyprompt/core + /${vendor}`,
  entry: `export { createPromptClient, toOpenAIChat } from "@polyprompt/core";\nexport { ${vendor}, renderPrompt } from "@polyprompt/core/${vendor}";\n`,
  imports: ["@polyprompt/core", `@polyprompt/core/${vendor}`],
  entryNames: `\`createPromptClient\`, \`${vendor}\`, \`renderPrompt\`, \`toOpenAIChat\``,
});

export const VENDOR_PROFILES: Record<VendorName, BenchProfile> = {
  helicone: {
    create: heliconeEntry.helicone,
    renderPrompt: heliconeEntry.renderPrompt,
    core: coreSubject("helicone"),
    sdk: {
      id: "helicone",
      label: "@helicone/helpers 1.8.3",
      entry: `export { HeliconePromptManager } from "@helicone/helpers";\n`,
      imports: ["@helicone/helpers"],
      entryNames: "`HeliconePromptManager`",
      vendor: "helicone",
    },
    headToHead: {
      displayName: "Helicone",
      sdkPackage: "`@helicone/helpers` 1.8.3",
      sdkEntry: "`HeliconePromptManager`",
      sdkCalls: { fetchRendered: "getPromptBody", render: "mergePromptBody" },
      sdk: (config) => {
        const manager = new HeliconePromptManager(config);
        return {
          async fetchRendered(promptId, inputs) {
            const result = await manager.getPromptBody(heliconeParams(promptId, inputs));
            if (result.errors.length > 0) throw new Error(`Helicone SDK reported errors: ${JSON.stringify(result.errors).slice(0, 300)}`);
            return result;
          },
          render: (promptId, inputs, storedBody) =>
            manager.mergePromptBody(heliconeParams(promptId, inputs), storedBody as HeliconeBody) as unknown as Promise<{
              body: Record<string, unknown>;
              errors: unknown[];
            }>,
        };
      },
      async createPrompt({ apiKey, baseUrl }, prompt) {
        const res = await fetch(`${baseUrl}/v1/prompt-2025`, {
          method: "POST",
          headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
          body: JSON.stringify({ name: prompt.name, tags: ["bench"], promptBody: prompt.body }),
        });
        const json = (await res.json()) as {
          data?: { id: string; versionId: string };
          error?: unknown;
          message?: unknown;
          details?: unknown;
        };
        if (res.status !== 201 || !json.data)
          throw new Error(`creating ${prompt.name} failed: HTTP ${res.status} ${JSON.stringify(json).slice(0, 500)}`);
        return { promptId: json.data.id, versionId: json.data.versionId };
      },
      // The v2 query payload the adapter normalized: the stored body, byte for byte.
      storedBody: (version) => (version.raw.at(-1) as { prompt_body: Record<string, unknown> }).prompt_body,
      // polyprompt queries v2; the SDK reads v1, then the body from the presigned S3 URL.
      routes: { polyprompt: ["/v2/*"], sdk: ["/v1/*", "/s3/*"] },
    },
  },
  tela: {
    create: telaEntry.tela,
    renderPrompt: telaEntry.renderPrompt,
    core: coreSubject("tela"),
    sdk: {
      id: "tela",
      label: "@meistrari/tela-sdk-js 1.0.2",
      entry: `export { createTelaClient } from "@meistrari/tela-sdk-js";\n`,
      imports: ["@meistrari/tela-sdk-js"],
      entryNames: "`createTelaClient`",
      vendor: "tela",
    },
  },
};

/** The vendor benchmarks 1–5 run against: the one whose profile has a head-to-head. */
export const BENCHED: { vendor: VendorName } & HeadToHead = (() => {
  const vendor = VENDORS.find((name) => VENDOR_PROFILES[name].headToHead);
  if (!vendor) throw new Error("no vendor profile has a headToHead: benchmarks 1–5 need one");
  return { vendor, ...VENDOR_PROFILES[vendor].headToHead! };
})();
