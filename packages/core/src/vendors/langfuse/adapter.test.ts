// The Langfuse adapter over real HTTP: a loopback server answers recorded payloads
// (__fixtures__), and every request it saw is checked.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { createPromptClient } from "../../client/create-client.js";
import { caught } from "../../test-support/emulator.js";
import { serveFixtures, type Recorded, type Routes } from "../../test-support/fixture-server.js";
import { langfuse } from "./index.js";

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), "utf8")) as Record<string, unknown>;

const PUBLIC_KEY = "pk-lf-test-PUBLIC-1a2b3c";
const SECRET_KEY = "sk-lf-test-SECRET-9z8y7x";
const BASIC = Buffer.from(`${PUBLIC_KEY}:${SECRET_KEY}`).toString("base64");
const PROMPTS = "/api/public/v2/prompts";

let server: Awaited<ReturnType<typeof serveFixtures>> | undefined;
afterEach(() => server?.close());

async function clientWith(routes: Routes, options: Parameters<typeof createPromptClient>[0] extends infer O ? Partial<O> : never = {}) {
  server = await serveFixtures(routes);
  const vendor = langfuse({ publicKey: PUBLIC_KEY, secretKey: SECRET_KEY, baseUrl: server.baseUrl });
  return createPromptClient({ vendors: [vendor], retry: { retries: 2, minDelayMs: 1, maxDelayMs: 2_000 }, ...options });
}

const queryOf = (i = 0) => Object.fromEntries(server!.seen[i]!.query);

describe("langfuse: references", () => {
  const chat = fixture("chat-placeholder");
  const routes: Routes = { [`GET ${PROMPTS}/support%2Fchat`]: { body: chat } };

  it.each([
    ["langfuse:support/chat", { label: "production", resolve: "false" }],
    ["langfuse:support/chat@production", { label: "production", resolve: "false" }],
    ["langfuse:support/chat@staging", { label: "staging", resolve: "false" }],
    ["langfuse:support/chat@latest", { label: "latest", resolve: "false" }],
    ["langfuse:support/chat@3", { version: "3", resolve: "false" }],
    ["langfuse:support/chat#3", { version: "3", resolve: "false" }],
  ])("get(%s) is one GET with %o, the folder name URL-encoded, Basic auth", async (ref, query) => {
    const prompts = await clientWith(routes);
    const version = await prompts.get(ref);
    expect(server!.seen).toHaveLength(1);
    expect(server!.seen[0]).toMatchObject({ method: "GET", path: `${PROMPTS}/support%2Fchat`, authorization: `Basic ${BASIC}` });
    expect(queryOf()).toEqual(query);
    expect(version).toMatchObject({ vendor: "langfuse", promptId: "support/chat", versionId: "3", version: "3" });
  });

  it("the object form: { environment } is a label, { version } and { versionId } a number", async () => {
    const prompts = await clientWith(routes);
    await prompts.get({ vendor: "langfuse", promptId: "support/chat", environment: "tenant-a" });
    await prompts.get({ vendor: "langfuse", promptId: "support/chat", version: "3" });
    expect(server!.seen.map((r) => Object.fromEntries(r.query))).toEqual([
      { label: "tenant-a", resolve: "false" },
      { version: "3", resolve: "false" },
    ]);
  });

  it("#n is cached without a TTL: a second get makes no request, even past the TTL", async () => {
    const prompts = await clientWith(routes, { cache: { ttlMs: 1 } });
    await prompts.get("langfuse:support/chat#3");
    await new Promise((resolve) => setTimeout(resolve, 20));
    const again = await prompts.get("langfuse:support/chat#3");
    expect(again.source).toBe("cache");
    expect(server!.seen).toHaveLength(1);
  });

  it.each([
    "langfuse:support/chat@2.1",
    "langfuse:support/chat@2.x",
    "langfuse:support/chat#abc",
    "langfuse:support/chat#0",
    "langfuse:support/chat#1.5",
  ])("get(%s) is invalid_ref before any request", async (ref) => {
    const prompts = await clientWith(routes);
    const error = await caught(() => prompts.get(ref));
    expect(error).toMatchObject({ code: "invalid_ref", vendor: "langfuse" });
    expect(error.message).toContain("numbered 1, 2, 3");
    expect(server!.seen).toEqual([]);
  });

  it("invalidate(name) drops exactly that prompt, not every name it prefixes (Langfuse's client does)", async () => {
    const prompts = await clientWith({
      [`GET ${PROMPTS}/foo`]: { body: { ...chat, name: "foo" } },
      [`GET ${PROMPTS}/foobar`]: { body: { ...chat, name: "foobar" } },
    });
    await prompts.get("langfuse:foo");
    await prompts.get("langfuse:foobar");
    await prompts.invalidate("langfuse:foo");
    expect((await prompts.get("langfuse:foobar")).source).toBe("cache");
    expect((await prompts.get("langfuse:foo")).source).toBe("network");
    expect(server!.seen.map((r) => r.path)).toEqual([`${PROMPTS}/foo`, `${PROMPTS}/foobar`, `${PROMPTS}/foo`]);
  });

  it("a version number past 2^53 is invalid_ref, not a rounded request", async () => {
    const prompts = await clientWith(routes);
    expect((await caught(() => prompts.get("langfuse:support/chat@99999999999999999999"))).code).toBe("invalid_ref");
    expect(server!.seen).toEqual([]);
  });

  it.each(["langfuse:..", "langfuse:.", "langfuse:..@latest", "langfuse:.@staging", "langfuse:..@3", "langfuse:..#3"])(
    "get(%s): a dot segment is invalid_ref and sends nothing",
    async (ref) => {
      const prompts = await clientWith({});
      expect((await caught(() => prompts.get(ref))).code).toBe("invalid_ref");
      expect((await caught(() => prompts.listVersions(ref.replace(/[@#].*$/, "")))).code).toBe("invalid_ref");
      expect(server!.seen).toEqual([]);
    },
  );

  it("a folder name with dots stays one encoded segment (a/../b is not folded)", async () => {
    const prompts = await clientWith({ [`GET ${PROMPTS}/a%2F..%2Fb`]: { body: { ...chat, name: "a/../b" } } });
    expect((await prompts.get("langfuse:a/../b")).promptId).toBe("a/../b");
    expect(server!.seen[0]!.path).toBe(`${PROMPTS}/a%2F..%2Fb`);
  });

  it("an answer for another prompt or another version is not_found, never served", async () => {
    const prompts = await clientWith({
      [`GET ${PROMPTS}/support%2Fchat`]: { body: { ...chat, name: "support/other" } },
      [`GET ${PROMPTS}/classifier`]: { body: fixture("config-openai") },
    });
    expect((await caught(() => prompts.get("langfuse:support/chat"))).code).toBe("not_found");
    expect((await caught(() => prompts.get("langfuse:classifier@2"))).code).toBe("not_found");
  });
});

describe("langfuse: errors", () => {
  const route = (answer: Recorded | ((n: number) => Recorded)) => {
    let calls = 0;
    return { [`GET ${PROMPTS}/support%2Fchat`]: () => (typeof answer === "function" ? answer(++calls) : answer) };
  };

  it("404 is not_found with Langfuse's message, not retried", async () => {
    const prompts = await clientWith(route({ status: 404, body: fixture("error-404") }));
    const error = await caught(() => prompts.get("langfuse:support/chat"));
    expect(error).toMatchObject({ code: "not_found", vendor: "langfuse", operation: "getPrompt", status: 404, retryable: false });
    expect(error.message).toContain("Prompt not found: 'support/chat' with label 'production'");
    expect(server!.seen).toHaveLength(1);
  });

  it("400 (validation issues in `error`) is a vendor_error with the message, not retried", async () => {
    const prompts = await clientWith(route({ status: 400, body: fixture("error-400-zod") }));
    const error = await caught(() => prompts.get("langfuse:support/chat@3"));
    expect(error).toMatchObject({ code: "vendor_error", status: 400, retryable: false });
    expect(error.message).toContain("Invalid request data");
    expect(server!.seen).toHaveLength(1);
  });

  it("429 with Retry-After is waited out and retried ({ message, code } read)", async () => {
    const prompts = await clientWith(
      route((n) =>
        n === 1 ? { status: 429, body: fixture("error-429"), headers: { "retry-after": "0" } } : { body: fixture("chat-placeholder") },
      ),
    );
    expect((await prompts.get("langfuse:support/chat")).versionId).toBe("3");
    expect(server!.seen).toHaveLength(2);
  });

  it("429 with a Retry-After past maxDelayMs fails fast as rate_limited with the wait", async () => {
    const prompts = await clientWith(route({ status: 429, body: fixture("error-429"), headers: { "retry-after": "120" } }));
    const error = await caught(() => prompts.get("langfuse:support/chat"));
    expect(error).toMatchObject({ code: "rate_limited", retryAfterMs: 120_000 });
    expect(server!.seen).toHaveLength(1);
  });

  it("500 is a retryable vendor_error, retried", async () => {
    const prompts = await clientWith(route({ status: 500, body: fixture("error-500") }));
    const error = await caught(() => prompts.get("langfuse:support/chat"));
    expect(error).toMatchObject({ code: "vendor_error", status: 500, retryable: true });
    expect(error.message).toContain("Internal Server Error");
    expect(server!.seen).toHaveLength(3);
  });

  it("a payload off the spec is invalid_response naming the path", async () => {
    const prompts = await clientWith(route({ body: { ...fixture("chat-placeholder"), version: "3" } }));
    const error = await caught(() => prompts.get("langfuse:support/chat"));
    expect(error.code).toBe("invalid_response");
    expect(error.message).toContain("$.version");
  });

  it("an unknown chat role is invalid_response naming the message", async () => {
    const bad = { ...fixture("chat-placeholder"), prompt: [{ role: "narrator", content: "x" }] };
    const error = await caught(async () => (await clientWith(route({ body: bad }))).get("langfuse:support/chat"));
    expect(error).toMatchObject({ code: "invalid_response", vendor: "langfuse" });
    expect(error.message).toContain("prompt[0].role");
  });

  it("the secret key, and base64(publicKey:secretKey), never appear in an error", async () => {
    // A hostile or careless server echoes the credentials it was sent.
    const prompts = await clientWith({
      [`GET ${PROMPTS}/support%2Fchat`]: (req) => ({
        status: 401,
        body: { message: `bad credentials ${req.authorization} ${SECRET_KEY} ${BASIC}`, error: "UnauthorizedError" },
      }),
    });
    const error = await caught(() => prompts.get("langfuse:support/chat"));
    expect(error.code).toBe("unauthorized");
    const text = `${error.message} ${error.stack} ${JSON.stringify(error)} ${String(error.cause)}`;
    expect(text).not.toContain(SECRET_KEY);
    expect(text).not.toContain(BASIC);
  });
});

describe("langfuse: listVersions", () => {
  const versionRoute = (versions: Record<number, Record<string, unknown>>) => (req: { query: URLSearchParams }) => {
    const v = Number(req.query.get("version"));
    return versions[v] ? { body: versions[v] } : { status: 404, body: fixture("error-404") };
  };
  const chat = fixture("chat-placeholder");
  const versions = {
    1: { ...chat, version: 1, labels: [], commitMessage: "first" },
    2: { ...chat, version: 2, labels: ["staging"], commitMessage: null },
    3: chat,
  };

  it("lists every page, then each version (resolve=false) for its labels; newest first", async () => {
    const prompts = await clientWith({
      [`GET ${PROMPTS}`]: (req) => ({ body: fixture(`prompt-meta-page-${req.query.get("page")}`) }),
      [`GET ${PROMPTS}/support%2Fchat`]: versionRoute(versions),
    });
    const list = await prompts.listVersions("langfuse:support/chat");
    expect(list.map((v) => [v.versionId, v.environments, v.commitMessage])).toEqual([
      ["3", ["production"], "Tone down the greeting"],
      ["2", ["staging"], undefined],
      ["1", [], "first"],
    ]);
    const listing = server!.seen.filter((r) => r.path === PROMPTS).map((r) => Object.fromEntries(r.query));
    expect(listing).toEqual([
      { name: "support/chat", page: "1" },
      { name: "support/chat", page: "2" },
    ]);
    for (const r of server!.seen.filter((r) => r.path !== PROMPTS)) expect(r.query.get("resolve")).toBe("false");
    expect(list[0]).toMatchObject({ model: "gpt-4o-mini", createdAt: "2026-11-20T10:15:00.000Z", updatedAt: "2026-11-21T08:00:00.000Z" });
  });

  it("a listing entry of another name is ignored; no entry at all is not_found", async () => {
    const other = { data: [{ name: "support/chat-v2", versions: [9] }], meta: { page: 1, totalPages: 1 } };
    const prompts = await clientWith({ [`GET ${PROMPTS}`]: { body: other } });
    expect((await caught(() => prompts.listVersions("langfuse:support/chat"))).code).toBe("not_found");
  });

  it.each([
    ["a negative page count", -1],
    ["a fractional page count", 1.5],
    ["a page count as a string", "2"],
  ])("%s is invalid_response before a second request", async (_, totalPages) => {
    const prompts = await clientWith({ [`GET ${PROMPTS}`]: { body: { data: [], meta: { page: 1, totalPages } } } });
    expect((await caught(() => prompts.listVersions("langfuse:support/chat"))).code).toBe("invalid_response");
    expect(server!.seen).toHaveLength(1);
  });

  it("a page count or version count past maxListRequests is refused before the requests are made", async () => {
    server = await serveFixtures({
      [`GET ${PROMPTS}`]: (req) =>
        req.query.get("name") === "huge"
          ? { body: { data: [], meta: { page: 1, totalPages: 1_000_000_000 } } }
          : { body: { data: [{ name: "many", versions: Array.from({ length: 50 }, (_, i) => i + 1) }], meta: { page: 1, totalPages: 1 } } },
    });
    const vendor = langfuse({ publicKey: PUBLIC_KEY, secretKey: SECRET_KEY, baseUrl: server.baseUrl, maxListRequests: 20 });
    const prompts = createPromptClient({ vendors: [vendor], retry: false });
    for (const name of ["huge", "many"]) {
      const error = await caught(() => prompts.listVersions(`langfuse:${name}`));
      expect(error.code).toBe("invalid_response");
      expect(error.message).toContain("maxListRequests (20)");
    }
    expect(server.seen).toHaveLength(2);
  });

  it("keeps at most listConcurrency version requests in flight", async () => {
    let inFlight = 0;
    let most = 0;
    const many = Array.from({ length: 12 }, (_, i) => i + 1);
    server = await serveFixtures({
      [`GET ${PROMPTS}`]: { body: { data: [{ name: "support/chat", versions: many }], meta: { page: 1, totalPages: 1 } } },
    });
    // A fetch that counts requests in flight around the loopback server.
    const counting: typeof fetch = async (input, init) => {
      inFlight++;
      most = Math.max(most, inFlight);
      try {
        const url = new URL(input instanceof Request ? input.url : String(input));
        if (url.pathname !== PROMPTS) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          const v = Number(url.searchParams.get("version"));
          return new Response(JSON.stringify({ ...chat, version: v }), { headers: { "content-type": "application/json" } });
        }
        return await fetch(input, init);
      } finally {
        inFlight--;
      }
    };
    const vendor = langfuse({ publicKey: PUBLIC_KEY, secretKey: SECRET_KEY, baseUrl: server.baseUrl, listConcurrency: 3 });
    const list = await createPromptClient({ vendors: [vendor], fetch: counting }).listVersions("langfuse:support/chat");
    expect(list.map((v) => v.version)).toEqual(many.map(String).reverse());
    expect(most).toBe(3);
  });
});

describe("langfuse: configuration", () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of ["LANGFUSE_PUBLIC_KEY", "LANGFUSE_SECRET_KEY", "LANGFUSE_BASE_URL"]) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it("keys and host default to LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY and LANGFUSE_BASE_URL (trimmed)", async () => {
    server = await serveFixtures({ [`GET ${PROMPTS}/welcome-email`]: { body: fixture("text") } });
    process.env.LANGFUSE_PUBLIC_KEY = `${PUBLIC_KEY}\n`;
    process.env.LANGFUSE_SECRET_KEY = ` ${SECRET_KEY}`;
    process.env.LANGFUSE_BASE_URL = server.baseUrl;
    const prompts = createPromptClient({ vendors: [langfuse()] });
    expect((await prompts.get("langfuse:welcome-email")).promptId).toBe("welcome-email");
    expect(server.seen[0]!.authorization).toBe(`Basic ${BASIC}`);
  });

  it("a missing key is a configuration error naming the option and the variable", () => {
    delete process.env.LANGFUSE_PUBLIC_KEY;
    delete process.env.LANGFUSE_SECRET_KEY;
    expect(() => langfuse({ secretKey: SECRET_KEY })).toThrow(/publicKey \(or the LANGFUSE_PUBLIC_KEY/);
    expect(() => langfuse({ publicKey: PUBLIC_KEY })).toThrow(/secretKey \(or the LANGFUSE_SECRET_KEY/);
  });
});
