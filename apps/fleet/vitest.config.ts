import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    exclude: ["src/**/*.soak.test.ts"],
    // The fleet's processes start in about a second; the bounds only guard against a hang.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One file at a time: each starts its own redis-server and four Node processes.
    fileParallelism: false,
  },
});
