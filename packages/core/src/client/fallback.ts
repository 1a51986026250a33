import type { PromptError } from "../errors/prompt-error.js";
import type { CachedVersion } from "./cached-version.js";
import type { FallbackVersion, GetOptions } from "./options.js";

/**
 * The caller's fallback as a full version, for when nothing is cached and the fetch failed.
 * A fallback that throws or is not a version re-throws the original `error`: the caller learns
 * why the fetch failed, not that the fallback was broken.
 *
 * @example
 * await fallbackVersion({ messages: [{ role: "user", content: "Hi" }] }, error, { vendor: "acme", promptId: "p1", template: "acme" });
 */
export async function fallbackVersion(
  fallback: NonNullable<GetOptions["fallback"]>,
  error: PromptError,
  identity: { vendor: string; promptId: string; template: string },
): Promise<CachedVersion> {
  let given: FallbackVersion;
  try {
    given = typeof fallback === "function" ? await fallback() : fallback;
  } catch {
    throw error;
  }
  if (typeof given !== "object" || given === null || !Array.isArray(given.messages)) throw error;
  const now = new Date().toISOString();
  return {
    vendor: identity.vendor,
    promptId: identity.promptId,
    versionId: "fallback",
    version: "fallback",
    environments: [],
    draft: false,
    createdAt: now,
    raw: [],
    template: identity.template,
    params: {},
    tools: [],
    variables: [],
    ...given,
    fetchedAt: now,
  };
}
