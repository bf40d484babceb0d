import { defineConfig } from '@playwright/test';

import { chromium } from './e2e/support/chromium';

// `npm run test:faults`: the long fault, fuzz and load tests of issue "abuse and faults". Each
// spec starts a portal of its own (faults/support/portal.ts) on PostgreSQL, and one of them
// restarts that PostgreSQL server: they run one at a time, after `npm test`, never beside it.
export default defineConfig({
  testDir: 'faults',
  outputDir: 'test-results/faults-artifacts',
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: 1,
  fullyParallel: false,
  timeout: 15 * 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: process.env.FAULTS_REPORT ?? 'test-results/faults.json' }]],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    ...chromium,
  },
});
