// Copies each registered vendor's OpenAPI spec from the repo's `specs/` into the package's
// `specs/`, so the published emulator validates requests against the same specs it was built
// with, plus a JSON copy that starts faster than parsing YAML. The list comes from the built registry (run after `tsc`), so a new vendor needs no edit here.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parse } from "yaml";

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { VENDORS } = await import(pathToFileURL(resolve(pkg, "dist/vendors/registry.js")).href);
const { asJson } = await import(pathToFileURL(resolve(pkg, "dist/specs.js")).href);
for (const { specFile } of VENDORS) {
  const from = resolve(pkg, "../../specs", specFile);
  const to = resolve(pkg, "specs", specFile);
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
  writeFileSync(asJson(to), JSON.stringify(parse(readFileSync(from, "utf8"))));
}
