import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Property and differential suites run hundreds of cases; CI runs every package at once.
    testTimeout: 30_000,
  },
});
