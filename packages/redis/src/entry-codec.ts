import { createHash } from "node:crypto";
import type { CacheEntry } from "@polyprompt/core";
import { RedisStoreError, text } from "./redis-commands.js";

/**
 * How an entry is kept in Redis: the entry, plus a hash of its version's content. The hash lets
 * any process tell a changed version from the same one fetched again, and a value damaged in
 * Redis (truncated, edited by hand) from a good one: a mismatch is never served.
 */
interface StoredEntry {
  hash: string;
  entry: CacheEntry;
}

/** The content hash of a cached version: SHA-256 of its JSON, without when it was fetched. */
export function contentHash(value: CacheEntry["value"]): string {
  const { fetchedAt: _, ...content } = value;
  return createHash("sha256").update(JSON.stringify(content)).digest("base64url").slice(0, 22);
}

export function encodeEntry(entry: CacheEntry): string {
  const stored: StoredEntry = { hash: contentHash(entry.value), entry };
  return JSON.stringify(stored);
}

/** The entry in a Redis reply; throws a `RedisStoreError` for anything else, so it is reported and not served. */
export function decodeEntry(reply: unknown, redisKey: string): CacheEntry {
  const raw = text(reply);
  let parsed: unknown;
  try {
    parsed = raw === undefined ? undefined : JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  const stored = parsed as Partial<StoredEntry> | undefined;
  if (typeof stored !== "object" || stored === null || typeof stored.hash !== "string" || !isEntry(stored.entry)) {
    throw new RedisStoreError(`@polyprompt/redis: the value under "${redisKey}" is not a cache entry; not served`);
  }
  if (contentHash(stored.entry.value) !== stored.hash) {
    throw new RedisStoreError(`@polyprompt/redis: the value under "${redisKey}" does not match its content hash; not served`);
  }
  return stored.entry;
}

function isEntry(value: unknown): value is CacheEntry {
  if (typeof value !== "object" || value === null) return false;
  const e = value as Record<string, unknown>;
  const v = e.value as Record<string, unknown> | null | undefined;
  return (
    typeof v === "object" &&
    v !== null &&
    typeof v.vendor === "string" &&
    typeof v.promptId === "string" &&
    typeof v.versionId === "string" &&
    isTime(e.expiresAt) &&
    isTime(e.staleUntil)
  );
}

const isTime = (t: unknown): boolean => t === null || (typeof t === "number" && Number.isFinite(t));
