import { defineConfig } from '@playwright/test';

import { runConfig } from './e2e/support/run-config';

// Against PostgreSQL every spec runs, since tests may read and seed the run's database
// directly. On embedded PGlite the server owns the data directory, so only tests tagged
// @pglite (those that go through the browser and the mail sink alone) run.
const onPglite = !runConfig.databaseUrl;

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
    baseURL: runConfig.baseUrl,
    browserName: 'chromium',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    command: './node_modules/.bin/tsx e2e/support/serve.ts',
    url: `${runConfig.baseUrl}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
  },
});
