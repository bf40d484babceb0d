import 'server-only';

import { and, asc, count, eq, sql } from 'drizzle-orm';

import { getDb, queryRows, type DbOrTx } from '@/db/client';
import { papers, type Volume } from '@/db/schema';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { requirePaperEditor, requireVolumeEditor } from '@/lib/auth/authorization';
import type { RequestContext } from '@/lib/auth/request-context';
import type { CurrentUser } from '@/lib/auth/roles';
import { ValidationError } from '@/lib/errors';
import { queueEmails, type OutgoingEmail } from '@/lib/mail/outbox';

import { awaitingNeverInvitedSql, awaitsSignatureSql, wasInvitedSql } from './paper-contact';

export type InvitationScope = 'not-invited' | 'all-awaiting';

export type Recipient = { email: string; name: string; papers: { id: string; key: string; title: string }[] };

export type InvitationPlan = {
  /** Papers of the volume that await a signature. */
  awaiting: number;
  /** Of those, never invited. */
  notInvited: number;
  /** Who would get an email now: one per address, listing all of their papers in the scope. */
  recipients: Recipient[];
  papers: number;
};

/**
 * How many papers of a volume await a signature and were never invited (the volume page takes
 * the awaiting count from getVolumeAgreementChoice). An index-only count of papers_never_invited_idx:
 * it reads the papers it counts, not the email log.
 */
export async function countNeverInvited(db: DbOrTx, volumeId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(papers)
    .where(and(eq(papers.volumeId, volumeId), awaitingNeverInvitedSql));
  return Number(row?.n ?? 0);
}

/** The volume's papers awaiting a signature (or just this one), by author, with whether each was invited. */
function awaitingPapers(db: DbOrTx, volumeId: number, paperId?: string) {
  return db
    .select({
      id: papers.id,
      key: papers.paperKey,
      title: papers.title,
      email: papers.correspondingAuthorEmail,
      name: papers.correspondingAuthorName,
      invited: wasInvitedSql,
    })
    .from(papers)
    .where(and(eq(papers.volumeId, volumeId), awaitsSignatureSql, paperId ? eq(papers.id, paperId) : undefined))
    .orderBy(asc(papers.correspondingAuthorEmail), asc(papers.title));
}

/** Who an invitation of this volume would reach, grouped by address. */
export async function planInvitations(db: DbOrTx, volumeId: number, scope: InvitationScope): Promise<InvitationPlan> {
  const rows = await awaitingPapers(db, volumeId);
  const inScope = rows.filter((row) => scope === 'all-awaiting' || !row.invited);
  return {
    awaiting: rows.length,
    notInvited: rows.filter((row) => !row.invited).length,
    recipients: groupByRecipient(inScope),
    papers: inScope.length,
  };
}

export function groupByRecipient(
  rows: { id: string; key: string; title: string; email: string; name: string }[],
): Recipient[] {
  const byEmail = new Map<string, Recipient>();
  for (const row of rows) {
    const recipient = byEmail.get(row.email) ?? { email: row.email, name: row.name, papers: [] };
    recipient.papers.push({ id: row.id, key: row.key, title: row.title });
    byEmail.set(row.email, recipient);
  }
  return [...byEmail.values()];
}

export type InvitationResult = { ok: true; emails: number; papers: number };

/**
 * Queues the invitations of a volume: one email per corresponding author listing each of their
 * papers in the scope. `requestId` comes from the confirmation form, so the same confirmation
 * submitted twice queues nothing the second time.
 */
export async function inviteAuthors(
  user: CurrentUser | null,
  input: { volumeNumber: number; scope: InvitationScope; requestId: string },
  context: RequestContext,
): Promise<InvitationResult> {
  const volume = await requireVolumeEditor(user, input.volumeNumber);
  requireOpenForInvitations(volume);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const plan = await planInvitations(tx, volume.id, input.scope);
    const queued = await queueEmails(
      tx,
      plan.recipients.map((recipient) => ({
        idempotencyKey: `invitation:${volume.id}:${recipient.email}:${input.requestId}`,
        kind: 'invitation' as const,
        recipient: recipient.email,
        volumeId: volume.id,
        paperIds: recipient.papers.map((paper) => paper.id),
        requestedByUserId: user!.id,
      })),
    );
    if (queued.length > 0) {
      await appendAuditEvent(tx, {
        action: 'authors.invited',
        actorUserId: user!.id,
        actorEmail: user!.email,
        volumeId: volume.id,
        ipAddress: context.ipAddress,
        userAgent: context.userAgent,
        details: { scope: input.scope, emails: queued.length, papers: plan.papers },
      });
    }
    return { ok: true as const, emails: queued.length, papers: queued.length > 0 ? plan.papers : 0 };
  });
}

function requireOpenForInvitations(volume: Volume): void {
  if (!volume.signingDeadline) {
    throw new ValidationError('Set a signing deadline first: every invitation and reminder tells authors the date.');
  }
  if (!volume.agreementVersion) {
    throw new ValidationError('Choose the agreement version first: authors could not sign yet.');
  }
}

export type ReminderResult = { ok: true; emails: number; papers: number; notInvited: number };

/**
 * Reminds now: one paper, or every paper of the volume still awaiting a signature that was
 * invited. Papers never invited are left to an invitation (it says more than a reminder).
 */
export async function remindAuthors(
  user: CurrentUser | null,
  input: { volumeNumber: number; paperId?: string; requestId: string },
  context: RequestContext,
): Promise<ReminderResult> {
  const volume = await requireVolumeEditor(user, input.volumeNumber);
  if (input.paperId) {
    const { volume: paperVolume } = await requirePaperEditor(user, input.paperId);
    if (paperVolume.id !== volume.id) throw new ValidationError('That paper is not in this volume.');
  }
  requireOpenForInvitations(volume);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const rows = await awaitingPapers(tx, volume.id, input.paperId);
    if (input.paperId && rows.length === 0) {
      throw new ValidationError('This paper does not await a signature: it is signed or withdrawn.');
    }
    // A single paper may be reminded even if it was never invited: the editor asked for it.
    const due = input.paperId ? rows : rows.filter((row) => row.invited);
    const recipients = groupByRecipient(due);
    const queued = await queueEmails(tx, remindersFor(volume.id, recipients, `manual:${input.requestId}`, user!.id));
    if (queued.length > 0) {
      await appendAuditEvent(tx, {
        action: 'authors.reminded',
        actorUserId: user!.id,
        actorEmail: user!.email,
        volumeId: volume.id,
        paperId: input.paperId ?? null,
        ipAddress: context.ipAddress,
        userAgent: context.userAgent,
        details: { emails: queued.length, papers: due.length },
      });
    }
    return {
      ok: true as const,
      emails: queued.length,
      papers: queued.length > 0 ? due.length : 0,
      notInvited: rows.length - due.length,
    };
  });
}

function remindersFor(
  volumeId: number,
  recipients: Recipient[],
  occasion: string,
  requestedBy: string | null,
): OutgoingEmail[] {
  return recipients.map((recipient) => ({
    idempotencyKey: `reminder:${volumeId}:${recipient.email}:${occasion}`,
    kind: 'reminder' as const,
    recipient: recipient.email,
    volumeId,
    paperIds: recipient.papers.map((paper) => paper.id),
    requestedByUserId: requestedBy,
  }));
}

// Any constant: two portal processes running the schedule at once take turns.
const REMINDER_SCHEDULE_LOCK_ID = 71_512_025;

/**
 * The scheduled reminders due at `now`, per each volume's rule: a paper still awaiting its
 * signature, invited, with fewer reminders than the limit, before the deadline has passed, is
 * due when its last invitation or reminder is `interval` days old, or once when the deadline
 * is `before` days away. One email per author and volume; the key names the day, so the
 * schedule running twice (or in two processes) queues each reminder once.
 */
export async function queueDueReminders(now: Date): Promise<number> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${REMINDER_SCHEDULE_LOCK_ID})`);
    const at = sql`${now.toISOString()}::timestamptz`;
    const due = await tx.execute(sql`
      with contact as (
        select p.id as paper_id, p.volume_id, p.paper_key as key, p.title, p.corresponding_author_email as email,
               p.corresponding_author_name as name, v.signing_deadline, v.reminder_interval_days, v.reminder_days_before_deadline,
               v.reminder_limit,
               max(e.created_at) as last_contact,
               max(e.created_at) filter (where e.kind = 'reminder') as last_reminder,
               count(*) filter (where e.kind = 'reminder') as reminders,
               bool_or(e.kind = 'invitation') as invited
          from papers p
          join volumes v on v.id = p.volume_id
          join email_papers ep on ep.paper_id = p.id
          join emails e on e.id = ep.email_id and e.kind in ('invitation', 'reminder') and e.state not in ('cancelled', 'failed')
         where p.status = 'accepted'
           and v.signing_deadline is not null
           and (v.reminder_interval_days is not null or v.reminder_days_before_deadline is not null)
           and ${at} < (v.signing_deadline + 1)::timestamp at time zone 'UTC'
           and not exists (select 1 from signatures s where s.paper_id = p.id
                             and not exists (select 1 from signature_voids sv where sv.signature_id = s.id))
         group by p.id, v.id
      )
      select paper_id as "id", volume_id as "volumeId", key, title, email, name from contact
       where invited and reminders < reminder_limit
         and (
           (reminder_interval_days is not null and last_contact <= ${at} - make_interval(days => reminder_interval_days))
           or (reminder_days_before_deadline is not null
               and ${at} >= (signing_deadline - reminder_days_before_deadline)::timestamp at time zone 'UTC'
               and (last_reminder is null
                    or last_reminder < (signing_deadline - reminder_days_before_deadline)::timestamp at time zone 'UTC'))
         )
       order by volume_id, email, title`);
    const rows = queryRows<{ id: string; volumeId: number; key: string; title: string; email: string; name: string }>(
      due,
    );
    const day = now.toISOString().slice(0, 10);
    const messages: OutgoingEmail[] = [];
    for (const volumeId of new Set(rows.map((row) => row.volumeId))) {
      const recipients = groupByRecipient(rows.filter((row) => row.volumeId === volumeId));
      messages.push(...remindersFor(volumeId, recipients, `scheduled:${day}`, null));
    }
    const queued = await queueEmails(
      tx,
      messages.map((message) => ({ ...message, createdAt: now })),
    );
    return queued.length;
  });
}
