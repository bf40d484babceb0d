import 'server-only';

import { eq, sql } from 'drizzle-orm';

import { queryRows, type Tx } from '@/db/client';
import { users, volumeEditors, volumes, type Signature } from '@/db/schema';

import type { EditorNotice } from './compose-email';
import { queueEmails } from './outbox';

/** In the signing transaction: the signer's receipt, sent once the signature commits. */
export async function queueReceipt(tx: Tx, signature: Signature, volumeId: number): Promise<void> {
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
}

/**
 * In the signing transaction, after the audit chain's lock (appendAuditEvent): does this signature
 * leave none of its volume's accepted papers awaiting one? The lock serializes signing transactions
 * and this is a new statement, so under READ COMMITTED it sees every signature committed before
 * this one took the lock: of two last signatures committing together, the second sees the first
 * and completes the volume (checking before the lock, each would see the other's paper awaiting
 * and neither would). An index-only probe of (volume, status, active signature).
 */
export async function completesVolume(tx: Tx, volumeId: number): Promise<boolean> {
  const [row] = queryRows<{ awaiting: boolean }>(
    await tx.execute(sql`
      select exists (select 1 from papers p
        where p.volume_id = ${volumeId} and p.status = 'accepted' and p.active_signature_id is null) as "awaiting"`),
  );
  return row?.awaiting === false;
}

/** In the signing transaction, when it completes its volume: a notice to each of its editors. */
export async function queueVolumeCompletedNotices(tx: Tx, signature: Signature, volumeId: number): Promise<void> {
  const [volume] = await tx.select().from(volumes).where(eq(volumes.id, volumeId));
  if (!volume) return;
  const [accepted] = queryRows<{ count: number }>(
    await tx.execute(sql`select count(*)::int as "count" from papers p where p.volume_id = ${volumeId} and p.status = 'accepted'`),
  );
  const editors = await tx
    .select({ email: users.email })
    .from(volumeEditors)
    .innerJoin(users, eq(users.id, volumeEditors.userId))
    .where(eq(volumeEditors.volumeId, volumeId));
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
        papers: accepted?.count ?? 0,
      } satisfies EditorNotice,
    })),
  );
}
