import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/** Why a request was refused: no credentials at all, or credentials that do not match. */
export type AuthProblem = "missing" | "invalid";

/** The keys a vendor mount accepts, compared in constant time. */
export interface KeyRing {
  accepts(key: string): boolean;
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
  const digests = keys.map(digest);
  return {
    accepts(key) {
      const given = digest(key);
      let ok = false;
      for (const d of digests) ok = timingSafeEqual(given, d) || ok;
      return ok;
    },
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

/**
 * `Authorization: Basic base64(<user>:<password>)`; a key is the string `user:password` (for a
 * public/secret key pair, `publicKey:secretKey`).
 *
 * @example
 * defineEmulatorVendor({ name: "acme", auth: basicAuth(), defaultKey: "pk-acme-0:sk-acme-0", … });
 */
export function basicAuth(): AuthScheme {
  return {
    authorize(req, keys) {
      const header = req.headers.authorization;
      if (!header) return "missing";
      const m = /^Basic\s+([A-Za-z0-9+/]+=*)$/i.exec(header.trim());
      if (!m) return "invalid";
      const pair = Buffer.from(m[1]!, "base64").toString("utf8");
      return pair.includes(":") && keys.accepts(pair) ? undefined : "invalid";
    },
    header: (key) => `Basic ${Buffer.from(key).toString("base64")}`,
  };
}
