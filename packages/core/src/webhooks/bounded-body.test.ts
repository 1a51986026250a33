// Reading a webhook body within a bound: a declared length past it is refused unread, and an
// endless stream is cancelled once past it rather than buffered.
import { describe, expect, it } from "vitest";
import { readBodyWithin } from "./bounded-body.js";

describe("readBodyWithin", () => {
  it("returns the bytes of a body within the bound, and empty bytes for none", async () => {
    const body = await readBodyWithin(new Request("http://x/", { method: "POST", body: "hello" }), 5);
    expect(body.ok && new TextDecoder().decode(body.bytes)).toBe("hello");
    const none = await readBodyWithin(new Request("http://x/", { method: "POST" }), 5);
    expect(none.ok && none.bytes.byteLength).toBe(0);
  });

  it("refuses a declared content-length past the bound without reading a byte", async () => {
    let pulls = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        controller.enqueue(new Uint8Array(10));
      },
    });
    const request = new Request("http://x/", {
      method: "POST",
      body: stream,
      headers: { "content-length": "11" },
      duplex: "half",
    } as RequestInit);
    const pullsBefore = pulls;
    expect(await readBodyWithin(request, 10)).toEqual({ ok: false, reason: "too_large" });
    expect(pulls).toBe(pullsBefore);
  });

  it("stops an endless stream as soon as it passes the bound, and cancels it", async () => {
    let pulls = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        controller.enqueue(new Uint8Array(1_000));
      },
      cancel() {
        cancelled = true;
      },
    });
    const request = new Request("http://x/", { method: "POST", body: endless, duplex: "half" } as RequestInit);
    expect(await readBodyWithin(request, 4_500)).toEqual({ ok: false, reason: "too_large" });
    expect(cancelled).toBe(true);
    // Five chunks pass the bound; the stream may have queued one or two more, never the rest.
    expect(pulls).toBeLessThan(10);
  });
});
