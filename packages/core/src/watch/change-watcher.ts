import type { PromptClient } from "../client/options.js";
import { PromptError } from "../errors/prompt-error.js";
import { formatRef, parseRef } from "../refs/parse.js";
import type { PromptRef } from "../refs/types.js";
import { createMemoryReplayGuard, type ReplayGuard } from "../webhooks/replay-guard.js";
import { changeBetween, fingerprintOf, snapshotOf, type VersionSnapshot } from "./version-snapshot.js";

/** What a poll found changed in one prompt, and what it dropped. */
export interface PromptChange {
  /** The prompt, `vendor:promptId`. */
  prompt: string;
  versionIds: string[];
  /** The references dropped, in their string form. */
  invalidated: string[];
}

export interface ChangeWatcherOptions {
  /** The client whose cache is kept current (`listVersions`, `invalidate` and `invalidateVersion` are used). */
  client: Pick<PromptClient, "listVersions" | "invalidate" | "invalidateVersion">;
  /** The prompts to watch, as `vendor:promptId` (any selector is ignored). */
  prompts: readonly PromptRef[];
  /** How often each prompt is listed. Default 30 s. */
  intervalMs?: number;
  /**
   * Shares the polling with a fleet: a prompt is listed by whichever process first claims the
   * interval, and a state one process has seen counts as known to all. A `@polyprompt/redis`
   * store is one. Default: this process alone.
   */
  claims?: ReplayGuard;
  /** Told of each change after its references were dropped. What it throws is ignored. */
  onChange?: (change: PromptChange) => void;
  /** Told of each failed poll (the next interval tries again). What it throws is ignored. */
  onError?: (error: PromptError) => void;
}

export interface ChangeWatcher {
  /**
   * Lists every watched prompt now and drops what changed. Unless `force`, a prompt another
   * process (or an earlier poll) already listed in this interval is skipped.
   */
  pollOnce(options?: { force?: boolean }): Promise<PromptChange[]>;
  /** Stops polling; a poll under way finishes. */
  stop(): void;
}

// A state the fleet has seen is remembered this long; one seen again after it counts as a change,
// which costs a refetch, never a stale answer.
const KNOWN_STATE_MS = 86_400_000;

/**
 * Keeps a client's cache current for vendors that send no webhooks: lists each watched prompt's
 * versions once per interval (once for the whole fleet, with shared `claims`), and when a
 * version was added, removed, changed or moved between environments, drops every cached
 * reference that held it and the references that may now select another version.
 *
 * @example
 * import { watchPrompts } from "@polyprompt/core/watch";
 * const watcher = watchPrompts({ client: prompts, prompts: ["acme:support"], intervalMs: 30_000, claims: redisStore });
 * // on shutdown
 * watcher.stop();
 */
export function watchPrompts(options: ChangeWatcherOptions): ChangeWatcher {
  const intervalMs = options.intervalMs ?? 30_000;
  if (!(Number.isFinite(intervalMs) && intervalMs >= 100)) {
    throw new PromptError({
      code: "invalid_config",
      operation: "watchPrompts",
      message: "`intervalMs` must be a number of milliseconds, 100 or more.",
    });
  }
  const prompts = options.prompts.map((ref) => {
    const parsed = parseRef(ref);
    return { vendor: parsed.vendor, promptId: parsed.promptId, name: `${parsed.vendor}:${parsed.promptId}` };
  });
  const claims = options.claims ?? createMemoryReplayGuard();
  const known = new Map<string, VersionSnapshot>();
  const { client } = options;

  const tell = <T>(listener: ((value: T) => void) | undefined, value: T): void => {
    try {
      listener?.(value);
    } catch {
      // A listener's bug must not stop the watcher.
    }
  };

  const pollPrompt = async (p: (typeof prompts)[number], force: boolean): Promise<PromptChange | undefined> => {
    const claimed = await claims.claim(`watch:${p.name}:${Math.floor(Date.now() / intervalMs)}`, intervalMs);
    if (!claimed && !force) return undefined;
    const after = snapshotOf(await client.listVersions(p.name));
    const before = known.get(p.name);
    known.set(p.name, after);
    // The fleet may have seen this state already (another process polled before): then nothing is new.
    const firstForFleet = await claims.claim(`watch-state:${p.name}:${await digest(fingerprintOf(after))}`, KNOWN_STATE_MS);
    if (before === undefined && !firstForFleet) return undefined;
    const change = changeBetween(p.vendor, p.promptId, before, after);
    if (change === undefined) return undefined;
    for (const versionId of change.versionIds) await client.invalidateVersion({ vendor: p.vendor, promptId: p.promptId, versionId });
    for (const ref of change.refs) await client.invalidate(ref);
    return { prompt: p.name, versionIds: change.versionIds, invalidated: change.refs.map((ref) => formatRef(parseRef(ref))) };
  };

  let polling: Promise<PromptChange[]> | undefined;
  const pollOnce = (pollOptions?: { force?: boolean }): Promise<PromptChange[]> => {
    // One poll at a time: a slow vendor never stacks them up.
    polling ??= (async () => {
      const changes: PromptChange[] = [];
      for (const p of prompts) {
        try {
          const change = await pollPrompt(p, pollOptions?.force ?? false);
          if (change) {
            changes.push(change);
            tell(options.onChange, change);
          }
        } catch (err) {
          tell(
            options.onError,
            PromptError.is(err)
              ? err
              : new PromptError({
                  code: "vendor_error",
                  vendor: p.vendor,
                  operation: "watchPrompts",
                  message: "a poll failed",
                  cause: err,
                }),
          );
        }
      }
      return changes;
    })().finally(() => {
      polling = undefined;
    });
    return polling;
  };

  const timer = setInterval(() => void pollOnce(), intervalMs);
  // A watcher alone must not keep a process (or a test run) alive.
  (timer as { unref?: () => void }).unref?.();
  return { pollOnce: (pollOptions) => pollOnce(pollOptions), stop: () => clearInterval(timer) };
}

/** SHA-256 of `text`, hex: a fixed-size id for any state, on any runtime with Web Crypto. */
async function digest(text: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
