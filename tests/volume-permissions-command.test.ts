import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

import { commandDatabase } from './command-database';

// npm run volume:permissions writes the folder PMLR asks for, as a chair would run it.
const { work, run } = commandDatabase('volume-permissions');

beforeAll(() => {
  const imported = run('scripts/import-papers.ts', 'db/seed-data/pmlr-v151-aistats2022.csv', '--volume-name', 'AISTATS 2022');
  if (imported.code !== 0) throw new Error(imported.stderr);
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
