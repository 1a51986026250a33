// toNodeListener over a real node:http server and fetch: the raw body and headers reach the
// handler untouched, its answer is written back, an oversize body is 413 (declared or
// streamed), and a body an Express-style parser already consumed is a clear 500.
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { toNodeListener } from "./node-adapter.js";

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

type Middleware = (req: IncomingMessage & { body?: unknown; _body?: boolean }, res: ServerResponse) => Promise<void>;

/** Serves `listener`, after `before` (a stand-in for an Express body parser) when given. */
async function serve(listener: ReturnType<typeof toNodeListener>, before?: Middleware): Promise<string> {
  server = createServer((req, res) => {
    if (!before) return listener(req, res);
    before(req, res).then(() => listener(req, res));
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Answers what it received: method, path, a header, and the body's length and SHA-256. */
const echo = toNodeListener(async (request) => {
  const body = new Uint8Array(await request.arrayBuffer());
  return Response.json(
    {
      method: request.method,
      path: new URL(request.url).pathname,
      signature: request.headers.get("x-signature"),
      length: body.byteLength,
      sha256: createHash("sha256").update(body).digest("hex"),
    },
    { status: 201, headers: { "x-handled": "yes" } },
  );
});

const readAll = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

describe("toNodeListener", () => {
  it("hands the handler the exact bytes, method, path and headers, and writes its status, headers and body", async () => {
    const url = await serve(echo);
    const bytes = new Uint8Array([0x7b, 0x22, 0xff, 0x00, 0xfe, 0x7d]);
    const response = await fetch(`${url}/hooks/langfuse?x=1`, { method: "POST", body: bytes, headers: { "x-signature": "t=1,v1=ab" } });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-handled")).toBe("yes");
    expect(await response.json()).toEqual({
      method: "POST",
      path: "/hooks/langfuse",
      signature: "t=1,v1=ab",
      length: 6,
      sha256: createHash("sha256").update(bytes).digest("hex"),
    });
    const get = await fetch(`${url}/`);
    expect(await get.json()).toMatchObject({ method: "GET", length: 0 });
  });

  it("answers 413 for a body past the bound, declared or streamed, and the server keeps serving", async () => {
    const url = await serve(toNodeListener(echoHandler, { maxBodyBytes: 1_000 }));
    const declared = await fetch(url, { method: "POST", body: new Uint8Array(1_001) });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ error: "payload_too_large" });

    let chunks = 0;
    const streamed = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (++chunks > 8) controller.close();
        else controller.enqueue(new Uint8Array(300));
      },
    });
    const chunked = await fetch(url, { method: "POST", body: streamed, duplex: "half" } as RequestInit);
    expect(chunked.status).toBe(413);
    expect((await fetch(url, { method: "POST", body: new Uint8Array(1_000) })).status).toBe(201);
  });

  it("answers 500 naming the fix when a JSON body parser consumed the body first", async () => {
    const url = await serve(echo, async (req) => {
      req._body = true;
      req.body = JSON.parse((await readAll(req)).toString("utf8"));
    });
    const response = await fetch(url, { method: "POST", body: '{"a":1}', headers: { "content-type": "application/json" } });
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: string; message: string };
    expect(body.error).toBe("body_already_parsed");
    expect(body.message).toContain('express.raw({ type: "application/json" })');
    expect(body.message).toContain("before body parsers");
  });

  it("takes the raw bytes an express.raw()-style parser left in req.body, and reads the stream when a parser only set {}", async () => {
    const bytes = Buffer.from('{"a": 1}\n');
    const raw = await serve(echo, async (req) => {
      req._body = true;
      req.body = await readAll(req);
    });
    expect(await (await fetch(raw, { method: "POST", body: bytes })).json()).toMatchObject({
      length: bytes.byteLength,
      sha256: createHash("sha256").update(bytes).digest("hex"),
    });
    server?.closeAllConnections();
    server?.close();
    // Express 4 sets `req.body = {}` for a content type its parser skipped, leaving the stream unread.
    const skipped = await serve(echo, async (req) => {
      req.body = {};
    });
    expect(await (await fetch(skipped, { method: "POST", body: bytes })).json()).toMatchObject({ length: bytes.byteLength });
  });

  it("answers a generic 500 when the handler throws, without its message", async () => {
    const url = await serve(
      toNodeListener(async () => {
        throw new Error("leaked sk-lf-SECRET-123");
      }),
    );
    const response = await fetch(url, { method: "POST", body: "{}" });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).toContain("internal_error");
    expect(text).not.toContain("SECRET");
  });
});

async function echoHandler(request: Request): Promise<Response> {
  const body = new Uint8Array(await request.arrayBuffer());
  return Response.json({ length: body.byteLength }, { status: 201 });
}
