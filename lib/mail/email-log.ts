import 'server-only';

import { and, count, desc, eq, inArray } from 'drizzle-orm';

import { getDb } from '@/db/client';
import { emailPapers, emails, papers, type EmailKind, type EmailState } from '@/db/schema';
import { requirePaperEditor, requireVolumeEditor } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/roles';

import { requeueEmails } from './outbox';

export const EMAIL_LOG_PAGE_SIZE = 100;

export type EmailLogRow = {
  id: string;
  kind: EmailKind;
  recipient: string;
  state: EmailState;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date | null;
  subject: string | null;
  sentAt: Date | null;
  createdAt: Date;
  papers: { id: string; key: string; title: string }[];
};

const stateFilter = ['all', 'queued', 'sending', 'retrying', 'sent', 'failed', 'cancelled'] as const;
export type EmailStateFilter = (typeof stateFilter)[number];
export const parseEmailStateFilter = (value: unknown): EmailStateFilter =>
  stateFilter.includes(value as EmailStateFilter) ? (value as EmailStateFilter) : 'all';

/** A volume's emails, newest first, with how many are in each state. For its editors. */
export async function listVolumeEmails(user: CurrentUser | null, volumeNumber: number, state: EmailStateFilter) {
  const volume = await requireVolumeEditor(user, volumeNumber);
  const db = await getDb();
  const counts = await db
    .select({ state: emails.state, count: count() })
    .from(emails)
    .where(eq(emails.volumeId, volume.id))
    .groupBy(emails.state);
  const rows = await db
    .select()
    .from(emails)
    .where(and(eq(emails.volumeId, volume.id), state === 'all' ? undefined : eq(emails.state, state)))
    .orderBy(desc(emails.createdAt), desc(emails.id))
    .limit(EMAIL_LOG_PAGE_SIZE);
  return {
    volume,
    counts: Object.fromEntries(counts.map((row) => [row.state, row.count])) as Partial<Record<EmailState, number>>,
    rows: await withPapers(rows),
  };
}

/** Every email about one paper, newest first. For its volume's editors. */
export async function listPaperEmails(user: CurrentUser | null, paperId: string): Promise<EmailLogRow[]> {
  await requirePaperEditor(user, paperId);
  const db = await getDb();
  const rows = await db
    .select({ email: emails })
    .from(emailPapers)
    .innerJoin(emails, eq(emails.id, emailPapers.emailId))
    .where(eq(emailPapers.paperId, paperId))
    .orderBy(desc(emails.createdAt));
  return withPapers(rows.map((row) => row.email));
}

async function withPapers(rows: (typeof emails.$inferSelect)[]): Promise<EmailLogRow[]> {
  if (rows.length === 0) return [];
  const db = await getDb();
  const links = await db
    .select({ emailId: emailPapers.emailId, id: papers.id, key: papers.paperKey, title: papers.title })
    .from(emailPapers)
    .innerJoin(papers, eq(papers.id, emailPapers.paperId))
    .where(
      inArray(
        emailPapers.emailId,
        rows.map((row) => row.id),
      ),
    );
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    recipient: row.recipient,
    state: row.state,
    attempts: row.attempts,
    lastError: row.lastError,
    nextAttemptAt: row.nextAttemptAt,
    subject: row.subject,
    sentAt: row.sentAt,
    createdAt: row.createdAt,
    papers: links.filter((link) => link.emailId === row.id).map(({ id, key, title }) => ({ id, key, title })),
  }));
}

/** "Retry now": one failed or waiting email of the volume, or all of them. Returns how many. */
export async function retryEmails(
  user: CurrentUser | null,
  input: { volumeNumber: number; emailId?: string },
): Promise<number> {
  const volume = await requireVolumeEditor(user, input.volumeNumber);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const candidates = await tx
      .select({ id: emails.id })
      .from(emails)
      .where(
        and(
          eq(emails.volumeId, volume.id),
          inArray(emails.state, ['failed', 'retrying']),
          input.emailId ? eq(emails.id, input.emailId) : undefined,
        ),
      )
      .for('update');
    return requeueEmails(
      tx,
      candidates.map((row) => row.id),
    );
  });
}
