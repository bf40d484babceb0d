import 'server-only';

import { asc, desc, eq } from 'drizzle-orm';

import { getDb } from '@/db/client';
import {
  agreementTemplates,
  auditEvents,
  paperAuthors,
  papers,
  signatureVoids,
  signatures,
  type AuditEvent,
  type Signature,
} from '@/db/schema';
import { terminationDate } from '@/lib/agreements/format-time';
import { requirePaperEditor } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/roles';

export type PaperEvidence = {
  paper: typeof papers.$inferSelect & {
    volume: { number: number; name: string; publishedOn: string | null; proceedingsUrl: string | null };
  };
  /** Clause 7 for the active signature: when its agreement lapses unless the paper is published. */
  termination: { date: Date; clause: string } | null;
  authors: { position: number; name: string; isCorresponding: boolean }[];
  signatures: (Signature & { voidedAt: Date | null; voidReason: string | null })[];
  auditEvents: AuditEvent[];
};

/**
 * Everything recorded about one paper: its signatures (voided ones too) and audit trail.
 * For the editors of its volume and admins; anyone else gets a NotFoundError.
 */
export async function getPaperEvidence(user: CurrentUser | null, paperId: string): Promise<PaperEvidence> {
  const { paper, volume } = await requirePaperEditor(user, paperId);
  const db = await getDb();

  const [authors, signatureRows, events] = await Promise.all([
    db
      .select({ position: paperAuthors.position, name: paperAuthors.name, isCorresponding: paperAuthors.isCorresponding })
      .from(paperAuthors)
      .where(eq(paperAuthors.paperId, paperId))
      .orderBy(asc(paperAuthors.position)),
    db
      .select({ signature: signatures, voidedAt: signatureVoids.voidedAt, voidReason: signatureVoids.reason })
      .from(signatures)
      .leftJoin(signatureVoids, eq(signatureVoids.signatureId, signatures.id))
      .where(eq(signatures.paperId, paperId))
      .orderBy(desc(signatures.signedAt)),
    db.select().from(auditEvents).where(eq(auditEvents.paperId, paperId)).orderBy(asc(auditEvents.id)),
  ]);

  const active = signatureRows.find((row) => row.voidedAt === null)?.signature;
  const [template] = active
    ? await db.select({ presentation: agreementTemplates.presentation }).from(agreementTemplates).where(eq(agreementTemplates.version, active.templateVersion))
    : [];

  return {
    paper: {
      ...paper,
      volume: { number: volume.number, name: volume.name, publishedOn: volume.publishedOn, proceedingsUrl: volume.proceedingsUrl },
    },
    termination: active && template ? terminationDate(active.signedAt, template.presentation.termination) : null,
    authors,
    signatures: signatureRows.map(({ signature, voidedAt, voidReason }) => ({ ...signature, voidedAt, voidReason })),
    auditEvents: events,
  };
}
