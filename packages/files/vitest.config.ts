import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Same generated cases on every run (see core's fast-check-seed.ts); POLYPROMPT_FUZZ=1 explores new ones.
    setupFiles: ["../core/src/test-support/fast-check-seed.ts"],
    // Test files share workers and their module cache, so the spec validators are compiled once
    // per worker instead of once per file. Every file starts and closes its own emulators.
    isolate: false,
    // Far above what any test needs on an idle machine (the slowest spawns a CLI, about 1 s): the
    // suite runs on busy 2-core machines next to other builds, where everything is several times slower.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
