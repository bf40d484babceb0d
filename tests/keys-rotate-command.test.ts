import { spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { keyIdOf } from '@/lib/evidence/signing-key';

import { freshSigningKey } from './fresh-test-resources';

const script = path.join(process.cwd(), 'scripts', 'rotate-seal-key.mjs');
const run = (cwd: string, env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [script], { cwd, env: { PATH: process.env.PATH, ...env } as unknown as NodeJS.ProcessEnv, encoding: 'utf8' });
const idOf = (encoded: string) =>
  keyIdOf(createPublicKey(createPrivateKey({ key: Buffer.from(encoded, 'base64'), format: 'der', type: 'pkcs8' })).export({ format: 'der', type: 'spki' }));

describe('npm run keys:rotate', () => {
  it('replaces the key kept in .env.local, keeps the file private, and names both keys', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rotate-'));
    try {
      const old = freshSigningKey();
      writeFileSync(path.join(dir, '.env.local'), `AUTH_SECRET=keep-me\nSIGNING_KEY=${old}\n`, { mode: 0o644 });
      const result = run(dir);
      expect(result.status, result.stderr).toBe(0);
      const text = readFileSync(path.join(dir, '.env.local'), 'utf8');
      const current = /^SIGNING_KEY=(.*)$/m.exec(text)![1]!;
      expect(current).not.toBe(old);
      expect(text).toContain('AUTH_SECRET=keep-me');
      expect(text.match(/^SIGNING_KEY=/gm)).toHaveLength(1);
      expect(result.stdout).toContain(`${idOf(old)} → ${idOf(current)}`);
      expect(statSync(path.join(dir, '.env.local')).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes nothing when the key comes from the environment, and prints a new one', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rotate-'));
    try {
      const result = run(dir, { SIGNING_KEY: freshSigningKey() });
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toContain('nothing was written');
      expect(result.stdout).toContain('-----BEGIN PRIVATE KEY-----');
      expect(() => statSync(path.join(dir, '.env.local'))).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
