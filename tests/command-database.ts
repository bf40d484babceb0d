// For tests of the npm run commands: each test file gets a database of its own (a fresh
// PostgreSQL database, or a PGlite directory), and runs commands in their own processes against
// it, as an operator would.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';

import { createFreshPostgresDatabase } from './fresh-test-resources';

export type CommandResult = { code: number | null; stdout: string; stderr: string };

/** Registers the file's database (created before its tests, dropped after) and returns its runner. */
export function commandDatabase(purpose: string) {
  let databaseEnv: Record<string, string> = {};
  let cleanup: () => Promise<void> = async () => {};
  const work = mkdtempSync(path.join(tmpdir(), `${purpose}-`));

  beforeAll(async () => {
    if (process.env.TEST_DRIVER === 'postgres') {
      const fresh = await createFreshPostgresDatabase(process.env.TEST_POSTGRES_URL!, 'cli');
      databaseEnv = { DATABASE_URL: fresh.url };
      cleanup = fresh.drop;
    } else {
      databaseEnv = { PGLITE_DATA_DIR: path.join(work, 'pglite') };
    }
  });

  afterAll(async () => {
    await cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  /** Runs scripts/<script> with tsx, as `npm run` does, against this file's database. */
  function run(script: string, ...args: string[]): CommandResult {
    const env: NodeJS.ProcessEnv = { ...process.env, ...databaseEnv };
    if (!databaseEnv.DATABASE_URL) delete env.DATABASE_URL;
    const result = spawnSync('./node_modules/.bin/tsx', ['--import', './scripts/server-only-hook.mjs', script, ...args], { env, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  return { work, run };
}
