import { PromptError } from "../errors/prompt-error.js";

/** Why a signature was refused. */
export type SignatureFailure = "missing_signature" | "malformed_signature" | "stale_timestamp" | "bad_signature";

/** What checking a signature answers; it never throws for what a caller sent. */
export type SignatureCheck =
  | {
      ok: true;
      /** The signed timestamp, in Unix seconds. */
      timestamp: number;
      /**
       * Names this delivery for a replay guard: the timestamp and a digest of what was signed.
       * The same for every copy of one delivery whichever `v1=` values its header carries, and
       * for every receiver whatever its secrets, so a fleet sharing one guard agrees on it.
       */
      replayId: string;
    }
  | { ok: false; reason: SignatureFailure };

export interface TimestampedSignatureOptions {
  /** The shared secret, or several while rotating it: a signature made with any of them passes. Used as UTF-8 bytes. */
  secrets: string | readonly string[];
  /** How far the signed timestamp may be from `now`, either way. Default 300 s. */
  toleranceSeconds?: number;
  /** The clock, in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** A header longer than this is refused unread: no sender needs more, and parsing it costs. */
export const MAX_SIGNATURE_HEADER_CHARS = 4_096;
/** The most `v1=` values one header may carry (one per secret the sender signs with). */
const MAX_SIGNATURES = 8;
/** Up to year 5138 in seconds: anything longer is not a Unix time. */
const TIMESTAMP = /^\d{1,11}$/;
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

/**
 * Reads a `t=<unix seconds>,v1=<hex>[,v1=<hex>…]` header. Other schemes (`v0=`) are ignored, as
 * senders add them while moving to new ones.
 *
 * @example
 * parseTimestampedSignature("t=1700000000,v1=5d41…"); // { ok: true, timestamp: 1700000000, signatures: ["5d41…"] }
 */
export function parseTimestampedSignature(
  header: string | null | undefined,
): { ok: true; timestamp: number; signatures: string[] } | { ok: false; reason: "missing_signature" | "malformed_signature" } {
  if (header === null || header === undefined || header.trim() === "") return { ok: false, reason: "missing_signature" };
  if (header.length > MAX_SIGNATURE_HEADER_CHARS) return { ok: false, reason: "malformed_signature" };
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq <= 0) return { ok: false, reason: "malformed_signature" };
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t") {
      if (timestamp !== undefined || !TIMESTAMP.test(value)) return { ok: false, reason: "malformed_signature" };
      timestamp = Number(value);
    } else if (key === "v1") {
      if (signatures.length === MAX_SIGNATURES) return { ok: false, reason: "malformed_signature" };
      signatures.push(value);
    }
  }
  if (timestamp === undefined || signatures.length === 0) return { ok: false, reason: "malformed_signature" };
  return { ok: true, timestamp, signatures };
}

/**
 * A checker of `t=<unix seconds>,v1=<hex>` signatures: `v1` is the hex HMAC-SHA256, under the
 * shared secret, of `<t>.<raw body>`. Signing the timestamp with the body means a captured
 * request stops being accepted once it is older than the tolerance. Uses Web Crypto only, so it
 * runs wherever `crypto.subtle` does; the secrets are imported once.
 *
 * The HMACs are compared byte by byte in a loop that never stops early, so how long a refusal
 * takes says nothing about how close a forgery came.
 *
 * @example
 * const verify = timestampedSignatureVerifier({ secrets: [process.env.WEBHOOK_SECRET!] });
 * const check = await verify(request.headers.get("x-signature"), new Uint8Array(await request.arrayBuffer()));
 * if (!check.ok) return new Response(check.reason, { status: 401 });
 */
export function timestampedSignatureVerifier(
  options: TimestampedSignatureOptions,
): (header: string | null | undefined, body: Uint8Array) => Promise<SignatureCheck> {
  const secrets = checkedSecrets(options.secrets);
  const toleranceSeconds = options.toleranceSeconds ?? 300;
  if (!Number.isFinite(toleranceSeconds) || toleranceSeconds < 0) {
    throw new PromptError({
      code: "invalid_config",
      operation: "timestampedSignatureVerifier",
      message: `toleranceSeconds must be a number of seconds, 0 or more; got ${String(options.toleranceSeconds)}.`,
    });
  }
  const now = options.now ?? Date.now;
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) {
    throw new PromptError({
      code: "unsupported",
      operation: "timestampedSignatureVerifier",
      message: "Checking signatures needs Web Crypto (globalThis.crypto.subtle), which this runtime does not have.",
    });
  }
  const encoder = new TextEncoder();
  let keys: Promise<CryptoKey[]> | undefined;

  return async (header, body) => {
    const parsed = parseTimestampedSignature(header);
    if (!parsed.ok) return parsed;
    keys ??= Promise.all(
      secrets.map((secret) => subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"])),
    );
    const signed = concat(encoder.encode(`${parsed.timestamp}.`), body);
    const expected = await Promise.all((await keys).map(async (key) => new Uint8Array(await subtle.sign("HMAC", key, signed))));
    // Every candidate against every expected HMAC, with no early exit: the time taken depends
    // on how many values there are, never on their bytes.
    let matched = 0;
    for (const candidate of parsed.signatures) {
      const bytes = SHA256_HEX.test(candidate) ? hexBytes(candidate) : undefined;
      for (const mac of expected) matched |= bytes === undefined ? 0 : equalBytes(bytes, mac);
    }
    if (matched === 0) return { ok: false, reason: "bad_signature" };
    // Checked after the HMAC, so "stale" is only ever said of a request that was really signed.
    if (Math.abs(now() / 1000 - parsed.timestamp) > toleranceSeconds) return { ok: false, reason: "stale_timestamp" };
    const digest = new Uint8Array(await subtle.digest("SHA-256", signed));
    return { ok: true, timestamp: parsed.timestamp, replayId: `${parsed.timestamp}.${hex(digest)}` };
  };
}

function checkedSecrets(given: string | readonly string[]): string[] {
  const secrets = typeof given === "string" ? [given] : Array.isArray(given) ? [...given] : [];
  if (secrets.length === 0 || !secrets.every((s) => typeof s === "string" && s.length > 0)) {
    // The value is never echoed: it is a secret, or close to one.
    throw new PromptError({
      code: "invalid_config",
      operation: "timestampedSignatureVerifier",
      message: "The webhook secret must be a non-empty string (or a non-empty list of them while rotating).",
    });
  }
  return secrets;
}

/** 1 when equal, 0 otherwise; both are 32 bytes here. Every byte is visited whatever differs. */
function equalBytes(a: Uint8Array, b: Uint8Array): number {
  let diff = a.length ^ b.length;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0 ? 1 : 0;
}

function hexBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function hex(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += byte.toString(16).padStart(2, "0");
  return out;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(new ArrayBuffer(a.byteLength + b.byteLength));
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}
