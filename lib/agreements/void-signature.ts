import 'server-only';

import { and, eq } from 'drizzle-orm';
import { z } from 'zod';

import { getDb, type Tx } from '@/db/client';
import { papers, signatureVoids, signatures, volumes } from '@/db/schema';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { RequestContext } from '@/lib/auth/request-context';
import { requireEditor, requirePaperEditor } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/roles';
import { isUuid } from '@/lib/uuid';
import { queueWebhookEvents } from '@/lib/webhooks/queue-webhook-events';
import { voidWebhookEvent } from '@/lib/webhooks/webhook-events';

export const voidReasonSchema = z
  .string()
  .transform((value) => value.replace(/\s+/g, ' ').trim())
  .pipe(
    z
      .string()
      .min(10, 'Say why, in at least 10 characters: the reason is kept with the record.')
      .max(1000, 'Keep the reason under 1,000 characters.'),
  );

export type VoidSignatureResult =
  | { ok: true; voidId: string }
  | { ok: false; code: 'not-found' | 'already-voided' | 'invalid'; message: string };

/**
 * Voids a signature by recording a void: the signature itself is never changed. The paper
 * then awaits a new signature, which will name this void. For the editors of the paper's volume
 * and admins: the signature is looked up within that paper, so another volume's is never found.
 */
export async function voidSignature(
  user: CurrentUser | null,
  input: { paperId: string; signatureId: string; reason: string },
  context: RequestContext,
): Promise<VoidSignatureResult> {
  requireEditor(user);
  const { paper } = await requirePaperEditor(user, input.paperId);
  const reason = voidReasonSchema.safeParse(input.reason);
  if (!reason.success) return { ok: false, code: 'invalid', message: reason.error.issues[0]!.message };
  if (!isUuid(input.signatureId)) return { ok: false, code: 'not-found', message: 'No such signature.' };

  const db = await getDb();
  return db.transaction((tx) => recordVoid(tx, user, { paperId: paper.id, signatureId: input.signatureId, reason: reason.data }, context));
}

/**
 * In the caller's transaction: the void of this paper's signature, its audit event and the
 * agreement.voided webhook event. The caller has authorized the user for the paper.
 */
export async function recordVoid(
  tx: Tx,
  user: CurrentUser,
  input: { paperId: string; signatureId: string; reason: string; details?: Record<string, unknown> },
  context: RequestContext,
): Promise<VoidSignatureResult> {
  const [signature] = await tx
    .select({ id: signatures.id, paperId: signatures.paperId, volumeId: papers.volumeId, paperKey: papers.paperKey, volumeNumber: volumes.number })
    .from(signatures)
    .innerJoin(papers, eq(papers.id, signatures.paperId))
    .innerJoin(volumes, eq(volumes.id, papers.volumeId))
    .where(and(eq(signatures.id, input.signatureId), eq(signatures.paperId, input.paperId)));
  if (!signature) return { ok: false, code: 'not-found', message: 'No such signature.' };
  const [voided] = await tx
    .insert(signatureVoids)
    .values({ signatureId: signature.id, reason: input.reason, voidedByUserId: user.id })
    .onConflictDoNothing({ target: signatureVoids.signatureId })
    .returning({ id: signatureVoids.id, voidedAt: signatureVoids.voidedAt });
  if (!voided) return { ok: false, code: 'already-voided', message: 'This signature was already voided.' };
  // The paper awaits a signature again (a trigger checks that the void exists).
  await tx
    .update(papers)
    .set({ activeSignatureId: null })
    .where(and(eq(papers.id, signature.paperId), eq(papers.activeSignatureId, signature.id)));
  await appendAuditEvent(tx, {
    action: 'signature.voided',
    actorUserId: user.id,
    actorEmail: user.email,
    paperId: signature.paperId,
    signatureId: signature.id,
    volumeId: signature.volumeId,
    ipAddress: context.ipAddress,
    userAgent: context.userAgent,
    details: { voidId: voided.id, reason: input.reason, ...input.details },
  });
  await queueWebhookEvents(tx, [
    voidWebhookEvent(
      { id: signature.paperId, paperKey: signature.paperKey, volumeId: signature.volumeId, volumeNumber: signature.volumeNumber },
      { signatureId: signature.id, voidId: voided.id, voidedAt: voided.voidedAt, reason: input.reason },
    ),
  ]);
  return { ok: true, voidId: voided.id };
}
