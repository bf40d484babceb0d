// The evidence can be checked without the portal: scripts/verify-evidence.mjs imports none of
// its code. It must accept the PDFs the portal produces and the published test vectors, and
// refuse a PDF whose attached record was changed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';

import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

import { getDb } from '@/db/client';
import { papers, signatureDocuments } from '@/db/schema';
import { checkpointFile, writeCheckpoint } from '@/lib/evidence/checkpoint';
import { getPublishedSealKeys } from '@/lib/evidence/published-seal-keys';
import { buildTestVectors } from '@/lib/evidence/test-vectors';

import { paperRow, seedPapers, signPaperAs } from './factories';

const verifier = (...args: string[]) => spawnSync(process.execPath, ['scripts/verify-evidence.mjs', ...args], { encoding: 'utf8' });

describe('the independent verifier', () => {
  it('agrees with every published test vector, and the published file is what the portal computes', () => {
    const committed = readFileSync('docs/evidence-test-vectors.json', 'utf8');
    expect(committed).toBe(`${JSON.stringify(buildTestVectors(), null, 2)}\n`);
    const result = verifier('--vectors', 'docs/evidence-test-vectors.json');
    expect(result.stdout).toContain('signature-record-v2: OK');
    expect(result.stdout).toContain('jcs-edge-cases: OK');
    expect(result.status).toBe(0);
  });

  it('checks a signed PDF the portal produced and its checkpoint, and refuses a PDF whose record was changed', async () => {
    const row = paperRow({ correspondingAuthorEmail: 'indep@example.org', title: 'Über “Quotes” and 数学' });
    await seedPapers([row]);
    const db = await getDb();
    const [paper] = await db.select({ id: papers.id }).from(papers).where(eq(papers.paperKey, row.paperKey));
    const signature = await signPaperAs(row.correspondingAuthorEmail, paper!.id, 'Zoë Núñez');
    const [document] = await db.select().from(signatureDocuments).where(eq(signatureDocuments.signatureId, signature.id));
    const dir = mkdtempSync(path.join(tmpdir(), 'verify-evidence-'));
    const pdfPath = path.join(dir, 'signed.pdf');
    const keysPath = path.join(dir, 'seal-keys.json');
    const checkpointPath = path.join(dir, 'checkpoint.json');
    writeFileSync(pdfPath, document!.pdf);
    writeFileSync(keysPath, JSON.stringify(await getPublishedSealKeys()));
    const outcome = await writeCheckpoint({ force: true });
    if (!outcome.written) throw new Error('no checkpoint');
    writeFileSync(checkpointPath, JSON.stringify(checkpointFile(outcome.checkpoint), null, 2));

    const valid = verifier('--keys', keysPath, '--checkpoint', checkpointPath, pdfPath);
    expect(valid.stderr).toBe('');
    expect(valid.stdout).toContain(`signature ${signature.id}`);
    expect(valid.stdout).toContain('by Zoë Núñez <indep@example.org>');
    expect(valid.stdout).toContain(`this PDF's SHA-256 ${signature.pdfSha256}`);
    expect(valid.stdout).toContain('VALID checkpoint');
    expect(valid.status).toBe(0);

    // Re-attach the record with another name, well-formed but no longer what was sealed.
    const pdf = Buffer.from(document!.pdf);
    const text = pdf.toString('latin1');
    const dictAt = text.lastIndexOf('<<', text.indexOf('/Type /EmbeddedFile'));
    const streamAt = text.indexOf('stream', dictAt) + 'stream\n'.length;
    const length = Number(/\/Length (\d+)/.exec(text.slice(dictAt, streamAt))![1]);
    const record = inflateSync(pdf.subarray(streamAt, streamAt + length)).toString('utf8');
    const forged = deflateSync(Buffer.from(record.replace('Zoë Núñez', 'Mallory Mal'), 'utf8'));
    const tampered = Buffer.concat([
      Buffer.from(text.slice(0, dictAt), 'latin1'),
      Buffer.from(text.slice(dictAt, streamAt).replace(`/Length ${length}`, `/Length ${forged.length}`), 'latin1'),
      forged,
      pdf.subarray(streamAt + length),
    ]);
    const tamperedPath = path.join(dir, 'tampered.pdf');
    writeFileSync(tamperedPath, tampered);
    const invalid = verifier('--keys', keysPath, tamperedPath);
    expect(invalid.stderr).toContain('INVALID: the record attached does not match its seal');
    expect(invalid.status).toBe(1);
  });
});
