import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // PGlite and argon2 are CPU heavy; two cores on CI machines.
    maxWorkers: 2,
    pool: 'forks',
  },
});
