// Copies the repo's OpenAPI specs into the package (`specs/<vendor>/openapi.yaml`), so the
// published emulator validates requests against the same specs it was built with.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), "..");
for (const vendor of ["helicone", "tela"]) {
  const from = resolve(pkg, "../../specs", vendor, "openapi.yaml");
  const to = resolve(pkg, "specs", vendor, "openapi.yaml");
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}
