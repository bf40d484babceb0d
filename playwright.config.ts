import { defineConfig } from '@playwright/test';

import { chromium } from './e2e/support/chromium';
import { runConfig } from './e2e/support/run-config';

// Against PostgreSQL every spec runs, since tests may read and seed the run's database
// directly. On embedded PGlite the server owns the data directory, so only tests tagged
// @pglite (those that go through the browser and the mail sink alone) run.
const onPglite = !runConfig.databaseUrl;

// The walk-through of "Run it in production" has a portal of its own (no demo data, https,
// restricted role); every other spec uses the demo portal.
const PRODUCTION_SPEC = /production-walkthrough\.spec\.ts/;
// The role × route matrix compares database fingerprints around each refused action, so it runs
// after every other demo spec, alone: nothing else writes to the database meanwhile.
const MATRIX_SPEC = /role-route-matrix\.spec\.ts/;

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e-artifacts',
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: 2,
  fullyParallel: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // The JSON report feeds the one-line summary that npm test prints at the end.
  reporter: [['list'], ['json', { outputFile: process.env.E2E_REPORT ?? 'test-results/e2e.json' }]],
  grep: onPglite ? /@pglite/ : undefined,
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'demo', testIgnore: [PRODUCTION_SPEC, MATRIX_SPEC], use: { ...chromium, baseURL: runConfig.baseUrl } },
    { name: 'matrix', testMatch: MATRIX_SPEC, dependencies: ['demo'], use: { ...chromium, baseURL: runConfig.baseUrl } },
    ...(onPglite
      ? []
      : [
          {
            name: 'production',
            testMatch: PRODUCTION_SPEC,
            use: { ...chromium, baseURL: runConfig.production.baseUrl, ignoreHTTPSErrors: true },
          },
        ]),
  ],
  webServer: [
    {
      command: './node_modules/.bin/tsx e2e/support/serve.ts',
      url: `${runConfig.baseUrl}/api/health`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    },
    ...(onPglite
      ? []
      : [
          {
            command: './node_modules/.bin/tsx e2e/support/serve-production.ts',
            url: `${runConfig.production.baseUrl}/api/health`,
            ignoreHTTPSErrors: true,
            timeout: 120_000,
            reuseExistingServer: false,
            stdout: 'pipe' as const,
            stderr: 'pipe' as const,
            gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 10_000 },
          },
        ]),
  ],
});
