import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { basicAuth, bearerAuth, keyRing } from "./auth.js";

// Unit tests of single functions: a request is only its headers here.
const request = (authorization?: string) => ({ headers: authorization === undefined ? {} : { authorization } }) as IncomingMessage;
const keys = keyRing(["key-a", "pk-lf-1:sk-lf-1"]);

describe("bearerAuth", () => {
  const auth = bearerAuth();
  it("accepts a configured key, with any case of the scheme and surrounding spaces", () => {
    expect(auth.authorize(request(auth.header("key-a")), keys)).toBeUndefined();
    expect(auth.authorize(request("bearer   key-a  "), keys)).toBeUndefined();
  });
  it("says missing without a header, invalid for a wrong key or another scheme", () => {
    expect(auth.authorize(request(), keys)).toBe("missing");
    expect(auth.authorize(request("Bearer key-b"), keys)).toBe("invalid");
    expect(auth.authorize(request("Bearer "), keys)).toBe("invalid");
    expect(auth.authorize(request(basicAuth().header("pk-lf-1:sk-lf-1")), keys)).toBe("invalid");
  });
});

describe("basicAuth", () => {
  const auth = basicAuth();
  it("accepts publicKey:secretKey sent as HTTP Basic credentials", () => {
    expect(auth.header("pk-lf-1:sk-lf-1")).toBe(`Basic ${Buffer.from("pk-lf-1:sk-lf-1").toString("base64")}`);
    expect(auth.authorize(request(auth.header("pk-lf-1:sk-lf-1")), keys)).toBeUndefined();
  });
  it("says missing without a header, invalid for a wrong pair, a pair without a colon, or a bearer key", () => {
    expect(auth.authorize(request(), keys)).toBe("missing");
    expect(auth.authorize(request(auth.header("pk-lf-1:sk-wrong")), keys)).toBe("invalid");
    expect(auth.authorize(request(auth.header("key-a")), keys)).toBe("invalid");
    expect(auth.authorize(request("Basic !!!"), keys)).toBe("invalid");
    expect(auth.authorize(request(bearerAuth().header("pk-lf-1:sk-lf-1")), keys)).toBe("invalid");
  });
});

describe("basicAuth({ forbidBearerUser: true })", () => {
  const auth = basicAuth({ forbidBearerUser: true });
  it("says forbidden for a Bearer header carrying the user half (public key) of an accepted pair", () => {
    expect(auth.authorize(request("Bearer pk-lf-1"), keys)).toBe("forbidden");
    expect(auth.authorize(request("bearer  pk-lf-1 "), keys)).toBe("forbidden");
  });
  it("still says invalid for any other Bearer value, and accepts the Basic pair", () => {
    expect(auth.authorize(request("Bearer pk-lf-2"), keys)).toBe("invalid");
    expect(auth.authorize(request("Bearer sk-lf-1"), keys)).toBe("invalid");
    expect(auth.authorize(request("Bearer pk-lf-1:sk-lf-1"), keys)).toBe("invalid");
    expect(auth.authorize(request("Bearer key-a"), keys)).toBe("invalid");
    expect(auth.authorize(request(auth.header("pk-lf-1:sk-lf-1")), keys)).toBeUndefined();
  });
});

describe("keyRing", () => {
  it("knows the user half of user:password keys, and nothing else", () => {
    expect(keys.acceptsUser("pk-lf-1")).toBe(true);
    expect(keys.acceptsUser("sk-lf-1")).toBe(false);
    expect(keys.acceptsUser("key-a")).toBe(false);
    expect(keys.acceptsUser("")).toBe(false);
  });
});
