import 'server-only';

import { and, eq, sql } from 'drizzle-orm';

import { getDb, queryRows } from '@/db/client';
import { databaseNow } from '@/db/database-now';
import { emails, type Email } from '@/db/schema';
import { getEnv, publicBaseUrl } from '@/lib/env';
import { EMAIL_QUEUE, recordNextAttempts } from '@/lib/jobs/queue';

import { composeEmail } from './compose-email';
import { sendMail } from './send-mail';

/**
 * A worker killed mid-send leaves its claim; once the send timeout has passed (and the queue has
 * expired its job), another worker may take the message over.
 */
const claimLeaseSeconds = () => getEnv().MAIL_SEND_TIMEOUT_SECONDS;
// Any constant: every process sending mail takes the same lock to share MAIL_RATE_PER_MINUTE.
const MAIL_RATE_LOCK_ID = 71_512_024;

export type DeliveryOutcome =
  | { outcome: 'sent' }
  /** Nothing left to ask (all its papers signed or withdrawn): not sent, and never will be. */
  | { outcome: 'cancelled' }
  /** Already sent, cancelled, or being sent by another worker: nothing to do. */
  | { outcome: 'skipped' }
  /** The portal-wide sending rate is used up: try again at this time. */
  | { outcome: 'deferred'; retryAt: Date };

/**
 * Sends one queued message, at most once. The row is claimed (state "sending", one more
 * attempt) in a short transaction that also takes a slot of MAIL_RATE_PER_MINUTE; the SMTP
 * conversation happens outside any transaction (PGlite has one connection); then the row is
 * marked sent. A failure marks it "retrying" with the SMTP error and is rethrown, so the queue
 * retries it with backoff; the last failure marks it "failed".
 */
export async function deliverEmail(emailId: string, options: { finalAttempt: boolean }): Promise<DeliveryOutcome> {
  const db = await getDb();
  const claim = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MAIL_RATE_LOCK_ID})`);
    const [email] = await tx.select().from(emails).where(eq(emails.id, emailId));
    if (!email || !isClaimable(email, await databaseNow(tx))) return { kind: 'skipped' as const };
    const [usage] = queryRows<{ used: number; freesAt: string | null }>(
      await tx.execute(sql`
        select count(*)::int as "used", to_char(min(claimed_at) + interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "freesAt"
          from (select claimed_at from emails
                 where claimed_at > now() - interval '1 minute'
                 order by claimed_at desc limit ${getEnv().MAIL_RATE_PER_MINUTE}) recent`),
    );
    if (usage && usage.used >= getEnv().MAIL_RATE_PER_MINUTE && usage.freesAt) {
      return { kind: 'deferred' as const, retryAt: new Date(usage.freesAt) };
    }
    const [claimed] = await tx
      .update(emails)
      .set({ state: 'sending', claimedAt: sql`now()`, attempts: sql`${emails.attempts} + 1` })
      .where(eq(emails.id, emailId))
      .returning();
    return { kind: 'claimed' as const, email: claimed! };
  });
  if (claim.kind === 'skipped') return { outcome: 'skipped' };
  if (claim.kind === 'deferred') return { outcome: 'deferred', retryAt: claim.retryAt };
  const { email } = claim;

  try {
    const composed = await composeEmail(db, email, await databaseNow(db));
    if (!composed) {
      await db
        .update(emails)
        .set({
          state: 'cancelled',
          lastError: 'Not sent: every paper it was about has been signed or withdrawn since it was queued.',
        })
        .where(and(eq(emails.id, email.id), eq(emails.state, 'sending')));
      return { outcome: 'cancelled' };
    }
    await sendMail({ to: email.recipient, messageId: messageIdFor(email), ...composed });
    await db
      .update(emails)
      .set({ state: 'sent', sentAt: sql`now()`, subject: composed.subject, lastError: null, nextAttemptAt: null })
      .where(eq(emails.id, email.id));
    return { outcome: 'sent' };
  } catch (error) {
    await db
      .update(emails)
      .set({ state: options.finalAttempt ? 'failed' : 'retrying', lastError: describeError(error) })
      .where(eq(emails.id, email.id));
    throw error;
  }
}

function isClaimable(email: Email, now: Date): boolean {
  if (email.state === 'queued' || email.state === 'retrying') return true;
  return (
    email.state === 'sending' &&
    !!email.claimedAt &&
    now.getTime() - email.claimedAt.getTime() >= claimLeaseSeconds() * 1000
  );
}

/** The same Message-ID on every attempt: a receiving server that saw it once can drop a resend. */
function messageIdFor(email: Email): string {
  return `<${email.id}@${new URL(publicBaseUrl()).hostname}>`;
}

/** What editors see for a failed attempt: the SMTP server's answer, not a stack trace. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 500);
  const smtp = error as Error & { code?: string; responseCode?: number; response?: string };
  const parts = [smtp.code, smtp.responseCode ? String(smtp.responseCode) : null, smtp.response ?? smtp.message];
  return parts.filter(Boolean).join(' ').slice(0, 500);
}

/** Messages the queue will retry: when, from pg-boss's own schedule (for the delivery view). */
export async function recordNextAttempt(emailIds: string[]): Promise<void> {
  await recordNextAttempts(await getDb(), { queue: EMAIL_QUEUE, table: 'emails', idField: 'emailId' }, emailIds);
}
