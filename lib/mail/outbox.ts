import 'server-only';

import { and, inArray } from 'drizzle-orm';

import type { DbOrTx } from '@/db/client';
import { emailPapers, emails, type EmailKind } from '@/db/schema';
import { getEnv } from '@/lib/env';
import { EMAIL_QUEUE, enqueueJobs, type EmailJob, type NewJob } from '@/lib/jobs/queue';

export type OutgoingEmail = {
  /** One event, one email: a second message with the same key is dropped, whoever sends it. */
  idempotencyKey: string;
  kind: EmailKind;
  recipient: string;
  volumeId?: number | null;
  paperIds?: string[];
  payload?: Record<string, unknown>;
  requestedByUserId?: string | null;
  /** When it was queued, if not now (the reminder schedule passes its own clock). */
  createdAt?: Date;
};

/**
 * The queue job that sends one message. It expires (and goes to another worker) when a send
 * outlasts MAIL_SEND_TIMEOUT_SECONDS, e.g. because its worker was killed.
 */
export function emailJob(emailId: string): NewJob {
  return {
    name: EMAIL_QUEUE,
    data: { emailId } satisfies EmailJob,
    expireInSeconds: getEnv().MAIL_SEND_TIMEOUT_SECONDS,
  };
}

// Rows per INSERT: well under PostgreSQL's 65,535 parameters at 8 columns a row.
const CHUNK = 1_000;

/**
 * Queues emails inside the caller's transaction: the message rows, the papers they are about,
 * and one job each on the queue, all committing (or not) with the event that asked for them.
 * Returns the ids of the messages actually queued; a repeated idempotency key queues nothing.
 */
export async function queueEmails(tx: DbOrTx, messages: OutgoingEmail[]): Promise<string[]> {
  const queued: string[] = [];
  for (let start = 0; start < messages.length; start += CHUNK) {
    const chunk = messages.slice(start, start + CHUNK);
    const inserted = await tx
      .insert(emails)
      .values(
        chunk.map((message) => ({
          idempotencyKey: message.idempotencyKey,
          kind: message.kind,
          recipient: message.recipient.toLowerCase(),
          volumeId: message.volumeId ?? null,
          payload: message.payload ?? {},
          requestedByUserId: message.requestedByUserId ?? null,
          ...(message.createdAt ? { createdAt: message.createdAt } : {}),
        })),
      )
      .onConflictDoNothing({ target: emails.idempotencyKey })
      .returning({ id: emails.id, idempotencyKey: emails.idempotencyKey });
    if (inserted.length === 0) continue;
    const idByKey = new Map(inserted.map((row) => [row.idempotencyKey, row.id]));
    const links = chunk.flatMap((message) => {
      const emailId = idByKey.get(message.idempotencyKey);
      return emailId ? (message.paperIds ?? []).map((paperId) => ({ emailId, paperId })) : [];
    });
    for (let linkStart = 0; linkStart < links.length; linkStart += CHUNK * 4) {
      await tx.insert(emailPapers).values(links.slice(linkStart, linkStart + CHUNK * 4));
    }
    await enqueueJobs(
      tx,
      inserted.map((row) => emailJob(row.id)),
    );
    queued.push(...inserted.map((row) => row.id));
  }
  return queued;
}

/** Puts failed or waiting messages back on the queue now ("retry now"); the claim in deliverEmail keeps it to one send. */
export async function requeueEmails(tx: DbOrTx, emailIds: string[]): Promise<number> {
  if (emailIds.length === 0) return 0;
  const reset = await tx
    .update(emails)
    .set({ state: 'queued', nextAttemptAt: null })
    .where(and(inArray(emails.id, emailIds), inArray(emails.state, ['failed', 'retrying'])))
    .returning({ id: emails.id });
  await enqueueJobs(
    tx,
    reset.map((row) => emailJob(row.id)),
  );
  return reset.length;
}
