import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Starts one redis-server for the suite (or prints one SKIPPED line when it is not installed).
    globalSetup: ["src/test-support/global-setup.ts"],
    // Far above what any test needs: the suite runs on busy machines next to other builds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
