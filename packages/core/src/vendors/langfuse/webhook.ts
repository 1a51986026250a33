/**
 * `@polyprompt/core/langfuse/webhook`: a handler for Langfuse's prompt-version webhooks that
 * drops exactly the cached references an event changes, so a label moved in Langfuse is served
 * at once instead of after the cache's TTL.
 *
 * How Langfuse signs (read from its server, `packages/shared/src/encryption/signature.ts` and
 * the worker's webhook processor): the header `x-langfuse-signature: t=<unix seconds>,v1=<hex>`,
 * where `v1` is HMAC-SHA256 keyed with the whole secret string as Langfuse shows it
 * (`lf-whsec_<64 hex>`, prefix included, as UTF-8) over `<t>.<body>`, the body being the exact
 * JSON text sent. One `v1` per request; the same headers are sent again on its in-process
 * retries. The payload's `id` is the automation execution's id.
 */
import type { PromptClient } from "../../client/options.js";
import { PromptError } from "../../errors/prompt-error.js";
import { formatRef, parseRef } from "../../refs/parse.js";
import type { PromptRefObject } from "../../refs/types.js";
import { DEFAULT_MAX_WEBHOOK_BYTES, readBodyWithin } from "../../webhooks/bounded-body.js";
import { createMemoryReplayGuard, type ReplayGuard } from "../../webhooks/replay-guard.js";
import { parseTimestampedSignature, timestampedSignatureVerifier } from "../../webhooks/timestamped-signature.js";
import { jsonResponse, refusal } from "../../webhooks/webhook-response.js";

export { toNodeListener } from "../../webhooks/node-adapter.js";
export type { NodeListenerOptions, NodeRequestLike, NodeResponseLike } from "../../webhooks/node-adapter.js";
export { createMemoryReplayGuard } from "../../webhooks/replay-guard.js";
export type { MemoryReplayGuardOptions, ReplayGuard } from "../../webhooks/replay-guard.js";

// The names normalize.ts holds too; imported from there, they would bring the template engine
// into this entry point.
const LANGFUSE = "langfuse";
const LATEST_LABEL = "latest";
const PRODUCTION_LABEL = "production";
const SIGNATURE_HEADER = "x-langfuse-signature";
const OPERATION = "langfuseWebhook";
const ACTIONS: ReadonlySet<string> = new Set(["created", "updated", "deleted"]);

/** A prompt-version event, as far as the handler reads it. */
export interface LangfusePromptVersionEvent {
  action: "created" | "updated" | "deleted";
  name: string;
  version: number;
  /** The labels the version holds after the change (`latest` included when it has it). */
  labels: string[];
}

/** What `onInvalidate` is told after an event's references were dropped. */
export interface LangfuseInvalidation extends LangfusePromptVersionEvent {
  /** The references dropped, in their string form. */
  invalidated: string[];
}

export interface LangfuseWebhookOptions {
  /** The webhook's signing secret (`lf-whsec_…`), as Langfuse shows it; several while rotating it. */
  secret: string | readonly string[];
  /** The client whose cache the events update (`invalidate` and `invalidateVersion` are used). */
  client: Pick<PromptClient, "invalidate" | "invalidateVersion">;
  /** How old (or how far ahead) a signed timestamp may be. Default 300 s. */
  toleranceSeconds?: number;
  /** Refuses a delivery seen before. Default: one in this process's memory; share one across a fleet. */
  replayGuard?: ReplayGuard;
  /** The clock, in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Largest body read. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Told of each event handled, after its references were dropped. What it throws is ignored. */
  onInvalidate?: (invalidation: LangfuseInvalidation) => void;
}

/**
 * A fetch-style handler (`(Request) => Promise<Response>`) for Langfuse's prompt-version
 * webhooks: it checks the signature, refuses replays, and drops what the event changed from the
 * client's cache: every reference that held the version (so a label it lost is found by what it
 * held), each label it holds now (`production` is also the bare reference), `@latest`, and the
 * version by number. Serve it from Next.js, Hono, Bun or Deno as is, or from Node and Express
 * through `toNodeListener`.
 *
 * Prompts that include the changed one need nothing: the client fetches Langfuse prompts with
 * their dependency tags unresolved and resolves them at render time through its cache, so once
 * the child's references are dropped, every parent renders the new child.
 *
 * Answers: 200 `{ invalidated: [...] }`; 200 `{ ignored: true }` for a signed event of another
 * type; 401 for a missing, malformed or wrong signature, or a timestamp outside the tolerance
 * (`error` says which); 400 for a body that is not JSON or not a prompt-version event; 405 for a
 * method other than POST; 409 for a replay; 413 past `maxBodyBytes`; 500 when the cache could
 * not be updated (`code` is the PromptError's). Nothing is dropped unless the request checked out.
 * A delivery is claimed in the replay guard before its references are dropped, so should that
 * fail (500), Langfuse's immediate resend of the same request is a replay (409): the entries
 * then refresh at their TTL.
 *
 * @example
 * import { langfuseWebhook } from "@polyprompt/core/langfuse/webhook";
 * const handler = langfuseWebhook({ secret: process.env.LANGFUSE_WEBHOOK_SECRET!, client: prompts });
 * export const POST = handler; // Next.js route; or app.post("/hooks/langfuse", toNodeListener(handler))
 */
export function langfuseWebhook(options: LangfuseWebhookOptions): (request: Request) => Promise<Response> {
  const { client, onInvalidate } = options;
  const secrets = typeof options.secret === "string" ? [options.secret] : Array.isArray(options.secret) ? [...options.secret] : [];
  if (secrets.length === 0 || !secrets.every((s) => typeof s === "string" && s.trim() !== "")) {
    throw configError("`secret` must be the webhook's signing secret (`lf-whsec_…`), a non-empty string, or a list of them.");
  }
  if (typeof client?.invalidate !== "function" || typeof client.invalidateVersion !== "function") {
    throw configError("`client` must be a prompt client (createPromptClient) with the Langfuse vendor.");
  }
  const toleranceSeconds = options.toleranceSeconds ?? 300;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_WEBHOOK_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) {
    throw configError("`maxBodyBytes` must be a whole number of bytes, 1 or more.");
  }
  const verify = withVendor(() => timestampedSignatureVerifier({ secrets, toleranceSeconds, now: options.now }));
  const replayGuard = options.replayGuard ?? createMemoryReplayGuard({ now: options.now });
  // Long enough to outlive every moment the signature is accepted, on any clock of a fleet
  // that is within the tolerance of this one.
  const replayTtlMs = Math.max(1, toleranceSeconds) * 2_000;

  return async (request) => {
    if (request.method.toUpperCase() !== "POST") {
      return refusal(405, "method_not_allowed", "Langfuse webhooks are POST requests.", { allow: "POST" });
    }
    // The header's shape is checked before the body is read: a request that cannot be signed costs nothing.
    const header = request.headers.get(SIGNATURE_HEADER);
    const shape = parseTimestampedSignature(header);
    if (!shape.ok) return signatureRefusal(shape.reason);
    const body = await readBodyWithin(request, maxBodyBytes);
    if (!body.ok) return refusal(413, "payload_too_large", `The body is larger than ${maxBodyBytes} bytes.`);
    const check = await verify(header, body.bytes);
    if (!check.ok) return signatureRefusal(check.reason);

    let payload: unknown;
    try {
      payload = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body.bytes));
    } catch {
      return refusal(400, "malformed_json", "The body is not JSON.");
    }
    const event = readEvent(payload);
    if (event.kind === "invalid") return refusal(400, "invalid_event", event.message);

    // Claimed only now: a forged or malformed request never burns a real delivery's id.
    let first: boolean;
    try {
      first = await replayGuard.claim(`${LANGFUSE}:${check.replayId}`, replayTtlMs);
    } catch (err) {
      return failure(err, "claim");
    }
    if (!first) return refusal(409, "replayed", "This delivery was already handled.");
    if (event.kind === "ignored") return jsonResponse(200, { ignored: true });

    const { versionRef, refs } = refsOf(event.event);
    try {
      if (versionRef) await client.invalidateVersion(versionRef);
      for (const ref of refs) await client.invalidate(ref);
    } catch (err) {
      return failure(err, "invalidate");
    }
    const invalidated = [...(versionRef ? [versionRef] : []), ...refs].map((ref) => formatRef(parseRef(ref)));
    try {
      onInvalidate?.({ ...event.event, invalidated });
    } catch {
      // A listener's bug must not make Langfuse retry an event that was handled.
    }
    return jsonResponse(200, { invalidated });
  };
}

type ReadEvent = { kind: "event"; event: LangfusePromptVersionEvent } | { kind: "ignored" } | { kind: "invalid"; message: string };

/** Checks only what the handler reads: Langfuse may add fields, and types of events. */
function readEvent(payload: unknown): ReadEvent {
  if (!isObject(payload)) return { kind: "invalid", message: "The body is not a JSON object." };
  if (typeof payload.type !== "string") return { kind: "invalid", message: "`type` is missing." };
  if (payload.type !== "prompt-version") return { kind: "ignored" };
  const { action, prompt } = payload;
  if (typeof action !== "string" || !ACTIONS.has(action)) {
    return { kind: "invalid", message: "`action` must be created, updated or deleted." };
  }
  if (!isObject(prompt)) return { kind: "invalid", message: "`prompt` must be an object." };
  const { name, version, labels } = prompt;
  if (typeof name !== "string" || name === "") return { kind: "invalid", message: "`prompt.name` must be a non-empty string." };
  if (typeof version !== "number" || !Number.isSafeInteger(version) || version < 1) {
    return { kind: "invalid", message: "`prompt.version` must be a positive whole number." };
  }
  if (!Array.isArray(labels) || !labels.every((l): l is string => typeof l === "string" && l !== "")) {
    return { kind: "invalid", message: "`prompt.labels` must be a list of non-empty strings." };
  }
  return { kind: "event", event: { action: action as LangfusePromptVersionEvent["action"], name, version, labels: [...labels] } };
}

/**
 * The references an event changes. `invalidateVersion` finds the entries that held the
 * version (labels it lost among them); `invalidate` drops the labels it holds now (it may have
 * gained them), `@latest` and the version by number. A name or label no reference can hold
 * (Langfuse allows spaces in names, references do not) has nothing cached, and is skipped.
 */
function refsOf(event: LangfusePromptVersionEvent): { versionRef: PromptRefObject | undefined; refs: PromptRefObject[] } {
  const base = { vendor: LANGFUSE, promptId: event.name };
  const versionRef = referable({ ...base, versionId: String(event.version) });
  const candidates: PromptRefObject[] = [];
  for (const label of event.labels) {
    if (label === LATEST_LABEL) continue;
    // `production` is also what the bare reference selects: both parse to the one cache key.
    candidates.push(label === PRODUCTION_LABEL ? base : { ...base, environment: label });
  }
  candidates.push({ ...base, version: "latest" }, { ...base, version: String(event.version) });
  const seen = new Set<string>();
  const refs: PromptRefObject[] = [];
  for (const ref of candidates) {
    const ok = referable(ref);
    if (!ok) continue;
    const key = formatRef(parseRef(ok));
    if (!seen.has(key)) {
      seen.add(key);
      refs.push(ok);
    }
  }
  return { versionRef, refs };
}

function referable(ref: PromptRefObject): PromptRefObject | undefined {
  try {
    parseRef(ref);
    return ref;
  } catch {
    return undefined;
  }
}

function signatureRefusal(reason: "missing_signature" | "malformed_signature" | "stale_timestamp" | "bad_signature"): Response {
  const messages = {
    missing_signature: `The ${SIGNATURE_HEADER} header is missing.`,
    malformed_signature: `The ${SIGNATURE_HEADER} header is not "t=<unix seconds>,v1=<hex>".`,
    stale_timestamp: "The signed timestamp is outside the accepted window: check both clocks, or the delivery is old.",
    bad_signature: `The ${SIGNATURE_HEADER} header does not match the body under the configured secret.`,
  };
  // All 401: the timestamp is part of what is signed, so a stale one is a failed authentication too.
  return refusal(401, reason, messages[reason]);
}

/** 500 with the PromptError's code; its message stays here, as it may name hosts or keys of a store. */
function failure(err: unknown, step: "claim" | "invalidate"): Response {
  const error = PromptError.is(err)
    ? err
    : new PromptError({ code: "vendor_error", vendor: LANGFUSE, operation: OPERATION, message: "the cache update failed" });
  return jsonResponse(500, {
    error: step === "claim" ? "replay_guard_failed" : "invalidation_failed",
    code: error.code,
    message:
      step === "claim"
        ? "The replay guard failed; nothing was invalidated. A retry of this delivery is handled."
        : "The cache could not be updated.",
  });
}

function withVendor<T>(make: () => T): T {
  try {
    return make();
  } catch (err) {
    if (!PromptError.is(err)) throw err;
    throw new PromptError({ code: err.code, vendor: LANGFUSE, operation: OPERATION, message: err.message });
  }
}

const configError = (message: string): PromptError =>
  new PromptError({ code: "invalid_config", vendor: LANGFUSE, operation: OPERATION, message });

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
