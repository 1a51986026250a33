// Issue 11, finding 3: a response body is read through a byte limit (10 MB by default) that
// counts what the stream yields (decompressed bytes) and aborts past it.
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { caught } from "../test-support/emulator.js";
import { createVendorHttp, DEFAULT_MAX_RESPONSE_BYTES, type RequestRuntime } from "./request.js";

const MB = 1024 * 1024;
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** A loopback server; `handler` writes the answer and the test reads how much it managed to send. */
async function serve(handler: (res: ServerResponse) => void) {
  const server = createServer((_req, res) => handler(res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const runtime = (extra: Partial<RequestRuntime> = {}): RequestRuntime => ({
  fetch: (input, init) => globalThis.fetch(input, init),
  timeoutMs: 60_000,
  retry: { retries: 0, minDelayMs: 1, maxDelayMs: 1 },
  ...extra,
});

function getJson(url: string) {
  const http = createVendorHttp("acme", ["acme-key-123"]);
  return (rt: RequestRuntime) =>
    http.call(
      rt,
      "getThing",
      async ({ signal, fetch }) => {
        const response = await fetch(new Request(url, { signal }));
        return { data: await response.json(), response };
      },
      (result) => result.data as { padding: string },
    );
}

describe("response body limit", () => {
  it("defaults to 10 MB", () => {
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(10 * MB);
  });

  it("a 30 MB body fails with invalid_response naming the limit, and the read stops early", async () => {
    let written = 0;
    let aborted = false;
    const url = await serve((res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.on("close", () => (aborted = !res.writableFinished));
      const chunk = Buffer.alloc(MB, 0x61);
      res.write('{"padding":"');
      const pump = (): void => {
        while (written < 30 * MB) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end('"}');
      };
      pump();
    });
    const error = await caught(() => getJson(url)(runtime()));
    expect(error.code).toBe("invalid_response");
    expect(error.message).toContain("10485760 bytes");
    expect(error.message).toContain("maxResponseBytes");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(aborted || written < 30 * MB).toBe(true);
  });

  it("a gzip bomb is cut on decompressed bytes", async () => {
    const inflated = JSON.stringify({ padding: " ".repeat(30 * MB) });
    const bomb = gzipSync(inflated, { level: 9 });
    expect(bomb.length).toBeLessThan(MB / 4);
    const url = await serve((res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip", "content-length": String(bomb.length) });
      res.end(bomb);
    });
    const error = await caught(() => getJson(url)(runtime()));
    expect(error.code).toBe("invalid_response");
    expect(error.message).toContain("10485760 bytes");
  });

  it("the limit is configurable on the runtime, and a body under it reads as before", async () => {
    const body = JSON.stringify({ padding: "x".repeat(2_000) });
    const url = await serve((res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(body);
    });
    const read = getJson(url);
    expect((await read(runtime())).padding).toHaveLength(2_000);
    const error = await caught(() => read(runtime({ maxResponseBytes: 1_000 })));
    expect(error).toMatchObject({ code: "invalid_response", vendor: "acme", operation: "getThing" });
    expect(error.message).toContain("1000 bytes");
  });

  it("a content-length over the limit fails before reading the body", async () => {
    const url = await serve((res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": String(50 * MB) });
      res.write("{");
      // Never sends the rest: only the header can end this call quickly.
    });
    const error = await caught(() => getJson(url)(runtime()));
    expect(error.code).toBe("invalid_response");
    expect(error.message).toContain("10485760 bytes");
  });
});
