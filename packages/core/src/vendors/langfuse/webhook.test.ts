// langfuseWebhook against the emulator over real HTTP: labels moved through Langfuse's API,
// then the events Langfuse would send, signed as its server signs them, reach a real client
// with the memory cache. A moved, removed or deleted label is served new at once (no TTL wait),
// a parent renders its child's new text, and every refused request leaves the cache whole.
// The clock is injected: no assertion depends on how fast the machine is.
import { createHmac, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Emulator, startEmulator } from "@polyprompt/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPromptClient } from "../../client/create-client.js";
import type { PromptClient } from "../../client/options.js";
import { PromptError } from "../../errors/prompt-error.js";
import type { PromptRef } from "../../refs/types.js";
import { caught } from "../../test-support/emulator.js";
import { langfuse } from "./index.js";
import { createMemoryReplayGuard, type LangfuseInvalidation, langfuseWebhook, toNodeListener } from "./webhook.js";

const PUBLIC_KEY = "pk-lf-webhook-PUBLIC-1a2b";
const SECRET_KEY = "sk-lf-webhook-SECRET-3c4d";
const WEBHOOK_SECRET = "lf-whsec_9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0";
const OLD_WEBHOOK_SECRET = "lf-whsec_1111111111111111111111111111111111111111111111111111111111111111";
/** The handler's clock, in Unix seconds: fixed, and the timestamp every signature carries. */
const T = 1_750_000_000;
const now = () => T * 1000;

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ apiKeys: { langfuse: [`${PUBLIC_KEY}:${SECRET_KEY}`] } });
});
afterAll(() => emu?.close());

const newClient = () =>
  createPromptClient({
    vendors: [langfuse({ publicKey: PUBLIC_KEY, secretKey: SECRET_KEY, baseUrl: emu.urlFor("langfuse") })],
    retry: false,
  });

/** The client, with every invalidation it is asked for recorded. */
function spied(client: PromptClient) {
  const calls: string[] = [];
  const spy = {
    invalidate(ref: PromptRef) {
      calls.push(`invalidate ${JSON.stringify(ref)}`);
      return client.invalidate(ref);
    },
    invalidateVersion(ref: PromptRef) {
      calls.push(`invalidateVersion ${JSON.stringify(ref)}`);
      return client.invalidateVersion(ref);
    },
  };
  return { spy, calls };
}

/** Langfuse's public API on the emulator. */
async function api(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${emu.urlFor("langfuse")}/api/public/v2/prompts${path}`, {
    method,
    headers: { authorization: `Basic ${btoa(`${PUBLIC_KEY}:${SECRET_KEY}`)}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? {} : ((await response.json()) as Record<string, unknown>);
}
const create = (name: string, prompt: string, labels: string[] = []) => api("POST", "", { name, type: "text", prompt, labels });
const versionView = (name: string, version: number) => api("GET", `/${encodeURIComponent(name)}?version=${version}&resolve=false`);

/** The body Langfuse sends for a prompt-version event: its prompt as the API shows it, prompt last. */
async function eventBody(action: string, name: string, version: number, prompt?: Record<string, unknown>): Promise<string> {
  const view = prompt ?? (await versionView(name, version));
  return JSON.stringify({
    id: randomUUID(),
    timestamp: new Date(now()).toISOString(),
    type: "prompt-version",
    apiVersion: "v1",
    action,
    prompt: view,
  });
}

/** As Langfuse's `generateWebhookSignature` computes it. */
const sign = (body: string, t = T, secret = WEBHOOK_SECRET): string =>
  `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`, "utf8").digest("hex")}`;

const post = (body: string | Uint8Array<ArrayBuffer>, signature?: string, method = "POST") =>
  new Request("http://app.test/hooks/langfuse", {
    method,
    body: method === "GET" || method === "HEAD" ? undefined : body,
    headers: { "content-type": "application/json", ...(signature === undefined ? {} : { "x-langfuse-signature": signature }) },
  });

const uniqueName = (what: string) => `webhook/${what}-${randomUUID().slice(0, 8)}`;

describe("langfuseWebhook: labels moved in Langfuse are served new at once", () => {
  it("a label moved to another version: both events (gaining and losing) → the label's new version, no TTL wait", async () => {
    const name = uniqueName("move");
    await create(name, "v1 text", ["production", "staging"]);
    await create(name, "v2 text");
    const client = newClient();
    const handler = langfuseWebhook({ secret: WEBHOOK_SECRET, client, now });
    expect((await client.get({ vendor: "langfuse", promptId: name, environment: "staging" })).versionId).toBe("1");
    expect((await client.get(`langfuse:${name}@latest`)).versionId).toBe("2");

    await api("PATCH", `/${encodeURIComponent(name)}/versions/2`, { newLabels: ["staging"] });
    // The cache does not know yet.
    expect(await client.get(`langfuse:${name}@staging`)).toMatchObject({ versionId: "1", source: "cache" });

    const gained = await eventBody("updated", name, 2);
    const lost = await eventBody("updated", name, 1);
    const first = await handler(post(gained, sign(gained)));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({
      invalidated: [`langfuse:${name}#2`, `langfuse:${name}@staging`, `langfuse:${name}@latest`, `langfuse:${name}@2`],
    });
    const second = await handler(post(lost, sign(lost)));
    expect(await second.json()).toEqual({
      invalidated: [`langfuse:${name}#1`, `langfuse:${name}`, `langfuse:${name}@latest`, `langfuse:${name}@1`],
    });

    expect(await client.get(`langfuse:${name}@staging`)).toMatchObject({
      versionId: "2",
      source: "network",
      messages: [{ content: "v2 text" }],
    });
    expect((await client.get(`langfuse:${name}`)).versionId).toBe("1");
  });

  it.each(["gaining", "losing"])("the %s event alone is enough to serve the moved label new", async (which) => {
    const name = uniqueName(which);
    await create(name, "v1", ["staging"]);
    await create(name, "v2");
    const client = newClient();
    await client.get(`langfuse:${name}@staging`);
    await api("PATCH", `/${encodeURIComponent(name)}/versions/2`, { newLabels: ["staging"] });
    const body = await eventBody("updated", name, which === "gaining" ? 2 : 1);
    expect((await langfuseWebhook({ secret: WEBHOOK_SECRET, client, now })(post(body, sign(body)))).status).toBe(200);
    expect((await client.get(`langfuse:${name}@staging`)).versionId).toBe("2");
  });

  it("a label taken off a version with no gain elsewhere: its entry is dropped (found by the version it held)", async () => {
    const name = uniqueName("removed");
    await create(name, "v1", ["production", "beta"]);
    const client = newClient();
    await client.get({ vendor: "langfuse", promptId: name, environment: "beta" });
    await client.get(`langfuse:${name}`);
    const before = emu.requests.total();
    // The event for v1 no longer lists "beta": nothing in it names the label it lost.
    const view = await versionView(name, 1);
    const body = await eventBody("updated", name, 1, { ...view, labels: ["production", "latest"] });
    const response = await langfuseWebhook({ secret: WEBHOOK_SECRET, client, now })(post(body, sign(body)));
    expect(await response.json()).toEqual({
      invalidated: [`langfuse:${name}#1`, `langfuse:${name}`, `langfuse:${name}@latest`, `langfuse:${name}@1`],
    });
    const baseline = emu.requests.total();
    expect(baseline - before).toBe(1); // the versionView above
    expect((await client.get(`langfuse:${name}@beta`)).source).toBe("network");
    expect(emu.requests.total()).toBe(baseline + 1);
  });

  it("a version deleted in Langfuse (`deleted`): its label and number are not served from the cache any more", async () => {
    const name = uniqueName("deleted");
    await create(name, "v1", ["production"]);
    await create(name, "v2", ["canary"]);
    await create(name, "v3");
    const client = newClient();
    for (const ref of [`langfuse:${name}@canary`, `langfuse:${name}@2`, `langfuse:${name}#2`])
      expect((await client.get(ref)).versionId).toBe("2");
    const view = await versionView(name, 2);
    await api("DELETE", `/${encodeURIComponent(name)}?version=2`);
    const body = await eventBody("deleted", name, 2, view);
    expect((await langfuseWebhook({ secret: WEBHOOK_SECRET, client, now })(post(body, sign(body)))).status).toBe(200);
    for (const ref of [`langfuse:${name}@canary`, `langfuse:${name}@2`, `langfuse:${name}#2`]) {
      expect((await caught(() => client.get(ref))).code, ref).toBe("not_found");
    }
  });

  it("a new version `created` with a label: the label, latest and the old holder's entries are dropped", async () => {
    const name = uniqueName("created");
    await create(name, "v1", ["production"]);
    const client = newClient();
    expect((await client.get(`langfuse:${name}`)).versionId).toBe("1");
    expect((await client.get(`langfuse:${name}@latest`)).versionId).toBe("1");
    await create(name, "v2", ["production"]);
    const body = await eventBody("created", name, 2);
    expect(await (await langfuseWebhook({ secret: WEBHOOK_SECRET, client, now })(post(body, sign(body)))).json()).toEqual({
      invalidated: [`langfuse:${name}#2`, `langfuse:${name}`, `langfuse:${name}@latest`, `langfuse:${name}@2`],
    });
    expect((await client.get(`langfuse:${name}`)).versionId).toBe("2");
    expect((await client.get(`langfuse:${name}@latest`)).versionId).toBe("2");
  });

  it("a parent that includes the child by label renders the new child after the child's events; the parent is not fetched again", async () => {
    const child = uniqueName("child");
    const parent = uniqueName("parent");
    await create(child, "Old voice.", ["production"]);
    await create(parent, `@@@langfusePrompt:name=${child}|label=production@@@ Hello {{name}}`, ["production"]);
    const client = newClient();
    const handler = langfuseWebhook({ secret: WEBHOOK_SECRET, client, now });
    expect((await client.render(`langfuse:${parent}`, { name: "Ada" })).messages).toEqual([
      { role: "user", content: "Old voice. Hello Ada" },
    ]);

    await create(child, "New voice.", ["production"]);
    for (const body of [await eventBody("created", child, 2), await eventBody("updated", child, 1)]) {
      expect((await handler(post(body, sign(body)))).status).toBe(200);
    }
    const parentPath = `/api/public/v2/prompts/${encodeURIComponent(parent)}`;
    const parentFetches = emu.requests.total({ vendor: "langfuse", method: "GET", path: parentPath });
    expect((await client.render(`langfuse:${parent}`, { name: "Ada" })).messages).toEqual([
      { role: "user", content: "New voice. Hello Ada" },
    ]);
    expect(emu.requests.total({ vendor: "langfuse", method: "GET", path: parentPath })).toBe(parentFetches);
  });

  it("names and labels the string form cannot say go through the object form", async () => {
    const name = uniqueName("odd");
    await create(name, "v1", ["beta.1", "feature_x"]);
    const client = newClient();
    await client.get({ vendor: "langfuse", promptId: name, environment: "beta.1" });
    await client.get({ vendor: "langfuse", promptId: name, environment: "feature_x" });
    const body = await eventBody("updated", name, 1);
    const response = await langfuseWebhook({ secret: WEBHOOK_SECRET, client, now })(post(body, sign(body)));
    expect(await response.json()).toEqual({
      invalidated: [
        `langfuse:${name}#1`,
        `langfuse:${name}@beta.1`,
        `langfuse:${name}@feature_x`,
        `langfuse:${name}@latest`,
        `langfuse:${name}@1`,
      ],
    });
    const before = emu.requests.total();
    await client.get({ vendor: "langfuse", promptId: name, environment: "beta.1" });
    expect(emu.requests.total()).toBe(before + 1);
    // A name no reference can hold (a space) has nothing cached: nothing to drop, and no error.
    const spaced = JSON.stringify({
      type: "prompt-version",
      action: "updated",
      prompt: { name: "has space", version: 1, labels: ["production"] },
    });
    expect(await (await langfuseWebhook({ secret: WEBHOOK_SECRET, client, now })(post(spaced, sign(spaced)))).json()).toEqual({
      invalidated: [],
    });
  });

  it("tells onInvalidate what it dropped; a throwing listener still answers 200", async () => {
    const name = uniqueName("listener");
    await create(name, "v1", ["production"]);
    const seen: LangfuseInvalidation[] = [];
    const client = newClient();
    const body = await eventBody("updated", name, 1);
    const handler = langfuseWebhook({ secret: WEBHOOK_SECRET, client, now, onInvalidate: (i) => seen.push(i) });
    expect((await handler(post(body, sign(body)))).status).toBe(200);
    expect(seen).toEqual([
      {
        action: "updated",
        name,
        version: 1,
        labels: ["production", "latest"],
        invalidated: [`langfuse:${name}#1`, `langfuse:${name}`, `langfuse:${name}@latest`, `langfuse:${name}@1`],
      },
    ]);
    const throwing = langfuseWebhook({
      secret: WEBHOOK_SECRET,
      client,
      now,
      onInvalidate: () => {
        throw new Error("listener bug");
      },
    });
    const again = await eventBody("updated", name, 1);
    expect((await throwing(post(again, sign(again)))).status).toBe(200);
  });

  it("rotation: while two secrets are configured, events signed with either are accepted", async () => {
    const name = uniqueName("rotate");
    await create(name, "v1", ["production"]);
    const handler = langfuseWebhook({ secret: [WEBHOOK_SECRET, OLD_WEBHOOK_SECRET], client: newClient(), now });
    for (const secret of [OLD_WEBHOOK_SECRET, WEBHOOK_SECRET]) {
      const body = await eventBody("updated", name, 1);
      expect((await handler(post(body, sign(body, T, secret)))).status, secret.slice(0, 12)).toBe(200);
    }
    const body = await eventBody("updated", name, 1);
    expect(
      (await langfuseWebhook({ secret: WEBHOOK_SECRET, client: newClient(), now })(post(body, sign(body, T, OLD_WEBHOOK_SECRET)))).status,
    ).toBe(401);
  });

  it("through toNodeListener on a node:http server, with fetch", async () => {
    const name = uniqueName("node");
    await create(name, "v1", ["production"]);
    await create(name, "v2");
    const client = newClient();
    await client.get(`langfuse:${name}`);
    let server: Server | undefined;
    try {
      server = createServer(toNodeListener(langfuseWebhook({ secret: WEBHOOK_SECRET, client, now })));
      await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/langfuse`;
      await api("PATCH", `/${encodeURIComponent(name)}/versions/2`, { newLabels: ["production"] });
      const body = await eventBody("updated", name, 2);
      const response = await fetch(url, {
        method: "POST",
        body,
        headers: { "x-langfuse-signature": sign(body), "content-type": "application/json" },
      });
      expect(response.status).toBe(200);
      expect((await response.json()) as unknown).toMatchObject({ invalidated: expect.arrayContaining([`langfuse:${name}`]) });
      expect((await client.get(`langfuse:${name}`)).versionId).toBe("2");
      expect((await fetch(url, { method: "POST", body, headers: { "x-langfuse-signature": sign(body) } })).status).toBe(409);
    } finally {
      server?.closeAllConnections();
      await new Promise((resolve) => server?.close(resolve));
    }
  });
});

describe("langfuseWebhook: a refused request drops nothing", () => {
  const name = `webhook/refused-${randomUUID().slice(0, 8)}`;
  const primed = [`langfuse:${name}`, `langfuse:${name}@staging`, `langfuse:${name}@latest`, `langfuse:${name}@1`, `langfuse:${name}#1`];
  let client: PromptClient;
  let valid: string;

  beforeAll(async () => {
    await create(name, "v1", ["production", "staging"]);
    client = newClient();
    valid = await eventBody("updated", name, 1);
  });

  /** Sends the request and checks nothing was invalidated: no call, and every primed reference still cached. */
  async function refused(request: Request, status: number, error?: string, handlerOptions = {}) {
    for (const ref of primed) await client.get(ref);
    const { spy, calls } = spied(client);
    const response = await langfuseWebhook({ secret: WEBHOOK_SECRET, client: spy, now, ...handlerOptions })(request);
    expect(response.status).toBe(status);
    const text = await response.text();
    if (error) expect(JSON.parse(text)).toMatchObject({ error });
    expect(text).not.toContain(WEBHOOK_SECRET);
    expect(calls).toEqual([]);
    const before = emu.requests.total();
    for (const ref of primed) expect((await client.get(ref)).source, ref).toBe("cache");
    expect(emu.requests.total()).toBe(before);
    return text;
  }

  it.each(["GET", "PUT", "DELETE"])("%s → 405", async (method) => {
    await refused(post(valid, sign(valid), method), 405, "method_not_allowed");
  });

  it("no signature header → 401 missing_signature", async () => {
    await refused(post(valid), 401, "missing_signature");
  });

  it.each([
    ["no timestamp", () => `v1=${"a".repeat(64)}`],
    ["no v1", () => `t=${T}`],
    ["a bare hex string", () => "a".repeat(64)],
    ["an overlong header", () => `t=${T},v1=${"a".repeat(64)},x=${"y".repeat(5_000)}`],
  ])("a malformed header (%s) → 401 malformed_signature", async (_, header) => {
    await refused(post(valid, header()), 401, "malformed_signature");
  });

  it.each([
    ["the wrong secret", () => sign(valid, T, OLD_WEBHOOK_SECRET)],
    ["a flipped byte", () => flipLast(sign(valid))],
    ["a value of the wrong length", () => sign(valid).slice(0, -2)],
    ["a non-hex value", () => `t=${T},v1=${"g".repeat(64)}`],
    ["another body's signature", () => sign(`${valid} `)],
  ])("a forged signature (%s) → 401 bad_signature", async (_, header) => {
    await refused(post(valid, header()), 401, "bad_signature");
  });

  it.each([
    ["past", T - 301],
    ["future", T + 301],
  ])("a timestamp out of the window in the %s → 401 stale_timestamp", async (_, t) => {
    await refused(post(valid, sign(valid, t)), 401, "stale_timestamp");
  });

  it("a signed body that is not JSON, or not UTF-8 → 400 malformed_json", async () => {
    await refused(post("{not json", sign("{not json")), 400, "malformed_json");
    const latin1 = new Uint8Array([0x7b, 0xe9, 0x7d]);
    const mac = createHmac("sha256", WEBHOOK_SECRET)
      .update(Buffer.concat([Buffer.from(`${T}.`), Buffer.from(latin1)]))
      .digest("hex");
    await refused(post(latin1, `t=${T},v1=${mac}`), 400, "malformed_json");
  });

  it.each([
    ["an array", []],
    ["no type", { action: "updated", prompt: { name, version: 1, labels: [] } }],
    ["an unknown action", { type: "prompt-version", action: "renamed", prompt: { name, version: 1, labels: [] } }],
    ["no prompt", { type: "prompt-version", action: "updated" }],
    ["an empty name", { type: "prompt-version", action: "updated", prompt: { name: "", version: 1, labels: [] } }],
    ["version 0", { type: "prompt-version", action: "updated", prompt: { name, version: 0, labels: [] } }],
    ["version as text", { type: "prompt-version", action: "updated", prompt: { name, version: "1", labels: [] } }],
    ["a fractional version", { type: "prompt-version", action: "updated", prompt: { name, version: 1.5, labels: [] } }],
    ["labels not a list", { type: "prompt-version", action: "updated", prompt: { name, version: 1, labels: "production" } }],
    ["a label that is not text", { type: "prompt-version", action: "updated", prompt: { name, version: 1, labels: [1] } }],
  ])("a signed event of the wrong shape (%s) → 400 invalid_event", async (_, payload) => {
    const body = JSON.stringify(payload);
    await refused(post(body, sign(body)), 400, "invalid_event");
  });

  it("a body past 1 MiB → 413", async () => {
    const big = JSON.stringify({ type: "prompt-version", pad: "x".repeat(1024 * 1024) });
    await refused(post(big, sign(big)), 413, "payload_too_large");
    await refused(post(valid, sign(valid)), 413, "payload_too_large", { maxBodyBytes: 100 });
  });

  it("a replayed delivery → 409, even after its first copy was handled", async () => {
    const guard = createMemoryReplayGuard({ now });
    const body = await eventBody("updated", name, 1);
    const first = await langfuseWebhook({ secret: WEBHOOK_SECRET, client, now, replayGuard: guard })(post(body, sign(body)));
    expect(first.status).toBe(200);
    await refused(post(body, sign(body)), 409, "replayed", { replayGuard: guard });
  });

  it("a forged request does not burn the id of the real delivery", async () => {
    const guard = createMemoryReplayGuard({ now });
    const body = await eventBody("updated", name, 1);
    await refused(post(body, flipLast(sign(body))), 401, "bad_signature", { replayGuard: guard });
    expect((await langfuseWebhook({ secret: WEBHOOK_SECRET, client, now, replayGuard: guard })(post(body, sign(body)))).status).toBe(200);
  });

  it("a signed event of another type → 200 ignored, nothing dropped", async () => {
    const body = JSON.stringify({ id: randomUUID(), type: "trace-created", apiVersion: "v1", action: "created", trace: {} });
    const text = await refused(post(body, sign(body)), 200);
    expect(JSON.parse(text)).toEqual({ ignored: true });
  });

  it("the client failing to invalidate → 500 with the error's code, never its message or the secret", async () => {
    const failing = {
      invalidate: async () => undefined,
      invalidateVersion: async () => {
        throw new PromptError({
          code: "vendor_error",
          vendor: "langfuse",
          operation: "invalidateVersion",
          message: `store down at redis://:${SECRET_KEY}@db`,
        });
      },
    };
    const body = await eventBody("updated", name, 1);
    const response = await langfuseWebhook({ secret: WEBHOOK_SECRET, client: failing, now })(post(body, sign(body)));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ error: "invalidation_failed", code: "vendor_error" });
    expect(text).not.toContain(SECRET_KEY);
    expect(text).not.toContain(WEBHOOK_SECRET);
  });

  it("a failing replay guard → 500, nothing dropped, and the delivery is handled when retried", async () => {
    let down = true;
    const guard = createMemoryReplayGuard({ now });
    const flaky = {
      claim: async (id: string, ttlMs: number) => {
        if (down) throw new Error("guard down");
        return guard.claim(id, ttlMs);
      },
    };
    const body = await eventBody("updated", name, 1);
    await refused(post(body, sign(body)), 500, "replay_guard_failed", { replayGuard: flaky });
    down = false;
    expect((await langfuseWebhook({ secret: WEBHOOK_SECRET, client, now, replayGuard: flaky })(post(body, sign(body)))).status).toBe(200);
  });
});

describe("langfuseWebhook: options", () => {
  it("refuses a missing or empty secret, a client without invalidation, or a bad bound, with invalid_config naming no secret", () => {
    const client = newClient();
    const cases: unknown[] = [
      { secret: "", client },
      { secret: "   ", client },
      { secret: [], client },
      { secret: [WEBHOOK_SECRET, ""], client },
      { client },
      { secret: WEBHOOK_SECRET, client: {} },
      { secret: WEBHOOK_SECRET, client, toleranceSeconds: -5 },
      { secret: WEBHOOK_SECRET, client, maxBodyBytes: 0 },
    ];
    for (const options of cases) {
      const error = (() => {
        try {
          langfuseWebhook(options as Parameters<typeof langfuseWebhook>[0]);
        } catch (err) {
          return err;
        }
      })();
      expect(PromptError.is(error), JSON.stringify(options)).toBe(true);
      expect(error).toMatchObject({ code: "invalid_config", vendor: "langfuse", operation: "langfuseWebhook" });
      expect((error as Error).message).not.toContain(WEBHOOK_SECRET);
    }
  });
});

function flipLast(header: string): string {
  return header.slice(0, -1) + (header.endsWith("0") ? "1" : "0");
}
