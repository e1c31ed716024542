import { defineConfig } from 'vitest/config';

// Tests that restart the shared RabbitMQ, and the chaos suite (which kills and restarts its
// own servers and services under load), run in their own phase (vitest.serial.config.ts),
// one at a time, after everything else: see scripts/run-tests.mjs.
export const serialTests = ['**/*.broker-restart.test.ts', '**/*.chaos.test.ts'];

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', ...serialTests],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
