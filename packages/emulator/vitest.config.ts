import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Test files share workers and their module cache, so the spec validators are compiled once
    // per worker instead of once per file. Every file starts and closes its own emulators.
    isolate: false,
  },
});
