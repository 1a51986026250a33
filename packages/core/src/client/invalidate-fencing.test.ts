// Issue 11, finding 4: invalidate() and clear() fence requests in flight. A loopback Helicone
// stand-in reads the prompt's revision when a request ARRIVES and can hold its answer, which is
// exactly the race: the vendor read revision 1, then the prompt changed upstream.
// (The emulator's latency fault delays before it reads its state, so it cannot hold a request
// that has already read revision 1.)
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { helicone } from "../vendors/helicone/index.js";
import { createPromptClient } from "./create-client.js";
import type { PromptMessage, PromptVersion } from "../model/types.js";

let server: Server;
let baseUrl: string;
/** The revision upstream holds now. */
let revision = 1;
/** Requests that arrived, each with the revision it read. */
let arrivals: number[] = [];
/** While set, the next request's answer waits until `release()`. */
let holdNext = false;
let release: () => void = () => {};

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", async () => {
      const read = revision;
      arrivals.push(read);
      if (holdNext) {
        holdNext = false;
        await new Promise<void>((resolve) => (release = resolve));
      }
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({
          data: {
            id: `v-${read}`,
            prompt_id: "abc123",
            model: "gpt-4o-mini",
            major_version: read,
            minor_version: 0,
            commit_message: `revision ${read}`,
            created_at: "2026-01-01T00:00:00.000Z",
            environments: ["production"],
            prompt_body: { model: "gpt-4o-mini", messages: [{ role: "user", content: `revision ${read}` }] },
          },
          error: null,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  revision = 1;
  arrivals = [];
  holdNext = false;
});

const ref = "helicone:abc123";
const text = (v: PromptVersion) => (v.messages[0] as PromptMessage).content;
const client = () => createPromptClient({ vendors: [helicone({ apiKey: "k", baseUrl })], retry: false });

/** Starts a get whose answer (revision 1) is held until the returned `release` is called. */
async function heldGet(prompts: ReturnType<typeof client>) {
  holdNext = true;
  const first = prompts.get(ref);
  while (arrivals.length === 0) await new Promise((r) => setTimeout(r, 5));
  expect(arrivals).toEqual([1]);
  return { first, release: () => release() };
}

describe.each([
  ["invalidate(ref)", (p: ReturnType<typeof client>) => p.invalidate(ref)],
  ["clear()", (p: ReturnType<typeof client>) => p.clear()],
])("%s fences requests in flight", (_name, fence) => {
  it("a get after it does not join a request that started before it", async () => {
    const prompts = client();
    const { first, release } = await heldGet(prompts);
    revision = 2;
    await fence(prompts);
    const second = prompts.get(ref);
    // Let the second get reach the server (if it makes a request at all) before releasing.
    for (let i = 0; i < 200 && arrivals.length < 2; i++) await new Promise((r) => setTimeout(r, 5));
    release();
    expect(text(await first)).toBe("revision 1");
    expect(text(await second)).toBe("revision 2");
    expect(arrivals).toEqual([1, 2]);
  });

  it("a request that started before it never writes to the cache", async () => {
    const prompts = client();
    const { first, release } = await heldGet(prompts);
    revision = 2;
    await fence(prompts);
    release();
    expect(text(await first)).toBe("revision 1");
    const after = await prompts.get(ref);
    expect(after.source).toBe("network");
    expect(text(after)).toBe("revision 2");
    // And what the fresh request fetched is cached as usual.
    expect(await prompts.get(ref)).toMatchObject({ source: "cache" });
    expect(text(await prompts.get(ref))).toBe("revision 2");
  });
});

describe("invalidate(ref#versionId) fences requests that would store that version under its id", () => {
  it("a production request in flight does not write the invalidated id's entry", async () => {
    const prompts = client();
    const { first, release } = await heldGet(prompts);
    await prompts.invalidate(`${ref}#v-1`);
    release();
    expect((await first).versionId).toBe("v-1");
    expect((await prompts.get(`${ref}#v-1`)).source).toBe("network");
  });
});
