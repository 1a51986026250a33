import { defineConfig } from "vitest/config";

// `pnpm --filter @polyprompt/core test:soak`: the long soaks, kept out of the default suite.
export default defineConfig({
  test: {
    include: ["src/**/*.soak.test.ts"],
    testTimeout: 600_000,
  },
});
