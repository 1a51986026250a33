// 9. Memory: heap bytes per cached version, against the JSON size of the vendor's payload. K
// copies of each benchmark prompt are created (each its own prompt, so each is fetched and
// cached once) and fetched into one client; the heap is measured (after a full GC) holding them
// and again after `clear()`: the difference is what the cache kept.
import { type Ctx, polyprompt, vendorConfig } from "./benches.js";
import { BENCHED } from "./vendors.js";
import { buildPrompt, SIZES, type Size } from "./prompts.js";

export interface MemoryRow {
  size: Size;
  /** Versions cached for the measurement. */
  versions: number;
  /** Heap the cache frees per version on `clear()`, bytes (the version, its entries under its reference and its id). */
  heapBytesPerVersion: number;
  /** JSON size of what the vendor sent for one version (`version.raw`), bytes. */
  payloadJsonBytes: number;
}

/** The heap after a full GC (the bench runs with --expose-gc). */
function settledHeap(): number {
  const gc = globalThis.gc;
  if (!gc) throw new Error("the memory benchmark needs node --expose-gc (pnpm bench passes it)");
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

export async function benchMemory(ctx: Ctx): Promise<MemoryRow[]> {
  const rows: MemoryRow[] = [];
  const versions = ctx.quick ? 10 : 40;
  for (const size of SIZES) {
    const prompt = buildPrompt(size);
    const refs: string[] = [];
    for (let i = 0; i < versions; i++) {
      const { promptId } = await createOnce(() => BENCHED.createPrompt(vendorConfig(ctx.emu), prompt));
      refs.push(`${BENCHED.vendor}:${promptId}`);
    }
    const client = polyprompt(ctx.emu, { cache: { maxEntries: 10 * versions } });
    const first = await client.get(refs[0]!);
    for (const ref of refs.slice(1)) await client.get(ref);
    // What the cache holds is what clearing it frees: JIT code, connection pools and other
    // one-time growth stay on both sides of the difference.
    const holding = settledHeap();
    await client.clear();
    const cleared = settledHeap();
    const row: MemoryRow = {
      size,
      versions,
      heapBytesPerVersion: Math.round((holding - cleared) / versions),
      payloadJsonBytes: JSON.stringify(first.raw).length,
    };
    ctx.log(`  ${size}: ${row.heapBytesPerVersion} heap bytes per cached version, payload JSON ${row.payloadJsonBytes} bytes`);
    rows.push(row);
  }
  return rows;
}

/**
 * Runs a create, again once if a kept-alive connection was closed under it (the emulator closes
 * idle ones; after the earlier benchmarks, Node's fetch may pick one up just as it closes). A
 * second prompt in the emulator is harmless here: only the refs returned are measured.
 */
async function createOnce<T>(create: () => Promise<T>): Promise<T> {
  try {
    return await create();
  } catch (err) {
    const code = (err as { cause?: { code?: unknown } }).cause?.code;
    if (code !== "UND_ERR_SOCKET") throw err;
    return create();
  }
}
