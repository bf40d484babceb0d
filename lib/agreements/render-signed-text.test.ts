import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

import { getDb } from '@/db/client';
import { papers } from '@/db/schema';
import { paperRow, seedPapers, signPaperAs } from '@/tests/factories';

import { renderSignedText, signedTextDocument, signedTextFilename } from './render-signed-text';

describe('the signed-text download', () => {
  it('says exactly how to recompute the hash, and doing literally that gives the recorded SHA-256', async () => {
    await seedPapers([
      paperRow({ paperKey: 'hash-me22', title: 'Ünïcode “Quotes” — and Dashes', correspondingAuthorEmail: 'hash@example.org' }),
    ]);
    const db = await getDb();
    const [paper] = await db.select({ id: papers.id }).from(papers).where(eq(papers.paperKey, 'hash-me22'));
    const signature = await signPaperAs('hash@example.org', paper!.id, 'Hash Checker');
    const filename = signedTextFilename('hash-me22');
    const document = signedTextDocument(signature, await renderSignedText(db, signature), filename);

    // A reader saves the download and runs the command the file gives them, as written.
    const command = document.match(/^To check it: (head -n \d+ \S+ \| sha256sum)$/m)?.[1];
    // The text, one blank line, then "----": the command covers the text's lines only.
    expect(command).toBe(`head -n ${document.split('\n').indexOf('----') - 1} agreement-hash-me22.txt | sha256sum`);
    const dir = mkdtempSync(path.join(tmpdir(), 'signed-text-'));
    try {
      writeFileSync(path.join(dir, filename), document, 'utf8');
      const output = execSync(command!, { cwd: dir, encoding: 'utf8', shell: '/bin/sh' });
      expect(output.split(/\s/)[0]).toBe(signature.textSha256);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(document).toContain(`its SHA-256 is ${signature.textSha256}`);
  });
});
