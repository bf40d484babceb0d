import 'server-only';

import { eq } from 'drizzle-orm';

import { getDb } from '@/db/client';
import { papers } from '@/db/schema';
import { formatUtcDate } from '@/lib/agreements/format-time';
import { recordVoid } from '@/lib/agreements/void-signature';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { requirePaperEditor } from '@/lib/auth/authorization';
import type { RequestContext } from '@/lib/auth/request-context';
import type { CurrentUser } from '@/lib/auth/roles';
import { ValidationError } from '@/lib/errors';
import { queueEmails } from '@/lib/mail/outbox';

import { lapsingPapers } from './clause7';

/**
 * Clause 7 ended this paper's agreement (a year passed unpublished): in one step, the lapsed
 * signature is voided with that reason (a new row; the evidence stays) and the corresponding
 * author is invited to sign again, through the same invitation email and queue as the first time.
 */
export async function requestNewSignature(
  user: CurrentUser | null,
  input: { paperId: string; requestId: string },
  context: RequestContext,
  now: Date = new Date(),
): Promise<{ ok: true; voidId: string; recipient: string }> {
  const { paper, volume } = await requirePaperEditor(user, input.paperId);
  if (!volume.agreementVersion) throw new ValidationError('Choose the volume’s agreement version first: the author could not sign yet.');
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [lapsed] = await lapsingPapers(tx, eq(papers.id, paper.id), now, { limit: 1 });
    if (!lapsed || lapsed.status !== 'lapsed') {
      throw new ValidationError('This paper’s agreement has not lapsed: it is published, not yet due, or already awaiting a new signature.');
    }
    const reason = `Clause 7: the paper was not published by ${formatUtcDate(lapsed.lapsesAt)}, so the agreement ended; a new signature was requested.`;
    const voided = await recordVoid(tx, user!, { paperId: paper.id, signatureId: lapsed.signatureId, reason, details: { clause7: true } }, context);
    if (!voided.ok) throw new ValidationError(voided.message);
    await queueEmails(tx, [
      {
        idempotencyKey: `new-signature:${voided.voidId}`,
        kind: 'invitation',
        recipient: paper.correspondingAuthorEmail,
        volumeId: volume.id,
        paperIds: [paper.id],
        requestedByUserId: user!.id,
      },
    ]);
    await appendAuditEvent(tx, {
      action: 'signature.requested',
      actorUserId: user!.id,
      actorEmail: user!.email,
      paperId: paper.id,
      volumeId: volume.id,
      ipAddress: context.ipAddress,
      userAgent: context.userAgent,
      details: { reason: 'clause 7 lapse', voidId: voided.voidId, recipient: paper.correspondingAuthorEmail, requestId: input.requestId },
    });
    return { ok: true as const, voidId: voided.voidId, recipient: paper.correspondingAuthorEmail };
  });
}
