import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

import { commandDatabase } from './command-database';

// npm run papers:published runs as an operator would run it, in its own process, on a database
// the papers import filled.
const { work, run } = commandDatabase('papers-published');

beforeAll(() => {
  const imported = run('scripts/import-papers.ts', 'db/seed-data/pmlr-v151-aistats2022.csv', '--volume-name', 'AISTATS 2022');
  if (imported.code !== 0) throw new Error(imported.stderr);
});

const file = (name: string, content: string) => {
  const target = path.join(work, name);
  writeFileSync(target, content);
  return target;
};

describe('npm run papers:published', () => {
  it('records the publication of papers once, and changes nothing the second time', () => {
    const good = file('published.csv', 'volume,paper_key,published_on,url\n151,mohtashami22,2026-11-28,https://proceedings.mlr.press/v151/mohtashami22a.html\n');
    const first = run('scripts/record-publication.ts', good);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('1 paper published, 0 unchanged.');
    const second = run('scripts/record-publication.ts', good);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('0 papers published, 1 unchanged.');
  });

  it('rejects a file whole, naming each bad line, and writes nothing', () => {
    const bad = file(
      'bad.csv',
      'volume,paper_key,published_on,url\n151,ablin22,2026-11-28,https://proceedings.mlr.press/v151/ablin22.html\n151,nosuchpaper,2026-11-28,https://x.example/\n',
    );
    const refused = run('scripts/record-publication.ts', bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('line 3: volume 151 has no paper "nosuchpaper"');
    const dryRun = run('scripts/record-publication.ts', '--dry-run', file('one.csv', 'volume,paper_key,published_on,url\n151,ablin22,2026-11-28,https://proceedings.mlr.press/v151/ablin22.html\n'));
    // ablin22 was not recorded by the refused file: the dry run would still record it.
    expect(dryRun.stdout).toContain('Would record');
    expect(dryRun.stdout).toContain('1 paper published, 0 unchanged.');
  });
});
