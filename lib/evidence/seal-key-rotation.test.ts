import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

import { getDb } from '@/db/client';
import { papers } from '@/db/schema';
import { freshSigningKey } from '@/tests/fresh-test-resources';
import { paperRow, seedPapers, seedUser, signPaperAs } from '@/tests/factories';

import { getSignatureDocument } from './get-signature-document';
import { getPublishedSealKeys } from './published-seal-keys';
import { listSealKeys } from './seal-key-ring';
import { verifySignatureId, verifySignedPdf } from './verify-signature';
import { getSealKey } from './signing-key';

describe('rotating the sealing key', () => {
  it('keeps every earlier seal verifiable: sign, rotate, sign; both PDFs verify with their own key', async () => {
    await seedPapers([
      paperRow({ paperKey: 'rot1', correspondingAuthorEmail: 'rot1@example.org' }),
      paperRow({ paperKey: 'rot2', correspondingAuthorEmail: 'rot2@example.org' }),
    ]);
    const db = await getDb();
    const idOf = async (key: string) => (await db.select({ id: papers.id }).from(papers).where(eq(papers.paperKey, key)))[0]!.id;
    const editor = await seedUser('rot-editor@example.org', 'admin');

    const oldKeyId = getSealKey().keyId;
    const before = await signPaperAs('rot1@example.org', await idOf('rot1'));
    const oldPdf = (await getSignatureDocument(editor, before.paperId))!.pdf;

    process.env.SIGNING_KEY = freshSigningKey();
    const newKeyId = getSealKey().keyId;
    expect(newKeyId).not.toBe(oldKeyId);
    const after = await signPaperAs('rot2@example.org', await idOf('rot2'));
    const newPdf = (await getSignatureDocument(editor, after.paperId))!.pdf;

    expect([before.sealKeyId, after.sealKeyId]).toEqual([oldKeyId, newKeyId]);
    expect(await verifySignedPdf(oldPdf)).toMatchObject({ isValid: true, signatureId: before.id });
    expect(await verifySignedPdf(newPdf)).toMatchObject({ isValid: true, signatureId: after.id });
    expect(await verifySignatureId(before.id, before.textSha256)).toMatchObject({ isValid: true });

    const ring = await listSealKeys(db);
    const old = ring.find((key) => key.keyId === oldKeyId)!;
    const current = ring.find((key) => key.keyId === newKeyId)!;
    expect(old).toMatchObject({ isCurrent: false, retiredAt: current.activatedAt });
    expect(current).toMatchObject({ isCurrent: true, retiredAt: null });
    expect(old.activatedAt.getTime()).toBeLessThanOrEqual(before.signedAt.getTime());

    const published = await getPublishedSealKeys();
    expect(published.keys.map((key) => key.kid)).toEqual(expect.arrayContaining([oldKeyId, newKeyId]));
    expect(published.keys.find((key) => key.kid === oldKeyId)?.inUseUntil).toBe(current.activatedAt.toISOString());
  });

});
