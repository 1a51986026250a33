// 7. Warm get + render against a vendor's own CACHED client (benchmarks 1–5 compare with an SDK
// that has no cache). For every vendor whose bench profile has a `cachedClient`: polyprompt's
// warm `prompts.render` (and with `toOpenAIChat`) against that client's cached get + compile, on
// the same seed prompt of the same emulator, in the same run. Both must produce the same
// messages before anything is timed.
import { createPromptClient, toOpenAIChat } from "@polyprompt/core";
import { SEED } from "@polyprompt/emulator";
import type { RemoteEmulator } from "./emulator.js";
import { measureInterleaved, type Summary } from "./stats.js";
import { type CompiledMessage, VENDOR_PROFILES, VENDORS, type VendorName } from "./vendors.js";

export interface ClientRow {
  vendor: VendorName;
  displayName: string;
  sdkPackage: string;
  sdkCalls: string;
  /** The case's name in the report. */
  label: string;
  /** The case the warm-path targets are measured on. */
  targeted: boolean;
  ref: string;
  /** Characters of template text in the compared messages (as JSON). */
  templateChars: number;
  /** Messages in the compared output. */
  messages: number;
  polyprompt: Summary;
  polypromptOpenAI: Summary;
  sdk: Summary;
  /** A warm hit alone: polyprompt's `get` and the client's cached get. */
  polypromptGet: Summary;
  sdkGet: Summary;
  /** polyprompt ops/s ÷ the client's ops/s. */
  ratio: number;
  ratioOpenAI: number;
  ratioGet: number;
  /** Upstream requests during the timed calls (both clients warm: expected 0). */
  requestsWhileTimed: number;
}

/** A message as both sides are compared: role and content only (the vendor's client keeps just these). */
const comparable = (messages: readonly { role: string; content?: unknown }[]): CompiledMessage[] =>
  messages.map((m) => ({ role: m.role, content: m.content }));

/** Throws unless both clients produce the same messages (role and content, in order). */
export function expectSameMessages(ours: readonly CompiledMessage[], theirs: readonly CompiledMessage[], what: string): void {
  const a = JSON.stringify(comparable(ours));
  const b = JSON.stringify(comparable(theirs));
  if (a !== b)
    throw new Error(`${what}: the outputs differ, nothing was timed.\npolyprompt: ${a.slice(0, 600)}\nclient:     ${b.slice(0, 600)}`);
}

export async function benchClients(ctx: { emu: RemoteEmulator; quick: boolean; log: (line: string) => void }): Promise<ClientRow[]> {
  const rows: ClientRow[] = [];
  const rounds = ctx.quick ? 2 : 6;
  const time = ctx.quick ? 100 : 250;
  for (const vendor of VENDORS) {
    const profile = VENDOR_PROFILES[vendor];
    const comparison = profile.cachedClient;
    if (!comparison) continue;
    const credentials = profile.credentials(ctx.emu.apiKeys[vendor]!);
    const baseUrl = ctx.emu.urlFor(vendor);
    for (const prompt of comparison.prompts(SEED)) {
      await prompt.create?.(baseUrl, credentials);
      const { promptId, variables, placeholders } = prompt;
      const ref = `${vendor}:${promptId}`;
      const values = { ...variables, ...placeholders };
      const pp = createPromptClient({ vendors: [profile.create({ ...credentials, baseUrl })] });
      const sdk = comparison.sdk(credentials, baseUrl);

      // Warm both, and check they agree.
      const rendered = await pp.render(ref, values);
      const compiled = await sdk.getCompiled(promptId, variables, placeholders);
      expectSameMessages(rendered.messages as CompiledMessage[], compiled, `${comparison.displayName} ${ref}`);
      expectSameMessages(toOpenAIChat(rendered).messages as CompiledMessage[], compiled, `${comparison.displayName} ${ref} (toOpenAIChat)`);

      const before = await ctx.emu.requests.total({ vendor, path: comparison.getRoute });
      const opts = { async: true, time, warmupTime: 50 } as const;
      const [ppSum, ppOpenAI, sdkSum, ppGet, sdkGet] = (await measureInterleaved(
        [
          { name: `polyprompt render ${ref}`, fn: () => pp.render(ref, values), options: opts },
          { name: `polyprompt render+toOpenAIChat ${ref}`, fn: async () => toOpenAIChat(await pp.render(ref, values)), options: opts },
          { name: `${vendor} client get+compile ${ref}`, fn: () => sdk.getCompiled(promptId, variables, placeholders), options: opts },
          { name: `polyprompt get ${ref}`, fn: () => pp.get(ref), options: opts },
          { name: `${vendor} client get ${ref}`, fn: () => sdk.get(promptId), options: opts },
        ],
        rounds,
      )) as [Summary, Summary, Summary, Summary, Summary];
      const requestsWhileTimed = (await ctx.emu.requests.total({ vendor, path: comparison.getRoute })) - before;
      const row: ClientRow = {
        vendor,
        displayName: comparison.displayName,
        sdkPackage: comparison.sdkPackage,
        sdkCalls: comparison.sdkCalls,
        label: prompt.label,
        targeted: prompt.targeted === true,
        ref,
        templateChars: JSON.stringify(compiled).length,
        messages: compiled.length,
        polyprompt: ppSum,
        polypromptOpenAI: ppOpenAI,
        sdk: sdkSum,
        polypromptGet: ppGet,
        sdkGet,
        ratio: ppSum.opsMedian / sdkSum.opsMedian,
        ratioOpenAI: ppOpenAI.opsMedian / sdkSum.opsMedian,
        ratioGet: ppGet.opsMedian / sdkGet.opsMedian,
        requestsWhileTimed,
      };
      ctx.log(
        `  ${ref}: render ${row.ratio.toFixed(2)}×, +OpenAI ${row.ratioOpenAI.toFixed(2)}×, get ${row.ratioGet.toFixed(2)}× ${comparison.displayName}'s client; ${requestsWhileTimed} requests while timed`,
      );
      rows.push(row);
    }
  }
  return rows;
}
