// The CLI's node:http fetch against a loopback node:http server: what the core's requests use.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeFetch } from "./node-fetch.js";

let server: Server;
let base: string;
const seen: { method: string; headers: IncomingMessage["headers"]; body: string }[] = [];

beforeAll(async () => {
  server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    seen.push({ method: req.method ?? "", headers: req.headers, body });
    const url = new URL(req.url ?? "/", "http://x");
    const payload = Buffer.from(JSON.stringify({ ok: true, path: url.pathname }));
    switch (url.pathname) {
      case "/gzip":
        res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" }).end(gzipSync(payload));
        return;
      case "/br":
        res.writeHead(200, { "content-type": "application/json", "content-encoding": "br" }).end(brotliCompressSync(payload));
        return;
      case "/deflate":
        res.writeHead(200, { "content-type": "application/json", "content-encoding": "deflate" }).end(deflateSync(payload));
        return;
      case "/empty":
        res.writeHead(204).end();
        return;
      case "/slow":
        setTimeout(() => res.writeHead(200).end("late"), 5_000).unref();
        return;
      case "/redirect":
        res.writeHead(302, { location: "/elsewhere" }).end();
        return;
      case "/cookies":
        res
          .writeHead(503, [
            ["set-cookie", "a=1"],
            ["set-cookie", "b=2"],
            ["retry-after", "2"],
          ])
          .end("busy");
        return;
      default:
        res.writeHead(200, { "content-type": "application/json" }).end(payload);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("nodeFetch", () => {
  it("sends the method, headers and body of a Request, and returns status, headers and body", async () => {
    const response = await nodeFetch(
      new Request(`${base}/echo`, {
        method: "POST",
        headers: { authorization: "Bearer k", "content-type": "application/json" },
        body: '{"a":1}',
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual({ ok: true, path: "/echo" });
    const request = seen.at(-1)!;
    expect(request).toMatchObject({ method: "POST", body: '{"a":1}' });
    expect(request.headers).toMatchObject({ authorization: "Bearer k", "content-length": "7" });
  });

  it.each(["gzip", "br", "deflate"])("decodes a %s response, as fetch does", async (encoding) => {
    const response = await nodeFetch(`${base}/${encoding}`);
    expect(response.headers.get("content-encoding")).toBeNull();
    expect(await response.json()).toEqual({ ok: true, path: `/${encoding}` });
  });

  it("returns a 204 without a body, a redirect as it is, and repeated headers joined", async () => {
    expect((await nodeFetch(`${base}/empty`)).status).toBe(204);
    const redirect = await nodeFetch(`${base}/redirect`);
    expect([redirect.status, redirect.headers.get("location")]).toEqual([302, "/elsewhere"]);
    const busy = await nodeFetch(`${base}/cookies`);
    expect([busy.status, busy.headers.get("retry-after"), await busy.text()]).toEqual([503, "2", "busy"]);
    expect(busy.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
  });

  it("stops on the caller's abort signal", async () => {
    const controller = new AbortController();
    const pending = nodeFetch(`${base}/slow`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toThrow();
  });

  it("fails like fetch on a closed port and on another protocol", async () => {
    await expect(nodeFetch("http://127.0.0.1:1/")).rejects.toThrow(/fetch failed/);
    await expect(nodeFetch("file:///etc/passwd")).rejects.toThrow(/unsupported protocol/);
  });
});
