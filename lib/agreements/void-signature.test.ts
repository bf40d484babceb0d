import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

import { getDb } from '@/db/client';
import { papers, signatureVoids, signatures } from '@/db/schema';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';
import { NotFoundError, UnauthenticatedError } from '@/lib/errors';
import { verifySignatureId } from '@/lib/evidence/verify-signature';
import { paperRow, seedAgreementTemplate, seedPapers, seedUser, signPaperAs, testRequestContext } from '@/tests/factories';

import { findActiveSignature } from './get-paper-agreement';
import { signAgreement } from './sign-agreement';
import { voidSignature } from './void-signature';

async function signedPaper(key: string) {
  await seedAgreementTemplate();
  const email = `${key}@example.org`;
  await seedPapers([paperRow({ paperKey: key, correspondingAuthorEmail: email })]);
  const db = await getDb();
  const [paper] = await db.select({ id: papers.id }).from(papers).where(eq(papers.paperKey, key));
  return { paperId: paper!.id, email, signature: await signPaperAs(email, paper!.id) };
}

describe('voidSignature', () => {
  it('records a void without touching the signature; the author can then sign again, once', async () => {
    const { paperId, email, signature } = await signedPaper('void1');
    const editor = await seedUser('editor@example.org', 'editor');
    const reason = 'Signed for the wrong paper by mistake; author asked to redo it.';
    const result = await voidSignature(editor, { paperId, signatureId: signature.id, reason }, testRequestContext);
    expect(result.ok).toBe(true);

    const db = await getDb();
    const [unchanged] = await db.select().from(signatures).where(eq(signatures.id, signature.id));
    expect(unchanged).toEqual(signature);
    expect(await findActiveSignature(db, paperId)).toBeNull();
    expect(await verifySignatureId(signature.id, signature.textSha256)).toMatchObject({ isValid: false, reason: expect.stringContaining('voided') });

    const resigned = await signPaperAs(email, paperId, 'Second Attempt');
    const [theVoid] = await db.select().from(signatureVoids).where(eq(signatureVoids.signatureId, signature.id));
    expect(resigned.replacesVoidId).toBe(theVoid!.id);
    expect((await findActiveSignature(db, paperId))?.id).toBe(resigned.id);
    const author = await seedUser(email);
    const again = await signAgreement({
      user: author,
      paperId,
      typedName: 'Third',
      acknowledged: resigned.agreedClauseIds,
      context: testRequestContext,
    });
    expect(again).toMatchObject({ ok: false, code: 'already-signed' });
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('voids once, wants a reason, and is for editors only', async () => {
    const { paperId, email, signature } = await signedPaper('void2');
    const editor = await seedUser('editor@example.org', 'editor');
    expect(await voidSignature(editor, { paperId, signatureId: signature.id, reason: 'short' }, testRequestContext)).toMatchObject({ code: 'invalid' });
    const author = await seedUser(email);
    const attempt = { paperId, signatureId: signature.id, reason: 'I changed my mind about it all' };
    await expect(voidSignature(author, attempt, testRequestContext)).rejects.toBeInstanceOf(NotFoundError);
    await expect(voidSignature(null, attempt, testRequestContext)).rejects.toBeInstanceOf(UnauthenticatedError);
    // An editor of another volume is refused as if the paper did not exist, and voids nothing.
    const otherEditor = await seedUser('other-editor@example.org', 'editor', [901]);
    await expect(voidSignature(otherEditor, attempt, testRequestContext)).rejects.toBeInstanceOf(NotFoundError);
    expect(await (await getDb()).select().from(signatureVoids).where(eq(signatureVoids.signatureId, signature.id))).toHaveLength(0);
    const reason = 'Duplicate signature recorded during a test of the process.';
    expect((await voidSignature(editor, { paperId, signatureId: signature.id, reason }, testRequestContext)).ok).toBe(true);
    expect(await voidSignature(editor, { paperId, signatureId: signature.id, reason }, testRequestContext)).toMatchObject({ code: 'already-voided' });
  });
});
