// The scripted tour (dist/tour.js, what `pnpm demo` runs) end to end, with no keys and not on a
// terminal. It needs a build: turbo runs `build` before `test`.
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { runNode } from "./test-support/run-node.js";

const TOUR = fileURLToPath(new URL("../dist/tour.js", import.meta.url));
const ESC = "\u001b[";

/** The tour with this process's environment minus vendor keys, base URLs and colour settings. */
function runTour() {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/_API_KEY$|_PUBLIC_KEY$|_SECRET_KEY$|_BASE_URL$|^NO_COLOR$|^FORCE_COLOR$/.test(key)) env[key] = value;
  }
  return runNode(TOUR, [], env);
}

test("the tour runs end to end and exits 0", async () => {
  const run = await runTour();
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
  expect(run.stderr).toBe("");
  expect(run.stdout).not.toContain(ESC);
  for (const heading of ["1. List versions", "2. Get production", "3. Render", "4. Promote", "5. Survive", "6. Client stats"])
    expect(run.stdout).toContain(heading);
  expect(run.stdout).toMatch(/source: stale/);
  expect(run.stdout).toMatch(/event retry .* attempt 2/);
  expect(run.stdout).toContain("tour complete");
});
