/**
 * The published package as a user gets it: every workspace package the CLI needs is packed
 * (`pnpm pack`, which writes real version ranges for `workspace:` ones), installed with npm into
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
const PACKAGES = fileURLToPath(new URL("../../", import.meta.url));
/** The CLI and every workspace package it depends on, directly or not. */
const WORKSPACE_PACKAGES = ["cli", "core", "files", "emulator", "helicone-types", "langfuse-types", "tela-types"];

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

test("npx @polyprompt/cli --help works from packed tarballs installed into an empty project", async () => {
  const packs = await mkdtemp(join(tmpdir(), "polyprompt-packs-"));
  const project = await mkdtemp(join(tmpdir(), "polyprompt-empty-"));
  dirs.push(packs, project);
  await Promise.all(WORKSPACE_PACKAGES.map((name) => run("pnpm", ["pack", "--pack-destination", packs], { cwd: join(PACKAGES, name) })));
  const tarballs = (await readdir(packs)).filter((file) => file.endsWith(".tgz")).map((file) => join(packs, file));
  expect(tarballs).toHaveLength(WORKSPACE_PACKAGES.length);
  await writeFile(join(project, "package.json"), JSON.stringify({ name: "empty-project", version: "1.0.0", private: true }));
  await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", "--loglevel=error", ...tarballs], {
    cwd: project,
    maxBuffer: 10_000_000,
  });

  const help = await run("npx", ["--no-install", "@polyprompt/cli", "--help"], { cwd: project });
  expect(help.stdout).toContain("Usage: polyprompt <command> [options]");
  const version = await run("npx", ["--no-install", "polyprompt", "--version"], { cwd: project });
  expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  // The tarball holds what the package needs and nothing else: no tests, sources or configs.
  const listing = await run("tar", ["-tzf", tarballs.find((file) => file.includes("polyprompt-cli"))!]);
  const files = listing.stdout.trim().split("\n");
  expect(files).toContain("package/bin/polyprompt.js");
  expect(files).toContain("package/README.md");
  expect(files.filter((file) => /\.test\.|tsconfig|\/src\/|turbo/.test(file))).toEqual([]);
});
