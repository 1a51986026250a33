// "Nothing is ever written to disk at run time": the code a bootstrapped client runs (the
// client, the cache and the bootstrap folder) imports no runtime module, so it has no way to.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = join(dirname(fileURLToPath(import.meta.url)), "..");

describe("no disk access at run time", () => {
  it.each(["bootstrap", "client", "cache"])("src/%s imports nothing from node:, Deno, Bun or fs", (folder) => {
    const files = readdirSync(join(SRC, folder)).filter((f) => f.endsWith(".ts") && !f.includes(".test"));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = readFileSync(join(SRC, folder, file), "utf8");
      expect(text, file).not.toMatch(/from\s+["'](node:|fs\b|fs\/|path\b)/);
      expect(text, file).not.toMatch(/\b(Deno|Bun)\.|require\(|import\(/);
    }
  });
});
