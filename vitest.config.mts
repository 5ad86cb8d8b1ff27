import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'happy-dom',
    setupFiles: ['tests/setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Real-browser suites each launch Chromium; on two cores, more than two at once only thrashes.
    maxWorkers: 2,
  },
});
