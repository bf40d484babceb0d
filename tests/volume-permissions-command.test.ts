import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createFreshPostgresDatabase } from './fresh-test-resources';

// npm run volume:permissions writes the folder PMLR asks for, as a chair would run it.
let databaseEnv: Record<string, string>;
let cleanup: () => Promise<void>;
const work = mkdtempSync(path.join(tmpdir(), 'volume-permissions-'));

function run(script: string, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...databaseEnv };
  if (!databaseEnv.DATABASE_URL) delete env.DATABASE_URL;
  const result = spawnSync('./node_modules/.bin/tsx', ['--import', './scripts/server-only-hook.mjs', script, ...args], { env, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  if (process.env.TEST_DRIVER === 'postgres') {
    const fresh = await createFreshPostgresDatabase(process.env.TEST_POSTGRES_URL!, 'cli');
    databaseEnv = { DATABASE_URL: fresh.url };
    cleanup = fresh.drop;
  } else {
    databaseEnv = { PGLITE_DATA_DIR: path.join(work, 'pglite') };
    cleanup = async () => {};
  }
  const imported = run('scripts/import-papers.ts', 'db/seed-data/pmlr-v151-aistats2022.csv', '--volume-name', 'AISTATS 2022');
  if (imported.code !== 0) throw new Error(imported.stderr);
});

afterAll(async () => {
  await cleanup();
  rmSync(work, { recursive: true, force: true });
});

describe('npm run volume:permissions', () => {
  it('writes the incomplete folder while papers await a signature, listing them', () => {
    const out = path.join(work, 'out');
    const result = run('scripts/volume-permissions.ts', '151', '--out', out);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Wrote ${path.join(out, 'v151permissions-incomplete.zip')}: 0 signed agreements.`);
    expect(result.stdout).toContain('Incomplete: 492 papers still await a signature');
    const file = path.join(out, 'v151permissions-incomplete.zip');
    expect(execFileSync('unzip', ['-t', file], { encoding: 'utf8' })).toContain('No errors detected');
    const manifest = execFileSync('unzip', ['-p', file, 'v151permissions/MANIFEST.csv'], { encoding: 'utf8' });
    expect(manifest.split('\n').filter((line) => line.startsWith('awaiting signature,'))).toHaveLength(492);
  });

  it('says so for a volume that does not exist', () => {
    const result = run('scripts/volume-permissions.ts', '999', '--out', path.join(work, 'none'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('There is no volume 999.');
  });
});
