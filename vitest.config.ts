import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration suites start real servers; two cores run them best a few at a time.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
