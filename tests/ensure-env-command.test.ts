import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

const script = path.join(process.cwd(), 'scripts', 'ensure-env.mjs');

describe('scripts/ensure-env.mjs (npm run demo / dev)', () => {
  it('writes the secrets a local portal needs to .env.local, readable by its owner only, once', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ensure-env-'));
    try {
      const first = spawnSync(process.execPath, [script], { cwd: dir, env: { PATH: process.env.PATH } as unknown as NodeJS.ProcessEnv, encoding: 'utf8' });
      expect(first.status, first.stderr).toBe(0);
      const file = path.join(dir, '.env.local');
      const text = readFileSync(file, 'utf8');
      expect(text).toMatch(/^AUTH_SECRET=\S{40,}$/m);
      expect(text).toMatch(/^SIGNING_KEY=\S+$/m);
      expect(text).toMatch(/^AUTH_URL=http:\/\/localhost:3000$/m);
      expect(statSync(file).mode & 0o777).toBe(0o600);

      const again = spawnSync(process.execPath, [script], { cwd: dir, env: { PATH: process.env.PATH } as unknown as NodeJS.ProcessEnv, encoding: 'utf8' });
      expect(again.status).toBe(0);
      expect(readFileSync(file, 'utf8')).toBe(text);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('makes an existing, too-open .env.local private, and never writes what the environment gives', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ensure-env-'));
    try {
      const file = path.join(dir, '.env.local');
      writeFileSync(file, 'AUTH_SECRET=already-here-and-long-enough-to-be-a-secret\n', { mode: 0o644 });
      const result = spawnSync(process.execPath, [script], {
        cwd: dir,
        env: { PATH: process.env.PATH, SIGNING_KEY: 'from-the-environment' } as unknown as NodeJS.ProcessEnv,
        encoding: 'utf8',
      });
      expect(result.status, result.stderr).toBe(0);
      const text = readFileSync(file, 'utf8');
      expect(text).not.toContain('SIGNING_KEY');
      expect(text.match(/^AUTH_SECRET=/gm)).toHaveLength(1);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
