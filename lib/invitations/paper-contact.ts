import { sql } from 'drizzle-orm';

import { papers } from '@/db/schema';

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

/** Has it ever been invited? (For the "never invited" filter.) */
export const wasInvitedSql = sql<boolean>`exists (select 1 from email_papers ep join emails e on e.id = ep.email_id
  where ep.paper_id = ${paperId} and e.kind = 'invitation' and ${counted})`;

/** No active (unvoided) signature. */
export const awaitsSignatureSql = sql<boolean>`(${papers.status} = 'accepted' and not exists (
  select 1 from signatures s where s.paper_id = ${paperId}
    and not exists (select 1 from signature_voids v where v.signature_id = s.id)))`;
