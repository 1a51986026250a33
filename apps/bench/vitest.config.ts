import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Unit tests only (no benchmark runs here); the limit is far above their expected time.
    testTimeout: 120_000,
  },
});
