// Test helpers: plain `fetch` against a running emulator. Not part of the published package.
import type { Emulator, Vendor } from "../index.js";
import { vendorModule } from "../vendor-table.js";

export type { Vendor } from "../index.js";

export interface Res {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or `undefined` when it is not JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary fields of vendor JSON
  json: any;
}

export interface CallOptions {
  /** The key, sent in the vendor's auth scheme; `null` sends no Authorization header. Defaults to the vendor's first key. */
  key?: string | null;
  body?: unknown;
  /** Sent verbatim instead of `JSON.stringify(body)`. */
  rawBody?: string;
}

export async function call(emu: Emulator, vendor: Vendor, method: string, path: string, options: CallOptions = {}): Promise<Res> {
  const key = options.key === undefined ? emu.apiKeys[vendor] : options.key;
  const headers: Record<string, string> = {};
  if (key !== null) headers.authorization = vendorModule(vendor).auth.header(key);
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${emu.urlFor(vendor)}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export const helicone = (emu: Emulator) => ({
  get: (path: string, options?: CallOptions) => call(emu, "helicone", "GET", path, options),
  post: (path: string, body: unknown, options?: CallOptions) => call(emu, "helicone", "POST", path, { body, ...options }),
});

export const tela = (emu: Emulator) => ({
  get: (path: string, options?: CallOptions) => call(emu, "tela", "GET", path, options),
  post: (path: string, body: unknown, options?: CallOptions) => call(emu, "tela", "POST", path, { body, ...options }),
  patch: (path: string, body: unknown, options?: CallOptions) => call(emu, "tela", "PATCH", path, { body, ...options }),
});
