// Issue 11, finding 7: `.` and `..` as ids would be folded by the URL parser
// (`tela:..` → `GET /tela/promoted-version`), sending the key to another route. Every vendor
// refuses them as `invalid_ref` before any request, for every path parameter it fills.
import { afterEach, describe, expect, it } from "vitest";
import { createPromptClient } from "../client/create-client.js";
import { caught } from "../test-support/emulator.js";
import { serveFixtures } from "../test-support/fixture-server.js";
import { helicone } from "./helicone/index.js";
import { tela } from "./tela/index.js";

let server: Awaited<ReturnType<typeof serveFixtures>> | undefined;
afterEach(() => server?.close());

const factories = { helicone, tela };
// Each selector that fills a path parameter or a request id: production, @latest, #versionId,
// environments and version labels, and the listing.
const refs = (vendor: string, version: string) => [
  `${vendor}:..`,
  `${vendor}:.`,
  `${vendor}:..@latest`,
  `${vendor}:.@staging`,
  `${vendor}:..@${version}`,
  `${vendor}:abc#..`,
  `${vendor}:abc#.`,
  `${vendor}:..#abc`,
];

describe.each(Object.entries(factories))("%s: dot-segment ids", (vendor, make) => {
  it.each(refs(vendor, vendor === "tela" ? "3" : "2.1"))("get(%s) is invalid_ref and sends nothing", async (ref) => {
    server = await serveFixtures({});
    const prompts = createPromptClient({ vendors: [make({ apiKey: "key-12345", baseUrl: `${server.baseUrl}/${vendor}` })], retry: false });
    const error = await caught(() => prompts.get(ref));
    expect(error.code).toBe("invalid_ref");
    expect(server.seen).toEqual([]);
  });

  it.each([`${vendor}:..`, `${vendor}:.`])("listVersions(%s) is invalid_ref and sends nothing", async (ref) => {
    server = await serveFixtures({});
    const prompts = createPromptClient({ vendors: [make({ apiKey: "key-12345", baseUrl: `${server.baseUrl}/${vendor}` })], retry: false });
    const error = await caught(() => prompts.listVersions(ref));
    expect(error.code).toBe("invalid_ref");
    expect(server.seen).toEqual([]);
  });
});
