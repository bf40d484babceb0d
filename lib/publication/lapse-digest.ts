import 'server-only';

import { eq } from 'drizzle-orm';
import { createElement } from 'react';

import { getDb, type DbOrTx } from '@/db/client';
import { users, volumeEditors, volumes, type Email } from '@/db/schema';
import { EditorNoticeEmail } from '@/emails/editor-notice-email';
import { formatUtcDate } from '@/lib/agreements/format-time';
import { getEnv, publicBaseUrl } from '@/lib/env';
import { countOf } from '@/lib/format/plural';
import { queueEmails } from '@/lib/mail/outbox';
import { renderEmail } from '@/lib/mail/render-email';
import type { ComposedEmail } from '@/lib/mail/compose-email';

import { lapsingPapers, type LapseRow } from './clause7';
import { daysUntil } from './lapse';

/** Papers listed in one digest; the rest are counted. */
const DIGEST_LIST_LIMIT = 25;

export type LapseDigestPayload = { volumeId: number; volumeNumber: number; volumeName: string };

/**
 * The weekly digest: for each volume with agreements at risk or lapsed, one email to each of its
 * editors, through the email queue. Its idempotency key names the day, so a second run the same
 * day (two workers, a retry) queues nothing more. The list itself is rendered when sent.
 */
export async function queueLapseDigests(now: Date): Promise<number> {
  const db = await getDb();
  const day = now.toISOString().slice(0, 10);
  const candidates = await db.select({ id: volumes.id, number: volumes.number, name: volumes.name }).from(volumes);
  let queued = 0;
  for (const volume of candidates) {
    const rows = await lapsingPapers(db, eq(volumes.id, volume.id), now, { limit: 1 });
    if (rows.length === 0) continue;
    const editors = await db
      .select({ email: users.email })
      .from(volumeEditors)
      .innerJoin(users, eq(users.id, volumeEditors.userId))
      .where(eq(volumeEditors.volumeId, volume.id));
    if (editors.length === 0) continue;
    await db.transaction(async (tx) => {
      const ids = await queueEmails(
        tx,
        editors.map((editor) => ({
          idempotencyKey: `lapse-digest:${volume.id}:${day}:${editor.email}`,
          kind: 'lapse_digest' as const,
          recipient: editor.email,
          volumeId: volume.id,
          payload: { volumeId: volume.id, volumeNumber: volume.number, volumeName: volume.name } satisfies LapseDigestPayload,
          createdAt: now,
        })),
      );
      queued += ids.length;
    });
  }
  return queued;
}

/** What the digest says about these papers (also used by `npm run emails:screenshots`). */
export function lapseDigestNotice(volume: Omit<LapseDigestPayload, 'volumeId'>, rows: LapseRow[], now: Date) {
  const lapsed = rows.filter((row) => row.status === 'lapsed');
  const atRisk = rows.filter((row) => row.status === 'at-risk');
  const describe = (row: LapseRow) => {
    const days = daysUntil(row.lapsesAt, now);
    const when = row.status === 'lapsed' ? `lapsed on ${formatUtcDate(row.lapsesAt)}` : `lapses on ${formatUtcDate(row.lapsesAt)} (${days === 0 ? 'today' : `in ${countOf(days, 'day')}`})`;
    return `${row.paperKey}: “${row.title}”, ${when}.`;
  };
  const listed = [...lapsed, ...atRisk].slice(0, DIGEST_LIST_LIMIT);
  const more = rows.length - listed.length;
  const title = `Clause 7: ${[lapsed.length ? `${countOf(lapsed.length, 'agreement')} lapsed` : '', atRisk.length ? `${countOf(atRisk.length, 'agreement')} at risk` : ''].filter(Boolean).join(', ')} in ${volume.volumeName}`;
  return {
    title,
    lines: [
      `A signed agreement ends if its paper is not published within a year of signature (clause 7). These papers of ${volume.volumeName} (volume ${volume.volumeNumber}) are signed but not yet recorded as published:`,
      ...listed.map(describe),
      ...(more > 0 ? [`…and ${countOf(more, 'more paper')}, listed on the volume page.`] : []),
      lapsed.length
        ? 'A lapsed agreement has ended: record the publication if the paper was published in time, or request a new signature from the volume page before publishing.'
        : 'Record each paper’s publication (or the volume’s) on the volume page once it is out, and these warnings stop.',
    ],
    url: `${publicBaseUrl()}/editor/volumes/${volume.volumeNumber}#clause-7`,
    action: 'Open the volume',
  };
}

/** Renders a queued digest at sending time; null when nothing is at risk any more. */
export async function composeLapseDigest(db: DbOrTx, email: Email, now: Date): Promise<ComposedEmail | null> {
  const payload = email.payload as LapseDigestPayload;
  const rows = await lapsingPapers(db, eq(volumes.id, payload.volumeId), now, { limit: 1000 });
  if (rows.length === 0) return null;
  const notice = lapseDigestNotice(payload, rows, now);
  const rendered = await renderEmail(createElement(EditorNoticeEmail, { publisher: getEnv().PUBLISHER_NAME, ...notice }));
  return { subject: `${notice.title} (volume ${payload.volumeNumber})`, ...rendered };
}
