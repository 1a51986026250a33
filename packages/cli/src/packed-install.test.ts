/**
 * The published package as a user gets it: the CLI and every workspace package it needs are packed
 * by one `pnpm pack` over the filter `@polyprompt/cli...` (the package and its dependencies; pnpm
 * writes real version ranges for `workspace:` ones, and one process packs them all), installed with npm into
 * an empty project, and run with `npx @polyprompt/cli`. Third-party dependencies come from the
 * npm registry, as for a user. It needs the builds: turbo runs `build` before `test`.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, expect, test } from "vitest";

const run = promisify(execFile);
const CLI_PACKAGE = fileURLToPath(new URL("../", import.meta.url));

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

test("npx @polyprompt/cli --help works from packed tarballs installed into an empty project", async () => {
  const packs = await mkdtemp(join(tmpdir(), "polyprompt-packs-"));
  const project = await mkdtemp(join(tmpdir(), "polyprompt-empty-"));
  dirs.push(packs, project);
  await run("pnpm", ["--filter", "@polyprompt/cli...", "pack", "--pack-destination", packs], { cwd: CLI_PACKAGE });
  const tarballs = (await readdir(packs)).filter((file) => file.endsWith(".tgz")).map((file) => join(packs, file));
  expect(tarballs.map((file) => file.replace(/^.*\/polyprompt-|-\d.*$/g, "")).sort()).toEqual([
    "cli",
    "core",
    "emulator",
    "files",
    "helicone-types",
    "langfuse-types",
    "tela-types",
  ]);
  await writeFile(join(project, "package.json"), JSON.stringify({ name: "empty-project", version: "1.0.0", private: true }));
  await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", "--loglevel=error", ...tarballs], {
    cwd: project,
    maxBuffer: 10_000_000,
  });

  const help = await run("npx", ["--no-install", "@polyprompt/cli", "--help"], { cwd: project });
  expect(help.stdout).toContain("Usage: polyprompt <command> [options]");
  // The installed bin link, run directly: npx was shown above.
  const version = await run(join(project, "node_modules", ".bin", "polyprompt"), ["--version"], { cwd: project });
  expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  // The tarball holds what the package needs and nothing else: no tests, sources or configs.
  const listing = await run("tar", ["-tzf", tarballs.find((file) => file.includes("polyprompt-cli"))!]);
  const files = listing.stdout.trim().split("\n");
  expect(files).toContain("package/bin/polyprompt.js");
  expect(files).toContain("package/README.md");
  expect(files.filter((file) => /\.test\.|tsconfig|\/src\/|turbo/.test(file))).toEqual([]);
});
