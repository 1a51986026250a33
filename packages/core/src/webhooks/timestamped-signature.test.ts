// The `t=…,v1=…` signature check against signatures made the way Langfuse's server makes them
// (node:crypto, HMAC-SHA256 over `${t}.${body}` with the whole secret string as key): valid,
// rotated, forged in each way, stale both ways, malformed; the clock is injected.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { PromptError } from "../errors/prompt-error.js";
import { MAX_SIGNATURE_HEADER_CHARS, parseTimestampedSignature, timestampedSignatureVerifier } from "./timestamped-signature.js";

const SECRET = "lf-whsec_3b1f0c9e7d5a4b2c8e6f0a1d3c5b7e9f2a4c6e8b0d1f3a5c7e9b2d4f6a8c0e1f";
const OTHER = "lf-whsec_0000000000000000000000000000000000000000000000000000000000000000";
const T = 1_750_000_000;
const BODY = '{"id":"e1","type":"prompt-version","prompt":{"name":"support/chat","labels":["production"]}}';

/** As Langfuse's `generateWebhookSignature` computes it. */
const sign = (body: string, t: number, secret = SECRET): string =>
  createHmac("sha256", secret).update(`${t}.${body}`, "utf8").digest("hex");
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const verifier = (secrets: string | string[] = SECRET, at = T) => timestampedSignatureVerifier({ secrets, now: () => at * 1000 });

describe("timestampedSignatureVerifier", () => {
  it("accepts a signature made as Langfuse makes it, and names the delivery for replay guards", async () => {
    const check = await verifier()(`t=${T},v1=${sign(BODY, T)}`, bytes(BODY));
    expect(check).toEqual({ ok: true, timestamp: T, replayId: expect.stringMatching(new RegExp(`^${T}\\.[0-9a-f]{64}$`)) });
    // Spaces after commas and upper-case hex are read too.
    expect((await verifier()(`t=${T}, v1=${sign(BODY, T).toUpperCase()}`, bytes(BODY))).ok).toBe(true);
  });

  it("signs bytes, not text: a body that is not UTF-8 verifies over its exact bytes", async () => {
    const raw = new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]);
    const mac = createHmac("sha256", SECRET)
      .update(Buffer.concat([Buffer.from(`${T}.`), Buffer.from(raw)]))
      .digest("hex");
    expect((await verifier()(`t=${T},v1=${mac}`, raw)).ok).toBe(true);
  });

  it("rotation: any of several secrets, and any of several v1 values; the replay id is the same whichever matched", async () => {
    const both = verifier([OTHER, SECRET]);
    const withNew = await both(`t=${T},v1=${sign(BODY, T, SECRET)}`, bytes(BODY));
    const withOld = await both(`t=${T},v1=${sign(BODY, T, OTHER)}`, bytes(BODY));
    const twoValues = await verifier(SECRET)(`t=${T},v1=${sign(BODY, T, OTHER)},v1=${sign(BODY, T, SECRET)}`, bytes(BODY));
    const otherScheme = await verifier(SECRET)(`t=${T},v0=abc,v1=${sign(BODY, T)}`, bytes(BODY));
    for (const check of [withNew, withOld, twoValues, otherScheme]) expect(check.ok).toBe(true);
    const ids = new Set([withNew, withOld, twoValues, otherScheme].map((c) => (c.ok ? c.replayId : "")));
    expect(ids.size).toBe(1);
    // Another body or timestamp is another delivery.
    const later = await verifier(SECRET, T + 1)(`t=${T + 1},v1=${sign(BODY, T + 1)}`, bytes(BODY));
    expect(later.ok && !ids.has(later.replayId)).toBe(true);
  });

  it.each([
    ["the wrong secret", `t=${T},v1=${sign(BODY, T, OTHER)}`, BODY],
    ["one flipped hex digit", `t=${T},v1=${flipFirst(sign(BODY, T))}`, BODY],
    ["a value one byte short", `t=${T},v1=${sign(BODY, T).slice(0, 62)}`, BODY],
    ["a value one byte long", `t=${T},v1=${sign(BODY, T)}00`, BODY],
    ["non-hex characters", `t=${T},v1=${"zz".repeat(32)}`, BODY],
    ["an empty value", `t=${T},v1=`, BODY],
    ["a changed body", `t=${T},v1=${sign(BODY, T)}`, `${BODY} `],
    ["a changed timestamp", `t=${T - 1},v1=${sign(BODY, T)}`, BODY],
    ["the HMAC of the body alone (no timestamp)", `t=${T},v1=${createHmac("sha256", SECRET).update(BODY).digest("hex")}`, BODY],
  ])("refuses %s as bad_signature", async (_, header, body) => {
    expect(await verifier()(header, bytes(body))).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refuses a timestamp past the tolerance either way, and accepts one at its edge", async () => {
    const at = (t: number) => verifier(SECRET, T)(`t=${t},v1=${sign(BODY, t)}`, bytes(BODY));
    expect(await at(T - 301)).toEqual({ ok: false, reason: "stale_timestamp" });
    expect(await at(T + 301)).toEqual({ ok: false, reason: "stale_timestamp" });
    expect((await at(T - 300)).ok).toBe(true);
    expect((await at(T + 300)).ok).toBe(true);
    const strict = timestampedSignatureVerifier({ secrets: SECRET, toleranceSeconds: 10, now: () => T * 1000 });
    expect(await strict(`t=${T - 11},v1=${sign(BODY, T - 11)}`, bytes(BODY))).toEqual({ ok: false, reason: "stale_timestamp" });
    // A forgery with an old timestamp is refused as a forgery: "stale" is said only of a signed request.
    expect(await verifier()(`t=${T - 10_000},v1=${"0".repeat(64)}`, bytes(BODY))).toEqual({ ok: false, reason: "bad_signature" });
  });

  it.each([
    [null, "missing_signature"],
    [undefined, "missing_signature"],
    ["", "missing_signature"],
    ["  ", "missing_signature"],
    [`v1=${"a".repeat(64)}`, "malformed_signature"],
    [`t=${T}`, "malformed_signature"],
    [`t=${T},v2=${"a".repeat(64)}`, "malformed_signature"],
    [`t=abc,v1=${"a".repeat(64)}`, "malformed_signature"],
    [`t=-5,v1=${"a".repeat(64)}`, "malformed_signature"],
    [`t=1e9,v1=${"a".repeat(64)}`, "malformed_signature"],
    [`t=123456789012,v1=${"a".repeat(64)}`, "malformed_signature"],
    [`t=${T},t=${T},v1=${"a".repeat(64)}`, "malformed_signature"],
    [`t=${T},,v1=${"a".repeat(64)}`, "malformed_signature"],
    [`${"a".repeat(64)}`, "malformed_signature"],
    [`t=${T},${Array.from({ length: 9 }, () => `v1=${"a".repeat(64)}`).join(",")}`, "malformed_signature"],
    [`t=${T},v1=${"a".repeat(64)},x=${"y".repeat(MAX_SIGNATURE_HEADER_CHARS)}`, "malformed_signature"],
  ])("reads %j as %s", async (header, reason) => {
    expect(parseTimestampedSignature(header)).toEqual({ ok: false, reason });
    expect(await verifier()(header, bytes(BODY))).toEqual({ ok: false, reason });
  });

  it("refuses a missing secret or a bad tolerance with invalid_config, quoting neither", () => {
    for (const secrets of ["", [], [SECRET, ""], 42 as unknown as string]) {
      const error = (() => {
        try {
          timestampedSignatureVerifier({ secrets });
        } catch (err) {
          return err;
        }
      })();
      expect(PromptError.is(error) && error.code).toBe("invalid_config");
      expect(String((error as Error).message)).not.toContain(SECRET);
    }
    expect(() => timestampedSignatureVerifier({ secrets: SECRET, toleranceSeconds: -1 })).toThrow(/toleranceSeconds/);
    expect(() => timestampedSignatureVerifier({ secrets: SECRET, toleranceSeconds: Number.NaN })).toThrow(/toleranceSeconds/);
  });
});

function flipFirst(hex: string): string {
  return (hex[0] === "0" ? "1" : "0") + hex.slice(1);
}
