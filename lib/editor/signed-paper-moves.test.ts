// An import that gives a signed paper another corresponding author or email: never quietly.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

import { getDb } from '@/db/client';
import { auditEvents, paperImportApplications, papers } from '@/db/schema';
import { getPapersForAuthor } from '@/lib/papers/get-papers-for-author';
import { getSignatureDocument } from '@/lib/evidence/get-signature-document';
import { paperRow, seedPapers, seedUser, signPaperAs, testRequestContext } from '@/tests/factories';

import { applyPaperImport } from './apply-paper-import';
import { stagePaperImport } from './stage-paper-import';

const header = 'volume,paper_key,title,authors,corresponding_author,corresponding_email';
const bytes = (text: string) => new TextEncoder().encode(text);

describe('an import that moves a signed paper', () => {
  it('needs an explicit confirmation, leaves a per-paper audit trail, and the signer keeps what they signed', async () => {
    const row = paperRow({
      paperKey: 'moved22',
      authors: ['Ann Signer', 'Bo Other'],
      correspondingAuthorName: 'Ann Signer',
      correspondingAuthorEmail: 'ann.signer@example.org',
    });
    await seedPapers([row]);
    const db = await getDb();
    const [paper] = await db.select().from(papers).where(eq(papers.paperKey, 'moved22'));
    const signature = await signPaperAs('ann.signer@example.org', paper!.id, 'Ann Signer');
    const editor = await seedUser('moves-editor@example.org', 'editor', [900]);

    const csv = `${header}\n900,moved22,"${row.title}",Ann Signer; Bo Other,Bo Other,bo.other@example.org\n`;
    const staged = await stagePaperImport(editor, { name: 'accepted.csv', bytes: bytes(csv) });
    if (!staged.ok) throw new Error(staged.message);
    expect(staged.preview.signedMoves).toEqual({
      count: 1,
      shown: [
        {
          line: 2,
          paperKey: 'moved22',
          title: row.title,
          signerEmail: 'ann.signer@example.org',
          from: 'Ann Signer <ann.signer@example.org>',
          to: 'Bo Other <bo.other@example.org>',
        },
      ],
    });

    // Without the confirmation: refused, and nothing written.
    expect(await applyPaperImport(editor, staged.importId, testRequestContext)).toMatchObject({ ok: false, code: 'needs-confirmation' });
    expect((await db.select().from(papers).where(eq(papers.id, paper!.id)))[0]!.correspondingAuthorEmail).toBe('ann.signer@example.org');
    expect(await db.select().from(paperImportApplications).where(eq(paperImportApplications.importId, staged.importId))).toHaveLength(0);

    // Confirmed: applied, with one audit event on the paper naming old and new values.
    const applied = await applyPaperImport(editor, staged.importId, testRequestContext, { confirmSignedMoves: true });
    expect(applied).toMatchObject({ ok: true, result: { updated: 1 } });
    const [event] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.paperId, paper!.id), eq(auditEvents.action, 'paper.signed_paper_reassigned')));
    expect(event).toMatchObject({
      actorEmail: 'moves-editor@example.org',
      signatureId: signature.id,
      details: {
        source: 'upload',
        importId: staged.importId,
        confirmedByEditor: true,
        signerEmail: 'ann.signer@example.org',
        changes: {
          corresponding_author: { from: 'Ann Signer', to: 'Bo Other' },
          corresponding_email: { from: 'ann.signer@example.org', to: 'bo.other@example.org' },
        },
      },
    });
    expect(await applyPaperImport(editor, staged.importId, testRequestContext, { confirmSignedMoves: true })).toMatchObject({
      ok: false,
      code: 'already-applied',
    });

    // The signer still sees the paper and downloads what they signed; the new address does not get their PDF.
    const signer = await seedUser('ann.signer@example.org');
    expect((await getPapersForAuthor(signer)).map((item) => item.id)).toContain(paper!.id);
    expect(await getSignatureDocument(signer, paper!.id)).toMatchObject({ pdfSha256: signature.pdfSha256 });
    const newContact = await seedUser('bo.other@example.org');
    expect(await getSignatureDocument(newContact, paper!.id)).toBeNull();
    expect(await getSignatureDocument(editor, paper!.id)).toMatchObject({ pdfSha256: signature.pdfSha256 });
  });

  it('writes an audit event for every changed paper, signed or not', async () => {
    const row = paperRow({ paperKey: 'retitled22' });
    await seedPapers([row]);
    const editor = await seedUser('retitle-editor@example.org', 'editor', [900]);
    const csv = `${header}\n900,retitled22,A Better Title,${row.authors.join('; ')},${row.correspondingAuthorName},${row.correspondingAuthorEmail}\n`;
    const staged = await stagePaperImport(editor, { name: 'retitle.csv', bytes: bytes(csv) });
    if (!staged.ok) throw new Error(staged.message);
    expect(staged.preview.signedMoves.count).toBe(0);
    expect(await applyPaperImport(editor, staged.importId, testRequestContext)).toMatchObject({ ok: true });
    const db = await getDb();
    const [paper] = await db.select().from(papers).where(eq(papers.paperKey, 'retitled22'));
    const events = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.paperId, paper!.id), eq(auditEvents.action, 'paper.updated')));
    expect(events).toHaveLength(1);
    expect(events[0]!.details).toMatchObject({ changes: { title: { from: row.title, to: 'A Better Title' } } });
  });
});
