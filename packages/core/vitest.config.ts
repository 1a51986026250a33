import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Per-test bound far above the expected time: CI runs every package at once on a busy machine.
    testTimeout: 30_000,
    setupFiles: ["src/test-support/fast-check-seed.ts"],
    // Long soaks run on their own: `pnpm --filter @polyprompt/core test:soak` (vitest.soak.config.ts).
    exclude: [...configDefaults.exclude, "**/*.soak.test.ts"],
  },
});
