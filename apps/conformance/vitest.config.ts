import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    globalSetup: ["src/global-setup.ts"],
    // Live targets talk to the real vendors: give them room. The emulator cases take milliseconds.
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
