import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    globalSetup: ["src/global-setup.ts"],
    // Far above the expected time (emulator cases take milliseconds, live ones seconds), so a busy
    // machine or a slow vendor slows the suite down without failing it.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
