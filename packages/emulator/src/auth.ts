import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/**
 * Why a request was refused: no credentials at all, credentials that do not match, or
 * credentials the vendor recognises but that grant no access to the route (a public key alone).
 */
export type AuthProblem = "missing" | "invalid" | "forbidden";

/** The keys a vendor mount accepts, compared in constant time. */
export interface KeyRing {
  accepts(key: string): boolean;
  /** Whether `user` is the user half of an accepted `user:password` key (a public key, say). */
  acceptsUser(user: string): boolean;
}

/** How a vendor's clients authenticate. Part of each vendor module (`auth`). */
export interface AuthScheme {
  /** Checks a request's credentials: `undefined` when they name an accepted key. */
  authorize(req: IncomingMessage, keys: KeyRing): AuthProblem | undefined;
  /** The `Authorization` header value a client sends for `key` (for tests and docs). */
  header(key: string): string;
}

const digest = (key: string) => createHash("sha256").update(key).digest();

/**
 * A key ring over `keys`: every candidate is compared with every key (no early exit), on digests
 * of equal length, so timing says nothing about which key or how much of it matched.
 *
 * @example
 * keyRing(["sk-a", "sk-b"]).accepts("sk-b"); // true
 */
export function keyRing(keys: readonly string[]): KeyRing {
  const matchesAny = (digests: Buffer[], candidate: string) => {
    const given = digest(candidate);
    let ok = false;
    for (const d of digests) ok = timingSafeEqual(given, d) || ok;
    return ok;
  };
  const digests = keys.map(digest);
  const users = keys.filter((k) => k.indexOf(":") > 0).map((k) => digest(k.slice(0, k.indexOf(":"))));
  return {
    accepts: (key) => matchesAny(digests, key),
    acceptsUser: (user) => user !== "" && matchesAny(users, user),
  };
}

/**
 * `Authorization: Bearer <key>`.
 *
 * @example
 * defineEmulatorVendor({ name: "acme", auth: bearerAuth(), … });
 */
export function bearerAuth(): AuthScheme {
  return {
    authorize(req, keys) {
      const header = req.headers.authorization;
      if (!header) return "missing";
      const m = /^Bearer\s+(.+)$/i.exec(header.trim());
      if (!m) return "invalid";
      return keys.accepts(m[1]!.trim()) ? undefined : "invalid";
    },
    header: (key) => `Bearer ${key}`,
  };
}

export interface BasicAuthOptions {
  /**
   * Answer `forbidden` (not `invalid`) to `Authorization: Bearer <user>` when `<user>` is the user
   * half of an accepted pair: services with public/secret key pairs recognise a public key sent
   * alone and refuse it with 403, because it grants no access to the route.
   */
  forbidBearerUser?: boolean;
}

/**
 * `Authorization: Basic base64(<user>:<password>)`; a key is the string `user:password` (for a
 * public/secret key pair, `publicKey:secretKey`).
 *
 * @example
 * defineEmulatorVendor({ name: "acme", auth: basicAuth({ forbidBearerUser: true }), defaultKey: "pk-acme-0:sk-acme-0", … });
 */
export function basicAuth(options: BasicAuthOptions = {}): AuthScheme {
  return {
    authorize(req, keys) {
      const header = req.headers.authorization;
      if (!header) return "missing";
      if (options.forbidBearerUser) {
        const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
        if (bearer) return keys.acceptsUser(bearer[1]!) ? "forbidden" : "invalid";
      }
      const m = /^Basic\s+([A-Za-z0-9+/]+=*)$/i.exec(header.trim());
      if (!m) return "invalid";
      const pair = Buffer.from(m[1]!, "base64").toString("utf8");
      return pair.includes(":") && keys.accepts(pair) ? undefined : "invalid";
    },
    header: (key) => `Basic ${Buffer.from(key).toString("base64")}`,
  };
}
