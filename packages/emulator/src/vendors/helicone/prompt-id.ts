import { createHash } from "node:crypto";

const BASE62 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** A Helicone-style prompt id (6 characters of `[0-9a-zA-Z]`) derived from a name: the same name always gives the same id. */
export function shortIdFrom(name: string): string {
  const b = createHash("sha256").update(name).digest();
  let id = "";
  for (let i = 0; i < 6; i++) id += BASE62[b[i]! % 62];
  return id;
}
