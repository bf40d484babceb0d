import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createFreshPostgresDatabase } from './fresh-test-resources';

// The command runs as a newcomer would run it, in its own process, on a database that has
// never been migrated.
let databaseEnv: Record<string, string>;
let cleanup: () => Promise<void>;
const work = mkdtempSync(path.join(tmpdir(), 'papers-import-'));

beforeAll(async () => {
  if (process.env.TEST_DRIVER === 'postgres') {
    const fresh = await createFreshPostgresDatabase(process.env.TEST_POSTGRES_URL!, 'cli');
    databaseEnv = { DATABASE_URL: fresh.url };
    cleanup = fresh.drop;
  } else {
    databaseEnv = { PGLITE_DATA_DIR: path.join(work, 'pglite') };
    cleanup = async () => {};
  }
});

afterAll(async () => {
  await cleanup();
  rmSync(work, { recursive: true, force: true });
});

function runImport(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...databaseEnv };
  if (!databaseEnv.DATABASE_URL) delete env.DATABASE_URL;
  const result = spawnSync(
    './node_modules/.bin/tsx',
    ['--import', './scripts/server-only-hook.mjs', 'scripts/import-papers.ts', ...args],
    { env, encoding: 'utf8' },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const seedCsv = 'db/seed-data/pmlr-v151-aistats2022.csv';

describe('npm run papers:import', () => {
  it('migrates an empty database, imports, and changes nothing the second time', () => {
    const first = runImport(seedCsv, '--volume-name', 'AISTATS 2022');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('492 new, 0 updated, 0 unchanged, 1 new volume.');

    const second = runImport(seedCsv);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('0 new, 0 updated, 492 unchanged');
  });

  it('rejects a bad file whole, listing every problem by line, and writes nothing', () => {
    const bad = path.join(work, 'bad.csv');
    writeFileSync(
      bad,
      [
        'volume,paper_key,title,authors,corresponding_author,corresponding_email',
        // A volume of this test's own, so the seed import's counts hold whichever test runs first.
        '9151,brandnew22,A Perfectly Good New Paper,Ann Lee,Ann Lee,ann@example.org',
        '9151,broken22,,Bo Chen,Bo Chen,bo@example.org',
        '9151,mailless22,Paper,Cy Dow,Cy Dow,cy-at-example.org',
      ].join('\n'),
    );
    const result = runImport(bad);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('nothing was written');
    expect(result.stderr).toContain('line 3: title is empty');
    expect(result.stderr).toContain('line 4: corresponding_email "cy-at-example.org" is not a valid email address');
    expect(result.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace

    // The good line of the bad file was not imported either.
    const good = path.join(work, 'good.csv');
    writeFileSync(
      good,
      'volume,paper_key,title,authors,corresponding_author,corresponding_email\n' +
        '9151,brandnew22,A Perfectly Good New Paper,Ann Lee,Ann Lee,ann@example.org\n',
    );
    expect(runImport(good).stdout).toContain('1 new, 0 updated, 0 unchanged');
  });

  it('explains a missing file and a missing argument', () => {
    expect(runImport(path.join(work, 'nope.csv'))).toMatchObject({ code: 1, stderr: expect.stringContaining('ENOENT') });
    expect(runImport()).toMatchObject({ code: 2, stderr: expect.stringContaining('usage:') });
  });
});
