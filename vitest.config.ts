import { defineConfig } from 'vitest/config';

// Tests that restart the shared RabbitMQ run in their own phase (vitest.serial.config.ts),
// one at a time, after everything else: see scripts/run-tests.mjs.
export const serialTests = ['**/*.broker-restart.test.ts'];

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', ...serialTests],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
