// Copies each registered vendor's OpenAPI spec from the repo's `specs/` into the package's
// `specs/`, so the published emulator validates requests against the same specs it was built
// with. The list comes from the built registry (run after `tsc`), so a new vendor needs no edit here.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { VENDORS } = await import(pathToFileURL(resolve(pkg, "dist/vendors/registry.js")).href);
for (const { specFile } of VENDORS) {
  const from = resolve(pkg, "../../specs", specFile);
  const to = resolve(pkg, "specs", specFile);
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}
