// A loopback server that answers recorded vendor payloads: adapter tests exercise real HTTP
// with the exact bytes a vendor sent. Not part of the published package.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface Recorded {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  authorization: string | undefined;
}

/** Routes are `"METHOD /path"`; a function route sees the request and may vary its answer. */
export type Routes = Record<string, Recorded | ((req: SeenRequest) => Recorded)>;

export async function serveFixtures(routes: Routes) {
  const seen: SeenRequest[] = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://fixture");
    const text = await readBody(req);
    const request: SeenRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: url.searchParams,
      body: text ? JSON.parse(text) : undefined,
      authorization: req.headers.authorization,
    };
    seen.push(request);
    const route = routes[`${request.method} ${request.path}`];
    const answer = typeof route === "function" ? route(request) : (route ?? { status: 404, body: { message: "no fixture" } });
    res.writeHead(answer.status ?? 200, { "content-type": "application/json", ...answer.headers });
    res.end(typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of req) text += (chunk as Buffer).toString();
  return text;
}
