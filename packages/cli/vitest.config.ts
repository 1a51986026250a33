import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // The cases spawn the real binary (a few hundred ms each when idle). The limits sit far above
    // that so a busy machine slows the suite down without failing it; nothing asserts a duration.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    maxConcurrency: 8,
    // Files mostly wait on child processes (the binary, npm, pnpm), so two run side by side even
    // on a 2-core machine, where the default would run them one after another.
    maxWorkers: 2,
  },
});
