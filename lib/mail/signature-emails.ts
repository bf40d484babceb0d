import 'server-only';

import { eq, sql } from 'drizzle-orm';

import { queryRows, type Tx } from '@/db/client';
import { users, volumeEditors, volumes, type Signature } from '@/db/schema';

import type { EditorNotice } from './compose-email';
import { queueEmails } from './outbox';

/**
 * In the signing transaction: the signer's receipt, and when this signature completes its
 * volume, a notice to each of the volume's editors. Returns whether it completed the volume.
 * (Appending the audit event before this serializes signing transactions, so of two last
 * signatures committing together, the second sees the first and completes the volume.)
 */
export async function queueSignatureEmails(tx: Tx, signature: Signature, volumeId: number): Promise<{ completesVolume: boolean }> {
  await queueEmails(tx, [
    {
      idempotencyKey: `receipt:${signature.id}`,
      kind: 'receipt',
      recipient: signature.signerEmail,
      volumeId,
      paperIds: [signature.paperId],
      payload: { signatureId: signature.id },
      requestedByUserId: signature.userId,
    },
  ]);

  const [counts] = queryRows<{ awaiting: number; accepted: number }>(
    await tx.execute(sql`
      select count(*) filter (where not exists (
               select 1 from signatures s where s.paper_id = p.id
                 and not exists (select 1 from signature_voids v where v.signature_id = s.id)))::int as "awaiting",
             count(*)::int as "accepted"
        from papers p where p.volume_id = ${volumeId} and p.status = 'accepted'`),
  );
  if (!counts || counts.awaiting > 0) return { completesVolume: false };
  const [volume] = await tx.select().from(volumes).where(eq(volumes.id, volumeId));
  const editors = await tx
    .select({ email: users.email })
    .from(volumeEditors)
    .innerJoin(users, eq(users.id, volumeEditors.userId))
    .where(eq(volumeEditors.volumeId, volumeId));
  if (!volume) return { completesVolume: false };
  await queueEmails(
    tx,
    editors.map((editor) => ({
      idempotencyKey: `volume-fully-signed:${volumeId}:${signature.id}:${editor.email}`,
      kind: 'editor_notice' as const,
      recipient: editor.email,
      volumeId,
      payload: {
        notice: 'volume-fully-signed',
        volumeNumber: volume.number,
        volumeName: volume.name,
        papers: counts.accepted,
      } satisfies EditorNotice,
    })),
  );
  return { completesVolume: true };
}
