import { defineConfig } from 'vitest/config';
import { serialTests } from './vitest.config.ts';

export default defineConfig({
  test: {
    include: serialTests,
    exclude: ['**/node_modules/**'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
