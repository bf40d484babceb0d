import { sql, type SQL } from 'drizzle-orm';

import { papers } from '@/db/schema';

export const PAPER_SIGNING_STATUSES = ['signed', 'awaiting', 'withdrawn'] as const;
export type PaperSigningStatus = (typeof PAPER_SIGNING_STATUSES)[number];

/**
 * A paper's signing status as SQL, from the paper's row alone: signed if it has an active
 * signature (papers.active_signature_id, decision 011), else withdrawn or awaiting by the
 * paper's own status. Needs no join, so filters and counts by status read papers only.
 */
export const signingStatusSql = sql<PaperSigningStatus>`case
  when ${papers.activeSignatureId} is not null then 'signed'
  when ${papers.status} = 'withdrawn' then 'withdrawn'
  else 'awaiting' end`;

/**
 * SQL condition: the paper has this signing status. The same cases as signingStatusSql, written
 * on the paper's columns so that papers_volume_state_idx can serve them.
 */
export function signingStatusIs(status: PaperSigningStatus): SQL {
  switch (status) {
    case 'signed':
      return sql`(${papers.activeSignatureId} is not null)`;
    case 'withdrawn':
      return sql`(${papers.activeSignatureId} is null and ${papers.status} = 'withdrawn')`;
    case 'awaiting':
      return sql`(${papers.activeSignatureId} is null and ${papers.status} = 'accepted')`;
  }
}
