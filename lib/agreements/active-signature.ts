import { and, eq, sql } from 'drizzle-orm';

import { papers, signatures } from '@/db/schema';

/** SQL condition: this `signatures` row has not been voided. */
export function isActiveSignature() {
  return sql`not exists (select 1 from signature_voids where signature_voids.signature_id = ${signatures.id})`;
}

/** Join condition for `papers … left join signatures`: the paper's active signature, if any. */
export function activeSignatureOfPaper() {
  return and(eq(signatures.paperId, papers.id), isActiveSignature());
}
