import { describe, expect, it } from "vitest";
import { PromptError } from "../errors/prompt-error.js";
import { cacheKey, formatRef, parseRef, promptKeyPrefix } from "./parse.js";

describe("parseRef: string form", () => {
  it.each([
    ["helicone:abc123", { kind: "production" }],
    ["helicone:abc123@production", { kind: "production" }],
    ["helicone:abc123@staging", { kind: "environment", environment: "staging" }],
    ["helicone:abc123@eu-west_2.canary", { kind: "environment", environment: "eu-west_2.canary" }],
    ["helicone:abc123@latest", { kind: "latest" }],
    ["helicone:abc123@2.1", { kind: "version", version: "2.1" }],
    ["helicone:abc123@2.x", { kind: "version", version: "2.x" }],
    ["tela:5b0e7a0c-1d2e-4f3a-9b8c-7d6e5f4a3b2c@3", { kind: "version", version: "3" }],
    ["helicone:abc123#6739b412-5fbb-498e-ab99-68ef21eb7df8", { kind: "versionId", versionId: "6739b412-5fbb-498e-ab99-68ef21eb7df8" }],
  ])("%s", (text, selector) => {
    const ref = parseRef(text);
    expect(ref.selector).toEqual(selector);
    expect(ref.vendor).toBe(text.slice(0, text.indexOf(":")));
  });

  it("keeps prompt ids with dots, slashes and colons", () => {
    expect(parseRef("langfuse:team/support.v2@prod")).toMatchObject({ promptId: "team/support.v2" });
    expect(parseRef("acme:a:b")).toMatchObject({ vendor: "acme", promptId: "a:b" });
  });

  it.each([
    ["", "no vendor"],
    ["abc123", "no vendor"],
    [":abc123", "no vendor"],
    ["Helicone:abc", "not a vendor name"],
    ["helicone:", "malformed prompt id"],
    ["helicone:@staging", "malformed prompt id"],
    ["helicone:abc@", "ends with"],
    ["helicone:abc#", "version id"],
    ["helicone:abc@staging#v1", "both"],
    ["helicone:abc@2.1.3", "not a version"],
    ["helicone:abc@2.", "not a version"],
    ["helicone:abc@st aging", "not a valid environment"],
    ["helicone:ab c", "malformed prompt id"],
  ])("rejects %j with invalid_ref (%s)", (text, says) => {
    let error: unknown;
    try {
      parseRef(text);
    } catch (err) {
      error = err;
    }
    expect(PromptError.is(error)).toBe(true);
    expect((error as PromptError).code).toBe("invalid_ref");
    expect((error as PromptError).message).toContain(says);
  });

  it("rejects values that are not references", () => {
    for (const bad of [null, undefined, 42, true]) {
      expect(() => parseRef(bad as never)).toThrowError(expect.objectContaining({ code: "invalid_ref" }) as Error);
    }
  });
});

describe("parseRef: object form", () => {
  it("takes environment names literally", () => {
    expect(parseRef({ vendor: "tela", promptId: "p", environment: "3" }).selector).toEqual({ kind: "environment", environment: "3" });
    expect(parseRef({ vendor: "tela", promptId: "p", environment: "latest" }).selector).toEqual({
      kind: "environment",
      environment: "latest",
    });
    expect(parseRef({ vendor: "tela", promptId: "p", environment: "production" }).selector).toEqual({ kind: "production" });
  });

  it("reads versions and version ids", () => {
    expect(parseRef({ vendor: "helicone", promptId: "p", version: "2.x" }).selector).toEqual({ kind: "version", version: "2.x" });
    expect(parseRef({ vendor: "helicone", promptId: "p", version: "latest" }).selector).toEqual({ kind: "latest" });
    expect(parseRef({ vendor: "helicone", promptId: "p", versionId: "v1" }).selector).toEqual({ kind: "versionId", versionId: "v1" });
    expect(parseRef({ vendor: "helicone", promptId: "p" }).selector).toEqual({ kind: "production" });
  });

  it.each([
    [{ vendor: "helicone", promptId: "p", environment: "a", version: "1" }, "at most one"],
    [{ vendor: "helicone", promptId: "p", version: "two" }, "version"],
    [{ vendor: "helicone", promptId: "" }, "prompt id"],
    [{ vendor: 3, promptId: "p" }, "vendor"],
    [{ vendor: "helicone", promptId: "p", environment: "" }, "environment"],
    [{ vendor: "helicone", promptId: "p", versionId: "a b" }, "versionId"],
  ])("rejects %j", (ref, says) => {
    expect(() => parseRef(ref as never)).toThrowError(says);
  });
});

describe("cacheKey", () => {
  it("never lets an environment, a version and a version id share a key", () => {
    const keys = [
      parseRef("tela:p@3"),
      parseRef({ vendor: "tela", promptId: "p", environment: "3" }),
      parseRef("tela:p#3"),
      parseRef("tela:p"),
      parseRef("tela:p@latest"),
      parseRef({ vendor: "tela", promptId: "p", environment: "latest" }),
      parseRef("helicone:p@3"),
    ].map(cacheKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("treats @production and the bare reference as one key", () => {
    expect(cacheKey(parseRef("tela:p@production"))).toBe(cacheKey(parseRef("tela:p")));
  });

  it("does not let a prompt id spill into the selector", () => {
    expect(cacheKey(parseRef("tela:ab@c"))).not.toBe(cacheKey(parseRef({ vendor: "tela", promptId: "a", environment: "b@c" })));
  });
});

describe("formatRef", () => {
  it.each(["helicone:abc", "helicone:abc@staging", "helicone:abc@latest", "helicone:abc@2.x", "tela:p#v-1"])("round-trips %s", (text) => {
    expect(formatRef(parseRef(text))).toBe(text);
  });

  it("uses the object form where the string form would read differently", () => {
    const ref = parseRef({ vendor: "tela", promptId: "p", environment: "3" });
    expect(formatRef(ref)).toBe('{"vendor":"tela","promptId":"p","environment":"3"}');
    expect(parseRef(JSON.parse(formatRef(ref)))).toEqual(ref);
  });
});

describe("parseRef: hostile reference objects (issue 11, finding 12)", () => {
  it("a throwing getter becomes invalid_ref, with the caller's error as the cause", () => {
    const boom = new Error("getter exploded");
    const ref = {
      vendor: "helicone",
      get promptId(): string {
        throw boom;
      },
    };
    let caught: unknown;
    try {
      parseRef(ref);
    } catch (err) {
      caught = err;
    }
    expect(PromptError.is(caught)).toBe(true);
    expect(caught).toMatchObject({ code: "invalid_ref", operation: "parseRef" });
    expect((caught as PromptError).cause).toBe(boom);
  });

  it("a Proxy whose traps throw becomes invalid_ref", () => {
    const trap = () => {
      throw new TypeError("trap");
    };
    const ref = new Proxy({}, { get: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap });
    let caught: unknown;
    try {
      parseRef(ref as never);
    } catch (err) {
      caught = err;
    }
    expect(PromptError.is(caught)).toBe(true);
    expect(caught).toMatchObject({ code: "invalid_ref" });
  });
});

describe("parseRef: the advice in its messages works", () => {
  const messageOf = (ref: unknown): string => {
    try {
      parseRef(ref as string);
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error(`${String(ref)} parsed`);
  };

  it("the example references it suggests parse", () => {
    const messages = [messageOf("abc123"), messageOf(42)];
    const examples = messages.flatMap((m) => [...m.matchAll(/(?:e\.g\.|like) "([^"]+)"/g)].map((x) => x[1]!));
    expect(examples.length).toBe(2);
    for (const example of examples) expect(() => parseRef(example), example).not.toThrow();
  });

  it("the version forms it suggests parse", () => {
    const message = messageOf("acme:p@2.1.3");
    const forms = [...message.matchAll(/"(\d[\d.x]*)"/g)].map((x) => x[1]!).filter((f) => f !== "2.1.3");
    expect(forms).toEqual(["2", "2.1", "2.x"]);
    for (const form of forms) expect(parseRef(`acme:p@${form}`).selector).toEqual({ kind: "version", version: form });
  });
});

describe("promptKeyPrefix", () => {
  it("starts the cache key of every selector of the prompt, and of no other prompt", () => {
    const prefix = promptKeyPrefix(parseRef("acme:p1"));
    for (const ref of ["acme:p1", "acme:p1@staging", "acme:p1@2", "acme:p1@latest", "acme:p1#v9"])
      expect(cacheKey(parseRef(ref)).startsWith(prefix), ref).toBe(true);
    for (const ref of ["acme:p10", "acme:p", "other:p1"]) expect(cacheKey(parseRef(ref)).startsWith(prefix), ref).toBe(false);
  });
});
