// Issue 11, finding 9: configuration keys named like Object.prototype members are plain keys.
import { afterEach, describe, expect, it } from "vitest";
import { createPromptClient } from "../../client/create-client.js";
import { serveFixtures } from "../../test-support/fixture-server.js";
import { tela } from "./index.js";
import docs from "./__fixtures__/prompt-version-docs.json" with { type: "json" };

let server: Awaited<ReturnType<typeof serveFixtures>> | undefined;
afterEach(() => server?.close());

describe("tela configuration with prototype keys", () => {
  it("keeps constructor, toString and __proto__ as own keys of params.extra, and pollutes nothing", async () => {
    const payload = JSON.parse(
      JSON.stringify(docs).replace(
        '"configuration":{',
        '"configuration":{"constructor":5,"toString":"x","__proto__":{"polluted":true},"hasOwnProperty":7,"valueOf":1,',
      ),
    );
    expect(Object.hasOwn(payload.configuration, "__proto__")).toBe(true);
    server = await serveFixtures({ "GET /prompt/prompt_uuid/promoted-version": { body: payload } });
    const prompts = createPromptClient({ vendors: [tela({ apiKey: "tela-test", baseUrl: server.baseUrl })], retry: false });
    const version = await prompts.get("tela:prompt_uuid");
    const extra = version.params.extra!;
    expect(Object.keys(extra).sort()).toEqual(["__proto__", "constructor", "hasOwnProperty", "toString", "valueOf"]);
    expect(extra.constructor).toBe(5);
    expect(extra.toString).toBe("x");
    expect(Object.getOwnPropertyDescriptor(extra, "__proto__")?.value).toEqual({ polluted: true });
    expect((extra as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    // Nothing but the documented temperature was mapped to a parameter.
    expect(Object.keys(version.params).sort()).toEqual(["extra", "temperature"]);
  });
});
