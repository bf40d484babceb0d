import { sql } from 'drizzle-orm';

import { papers, signatures } from '@/db/schema';

export const PAPER_SIGNING_STATUSES = ['signed', 'awaiting', 'withdrawn'] as const;
export type PaperSigningStatus = (typeof PAPER_SIGNING_STATUSES)[number];

/**
 * A paper's signing status as SQL, for a query that left-joins its active signature:
 * signed if it has one, else withdrawn or awaiting by the paper's own status.
 */
export const signingStatusSql = sql<PaperSigningStatus>`case
  when ${signatures.id} is not null then 'signed'
  when ${papers.status} = 'withdrawn' then 'withdrawn'
  else 'awaiting' end`;
