import { and, eq, sql } from 'drizzle-orm';

import { papers, signatures } from '@/db/schema';

/** SQL condition: this `signatures` row has not been voided. */
export function isActiveSignature() {
  return sql`not exists (select 1 from signature_voids where signature_voids.signature_id = ${signatures.id})`;
}

/**
 * Join condition for `papers … left join signatures`: the paper's active signature, if any.
 * papers.active_signature_id is set with each signature and void and checked against them by a
 * trigger (migration 0013, decision 011), so this is a primary-key lookup rather than a scan of
 * the paper's signatures;
 * the paper_id condition (always true of that signature) lets a query that starts from signatures
 * (clause 7's, by signing time) reach each paper by its primary key too.
 */
export function activeSignatureOfPaper() {
  return and(eq(signatures.id, papers.activeSignatureId), eq(signatures.paperId, papers.id));
}
