import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { commandDatabase } from './command-database';

// The command runs as a newcomer would run it, in its own process, on a database that has
// never been migrated.
const { work, run } = commandDatabase('papers-import');
const runImport = (...args: string[]) => run('scripts/import-papers.ts', ...args);

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
