import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Each case spawns the real binary, which starts the emulator in-process (~1 s).
    testTimeout: 30_000,
    hookTimeout: 30_000,
    maxConcurrency: 8,
  },
});
