// Regenerates every types package from its spec, then fails if the committed generated
// files differ (or are missing from git). openapi-typescript's own --check is unreliable
// with several specs, so this is the drift check CI runs.
import { execFileSync } from "node:child_process";
import { repoRoot } from "./openapi.mjs";

const run = (cmd, args) => execFileSync(cmd, args, { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] }).toString();

run("pnpm", ["exec", "turbo", "run", "generate", "--force", "--output-logs=errors-only"]);
const changed = run("git", ["status", "--porcelain", "--", "packages/*/src/generated/*"]).trim();
if (changed) {
  console.error(`Generated types are out of date with specs/. Run \`pnpm generate\` and commit:\n${changed}`);
  console.error(run("git", ["diff", "--stat", "--", "packages/*/src/generated/*"]));
  process.exit(1);
}
console.log("drift check: generated types match specs/");
