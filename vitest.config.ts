import path from 'node:path';
import { defineConfig } from 'vitest/config';

// The same test files run once per driver. PostgreSQL runs only when a server is given
// (DATABASE_URL); each test file then gets a database of its own on that server.
const postgresUrl = process.env.DATABASE_URL;

const root = import.meta.dirname;

export default defineConfig({
  resolve: {
    alias: {
      '@': root,
      // `server-only` throws outside React Server Components; tests are server code.
      'server-only': path.join(root, 'tests', 'server-only-stub.ts'),
    },
  },
  test: {
    include: ['lib/**/*.test.ts', 'db/**/*.test.ts', 'tests/**/*.test.ts'],
    setupFiles: ['tests/setup-database.ts'],
    pool: 'forks',
    // Two test files at once. Vitest's default on a two-core machine is one (cores - 1), but much
    // of a file's time is spent waiting on PostgreSQL, child processes and SMTP: on the CI machine
    // (2 cores) the whole run took 860 s with two instead of 1,162 s with one. Each file still has
    // a database of its own, so files never see each other's rows.
    maxWorkers: 2,
    // Tests within a file run in a random order (the seed is printed), so none can lean on
    // another having run first. Rerun one order with --sequence.seed=N.
    sequence: { shuffle: { files: false, tests: true } },
    testTimeout: 30_000,
    // Without EMAIL_SERVER, mail is printed on the console: keep test output readable.
    onConsoleLog: (log) => !log.includes('──── mail to'),
    hookTimeout: 60_000,
    projects: [
      // *.postgres.test.ts need PostgreSQL itself (roles, several processes on one database).
      {
        extends: true as const,
        test: { name: 'pglite', env: { TEST_DRIVER: 'pglite' }, exclude: ['**/node_modules/**', '**/*.postgres.test.ts'] },
      },
      ...(postgresUrl
        ? [{ extends: true as const, test: { name: 'postgres', env: { TEST_DRIVER: 'postgres', TEST_POSTGRES_URL: postgresUrl } } }]
        : []),
    ],
  },
});
