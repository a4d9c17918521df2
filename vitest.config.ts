import { defineConfig } from 'vitest/config';

/**
 * Three projects: unit (pure rules), integration (services and HTTP on real SQLite and PostgreSQL,
 * `*.int.test.ts`) and e2e (Chromium via playwright-core, `test/e2e/*.e2e.ts`). Files run without
 * per-file isolation where that is safe: isolation costs seconds per file on two cores.
 */
export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'bin/**/*.test.ts', 'web/src/**/*.test.ts'],
          exclude: ['src/**/*.int.test.ts', 'src/**/*.int.test.tsx'],
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['src/**/*.int.test.ts', 'src/**/*.int.test.tsx', 'test/*.int.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
