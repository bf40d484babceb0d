import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { eq, sql } from 'drizzle-orm';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';

import { getDb } from '@/db/client';
import { papers, signatureDocuments } from '@/db/schema';
import { sha256Hex } from '@/lib/crypto/sha256';
import { expectDbError } from '@/tests/expect-db-error';
import { currentOwner } from '@/tests/isolated-database';
import { paperRow, seedAgreementTemplate, seedPapers, seedUser, signPaperAs } from '@/tests/factories';

import { getSignatureDocument } from './get-signature-document';
import { canonicalSignatureRecord, isSealValid } from './seal';
import { getSealKey } from './signing-key';
import { verifySignatureId, verifySignedPdf } from './verify-signature';

async function pdfText(bytes: Uint8Array): Promise<string> {
  const document = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let number = 1; number <= document.numPages; number += 1) {
    const content = await (await document.getPage(number)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  return pages.join('\n').replace(/\s+/g, ' ');
}

async function signedPaper(key: string, name: string, title: string) {
  await seedAgreementTemplate();
  const email = `${key}@example.org`;
  await seedPapers([
    paperRow({ paperKey: key, title, authors: [name, 'José Núñez'], correspondingAuthorName: name, correspondingAuthorEmail: email }),
  ]);
  const db = await getDb();
  const [paper] = await db.select({ id: papers.id }).from(papers).where(eq(papers.paperKey, key));
  const signature = await signPaperAs(email, paper!.id, name);
  const [document] = await db.select().from(signatureDocuments).where(eq(signatureDocuments.signatureId, signature.id));
  return { paperId: paper!.id, email, signature, document: document! };
}

describe('the signed-agreement PDF', () => {
  it('holds the agreement as signed and the evidence, in any script', async () => {
    const name = 'Ελένη Παπαδοπούλου 王小明';
    const { signature, document } = await signedPaper('pdf1', name, 'Čebyšëv Bounds for Ωmega Learners');
    expect(sha256Hex(document.pdf)).toBe(signature.pdfSha256);
    expect(document.pdfSha256).toBe(signature.pdfSha256);

    const text = await pdfText(document.pdf);
    expect(text).toContain('PUBLICATION AGREEMENT');
    expect(text).toContain('Creative Commons Attribution 4.0 International License');
    // Words with "fi"/"ff" come back letter for letter (no ligature glyphs in the text layer).
    expect(text).toContain('further specified at');
    expect(text).toContain('reasonable efforts to ensure');
    expect(text).toContain('modified only in writing');
    expect(text).toContain('Čebyšëv Bounds for Ωmega Learners');
    expect(text).toContain('Ελένη Παπαδοπούλου');
    expect(text).toContain('王小明');
    for (const fact of [
      'Evidence of signature',
      signature.signerEmail,
      signature.ipAddress!,
      signature.userAgent!,
      signature.textSha256,
      signature.id,
      signature.signedAt.toISOString(),
      'Agreement version',
    ]) {
      expect(text, fact).toContain(fact);
    }
    expect(text.replace(/ /g, '')).toContain(signature.seal!);
    expect(text).toContain(`/verify?signature=${signature.id}`);
  });

  it('embeds every font it uses, as pdffonts reports, so it renders the same everywhere', async () => {
    const { document } = await signedPaper('pdf-fonts', 'Ελένη 王小明', 'Fonts for Every Reader');
    const dir = mkdtempSync(path.join(tmpdir(), 'pdffonts-'));
    try {
      const file = path.join(dir, 'signed.pdf');
      writeFileSync(file, document.pdf);
      const report = spawnSync('pdffonts', [file], { encoding: 'utf8' });
      expect(report.status, report.stderr).toBe(0);
      // name, type, encoding, emb, sub, uni, object ID: after the header and its ---- line.
      const fonts = report.stdout.trim().split('\n').slice(2);
      expect(fonts.length).toBeGreaterThanOrEqual(4);
      for (const font of fonts) expect(font, font).toMatch(/\s+yes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$/);
      expect(report.stdout).toContain('NotoSansMono');
      expect(report.stdout).not.toMatch(/Courier|Helvetica|Times/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is sealed: the record verifies with the published public key and fails once changed', async () => {
    const { signature } = await signedPaper('seal1', 'Ann Lee', 'Sealed Paper');
    const { publicKeySpki, keyId } = getSealKey();
    expect(signature.sealKeyId).toBe(keyId);
    expect(isSealValid(canonicalSignatureRecord(signature), signature.seal!, publicKeySpki)).toBe(true);
    expect(isSealValid(canonicalSignatureRecord({ ...signature, typedName: 'Mallory' }), signature.seal!, publicKeySpki)).toBe(false);
  });

  it('can be downloaded by its author and editors only', async () => {
    const { paperId, email } = await signedPaper('dl1', 'Bo Chen', 'Downloadable Paper');
    const author = await seedUser(email);
    const editor = await seedUser('editor@example.org', 'editor');
    const stranger = await seedUser('stranger@example.org');
    expect((await getSignatureDocument(author, paperId))?.pdf.byteLength).toBeGreaterThan(1000);
    expect(await getSignatureDocument(editor, paperId)).not.toBeNull();
    expect(await getSignatureDocument(stranger, paperId)).toBeNull();
    expect(await getSignatureDocument(null, paperId)).toBeNull();
  });

  it('is stored once and can never be replaced', async () => {
    const { signature } = await signedPaper('imm2', 'Cy Dow', 'Immutable Paper');
    const db = await getDb();
    // The portal's role holds no such privilege (PostgreSQL); the triggers refuse everyone, the owner too.
    await expectDbError(
      db.execute(sql`update signature_documents set pdf = '\\x00' where signature_id = ${signature.id}`),
      /is evidence|permission denied/,
    );
    await expectDbError(db.execute(sql`delete from signature_documents where signature_id = ${signature.id}`), /is evidence|permission denied/);
    const { owner } = await currentOwner();
    await expectDbError(owner(`update signature_documents set pdf = '\\x00' where signature_id = '${signature.id}'`), /is evidence/);
    await expectDbError(owner(`delete from signature_documents where signature_id = '${signature.id}'`), /is evidence/);
  });
});

describe('verification', () => {
  it('accepts the genuine PDF and rejects it with any byte changed', async () => {
    const { signature, document } = await signedPaper('ver1', 'Di Eve', 'Verified Paper');
    expect(await verifySignedPdf(document.pdf)).toMatchObject({
      isValid: true,
      signedBy: 'Di Eve',
      signatureId: signature.id,
      title: 'Verified Paper',
    });
    for (const offset of [0, Math.floor(document.pdf.length / 2), document.pdf.length - 1]) {
      const altered = new Uint8Array(document.pdf);
      altered[offset] = altered[offset]! ^ 0x01;
      expect(await verifySignedPdf(altered)).toMatchObject({ isValid: false, reason: expect.stringContaining('changed') });
    }
  });

  it('accepts the right id and text hash, and says nothing about a wrong one', async () => {
    const { signature } = await signedPaper('ver2', 'Ed Fox', 'Looked-up Paper');
    expect(await verifySignatureId(signature.id, signature.textSha256.toUpperCase())).toMatchObject({ isValid: true, signedBy: 'Ed Fox' });
    const unknown = { isValid: false, reason: 'No signed agreement has this signature id and text hash.' };
    expect(await verifySignatureId(signature.id, 'f'.repeat(64))).toEqual(unknown);
    expect(await verifySignatureId(crypto.randomUUID(), signature.textSha256)).toEqual(unknown);
    expect(await verifySignatureId('not-an-id', 'nope')).toEqual(unknown);
  });
});
