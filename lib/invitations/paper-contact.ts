import { sql } from 'drizzle-orm';

import { queryRows, type DbOrTx } from '@/db/client';
import { papers, type EmailKind, type EmailState } from '@/db/schema';
import { signingStatusIs } from '@/lib/editor/paper-status';

// How a paper's corresponding author has been contacted, from the email log. Invitations and
// reminders count once queued (even while still sending); cancelled messages (nothing left to
// ask when their turn came) and failed ones do not.

const counted = sql.raw(`e.state not in ('cancelled', 'failed')`);
// Written out: inside these subqueries Drizzle would print papers.id as a bare "id", which
// PostgreSQL would read as emails.id. Every query using them selects from papers unaliased.
const paperId = sql.raw('"papers"."id"');

/** When the paper was first invited (null: never). */
export const invitedAtSql = sql<Date | null>`(select min(e.created_at) from email_papers ep join emails e on e.id = ep.email_id
  where ep.paper_id = ${paperId} and e.kind = 'invitation' and ${counted})`;

/** When it was last reminded (null: never). */
export const lastRemindedAtSql = sql<Date | null>`(select max(e.created_at) from email_papers ep join emails e on e.id = ep.email_id
  where ep.paper_id = ${paperId} and e.kind = 'reminder' and ${counted})`;

/** How many reminders went out for it. */
export const reminderCountSql = sql<number>`(select count(*)::int from email_papers ep join emails e on e.id = ep.email_id
  where ep.paper_id = ${paperId} and e.kind = 'reminder' and ${counted})`;

/**
 * Has it been invited (an invitation that counts)? From the paper's row: papers.live_invitations
 * is kept from the email log by its triggers (migration 0016, docs/decisions/012), so neither this
 * nor "never invited" reads the email log.
 */
export const wasInvitedSql = sql<boolean>`(${papers.liveInvitations} > 0)`;

/** Accepted, with no active (unvoided) signature (papers.active_signature_id, decision 011). */
export const awaitsSignatureSql = signingStatusIs('awaiting');

/**
 * Awaiting a signature and never invited: whom an invitation would still reach. Written as
 * papers_never_invited_idx's condition is, so that the index serves the count and the filter.
 */
export const awaitingNeverInvitedSql = sql<boolean>`(${awaitsSignatureSql} and ${papers.liveInvitations} = 0)`;

export type PaperContact = {
  invitedAt: Date | null;
  lastRemindedAt: Date | null;
  reminders: number;
  /** The newest message about the paper (invitation, reminder or receipt) and how it fared. */
  latest: { kind: EmailKind; state: EmailState; error: string | null } | null;
};

/** How each of these papers' authors has been contacted (one query for a page of papers). */
export async function paperContacts(db: DbOrTx, paperIds: string[]): Promise<Map<string, PaperContact>> {
  if (paperIds.length === 0) return new Map();
  const rows = queryRows<{
    paperId: string;
    invitedAt: string | null;
    lastRemindedAt: string | null;
    reminders: number;
    latestKind: EmailKind | null;
    latestState: EmailState | null;
    latestError: string | null;
  }>(
    await db.execute(sql`
      select ep.paper_id as "paperId",
             min(e.created_at) filter (where e.kind = 'invitation' and ${counted}) as "invitedAt",
             max(e.created_at) filter (where e.kind = 'reminder' and ${counted}) as "lastRemindedAt",
             (count(*) filter (where e.kind = 'reminder' and ${counted}))::int as "reminders",
             (array_agg(e.kind order by e.created_at desc))[1]::text as "latestKind",
             (array_agg(e.state order by e.created_at desc))[1]::text as "latestState",
             (array_agg(e.last_error order by e.created_at desc))[1] as "latestError"
        from email_papers ep join emails e on e.id = ep.email_id
       where ep.paper_id in (${sql.join(
         paperIds.map((id) => sql`${id}::uuid`),
         sql`, `,
       )})
       group by ep.paper_id`),
  );
  return new Map(
    rows.map((row) => [
      row.paperId,
      {
        invitedAt: row.invitedAt ? new Date(row.invitedAt) : null,
        lastRemindedAt: row.lastRemindedAt ? new Date(row.lastRemindedAt) : null,
        reminders: Number(row.reminders),
        latest:
          row.latestKind && row.latestState
            ? { kind: row.latestKind, state: row.latestState, error: row.latestError }
            : null,
      },
    ]),
  );
}
