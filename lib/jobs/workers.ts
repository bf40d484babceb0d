import 'server-only';

import { purgeExpired } from '@/lib/auth/purge-expired';
import { getEnv } from '@/lib/env';
import { writeCheckpoint } from '@/lib/evidence/checkpoint';
import { queueDueReminders } from '@/lib/invitations/invite-authors';
import { deliverEmail, describeError, recordNextAttempt } from '@/lib/mail/deliver-email';
import { queueLapseDigests } from '@/lib/publication/lapse-digest';
import { ORDER_WAIT_SECONDS, deliverWebhook, recordNextWebhookAttempt } from '@/lib/webhooks/deliver-webhook';
import { webhookJob, type WebhookJob } from '@/lib/webhooks/queue-webhook-events';

import { CHECKPOINT_QUEUE, EMAIL_QUEUE, LAPSE_DIGEST_QUEUE, PURGE_QUEUE, REMINDERS_QUEUE, WEBHOOK_QUEUE, getQueue, type EmailJob } from './queue';

/** Every ten minutes; reminders are due by the day, so this is prompt enough and cheap. */
export const REMINDER_SCHEDULE = '*/10 * * * *';
/** Daily at 02:15 UTC (and after every CHECKPOINT_EVERY_EVENTS audit events); skipped when nothing changed. */
export const CHECKPOINT_SCHEDULE = '15 2 * * *';
/** Hourly: expired sign-in tokens, sessions and rate-limit counters are deleted. */
export const PURGE_SCHEDULE = '7 * * * *';
/** Mondays at 07:00 UTC: each volume's editors get the agreements at risk under clause 7. */
export const LAPSE_DIGEST_SCHEDULE = '0 7 * * 1';
/** Jobs one process takes at a time, and how many of them it sends at once (the SMTP pool's size). */
const EMAIL_BATCH = 32;
export const EMAIL_CONCURRENCY = 8;

const globalForWorkers = globalThis as unknown as { __portalWorkers?: Promise<void> };

/**
 * Starts this process's workers: email delivery, evidence checkpoints and the reminder schedule. The web server
 * starts them (instrumentation.ts) unless WORKERS=off; `npm run worker` runs them alone. Any
 * number of processes may run them against one database: pg-boss hands each job to one of them.
 */
export function startWorkers(): Promise<void> {
  globalForWorkers.__portalWorkers ??= registerWorkers().catch((error: unknown) => {
    globalForWorkers.__portalWorkers = undefined;
    throw error;
  });
  return globalForWorkers.__portalWorkers;
}

async function registerWorkers(): Promise<void> {
  const boss = await getQueue();
  await boss.work<EmailJob>(
    EMAIL_QUEUE,
    { batchSize: EMAIL_BATCH, includeMetadata: true, pollingIntervalSeconds: 0.5 },
    async (jobs) => {
      const failures: { jobId: string; emailId: string; error: unknown }[] = [];
      await eachConcurrently(jobs, EMAIL_CONCURRENCY, async (job) => {
        try {
          const result = await deliverEmail(job.data.emailId, { finalAttempt: job.retryCount >= job.retryLimit });
          if (result.outcome === 'deferred') {
            // The sending rate is used up: the same message, later, without spending a retry.
            await boss.send(EMAIL_QUEUE, job.data, {
              startAfter: result.retryAt,
              expireInSeconds: getEnv().MAIL_SEND_TIMEOUT_SECONDS,
            });
          }
        } catch (error) {
          failures.push({ jobId: job.id, emailId: job.data.emailId, error });
        }
      });
      for (const failure of failures) {
        await boss.fail(EMAIL_QUEUE, failure.jobId, { message: describeError(failure.error) });
      }
      await recordNextAttempt(failures.map((failure) => failure.emailId));
    },
  );
  await boss.work(CHECKPOINT_QUEUE, async () => {
    const outcome = await writeCheckpoint();
    if (!outcome.written && outcome.reason === 'broken')
      throw new Error(`the evidence does not verify: ${outcome.problems[0]}`);
  });
  await boss.schedule(CHECKPOINT_QUEUE, CHECKPOINT_SCHEDULE, undefined, { tz: 'UTC' });
  await boss.work(REMINDERS_QUEUE, async () => {
    await queueDueReminders(new Date());
  });
  await boss.schedule(REMINDERS_QUEUE, REMINDER_SCHEDULE, undefined, { tz: 'UTC' });
  await boss.work<WebhookJob>(
    WEBHOOK_QUEUE,
    { batchSize: 8, includeMetadata: true, pollingIntervalSeconds: 0.5 },
    async (jobs) => {
      const failures: { jobId: string; deliveryId: string; error: unknown }[] = [];
      await eachConcurrently(jobs, 8, async (job) => {
        try {
          const result = await deliverWebhook(job.data.deliveryId, { finalAttempt: job.retryCount >= job.retryLimit });
          if (result.outcome === 'waiting') {
            // An earlier event of the same paper is still on its way: this one follows it.
            const later = webhookJob(job.data.deliveryId);
            await boss.send(WEBHOOK_QUEUE, later.data, {
              ...later,
              startAfter: new Date(Date.now() + ORDER_WAIT_SECONDS * 1000),
            });
          }
        } catch (error) {
          failures.push({ jobId: job.id, deliveryId: job.data.deliveryId, error });
        }
      });
      for (const failure of failures) {
        await boss.fail(WEBHOOK_QUEUE, failure.jobId, { message: describeError(failure.error) });
      }
      await recordNextWebhookAttempt(failures.map((failure) => failure.deliveryId));
    },
  );
  await boss.work(PURGE_QUEUE, async () => {
    await purgeExpired(new Date());
  });
  await boss.schedule(PURGE_QUEUE, PURGE_SCHEDULE, undefined, { tz: 'UTC' });
  await boss.work(LAPSE_DIGEST_QUEUE, async () => {
    await queueLapseDigests(new Date());
  });
  await boss.schedule(LAPSE_DIGEST_QUEUE, LAPSE_DIGEST_SCHEDULE, undefined, { tz: 'UTC' });
}

/** For tests and commands: stop taking jobs (the queue itself is stopped by stopQueue). */
export async function stopWorkers(): Promise<void> {
  const pending = globalForWorkers.__portalWorkers;
  globalForWorkers.__portalWorkers = undefined;
  if (!pending) return;
  await pending.catch(() => {});
  const boss = await getQueue();
  await boss.offWork(EMAIL_QUEUE);
  await boss.offWork(REMINDERS_QUEUE);
  await boss.offWork(WEBHOOK_QUEUE);
  await boss.offWork(LAPSE_DIGEST_QUEUE);
  await boss.offWork(PURGE_QUEUE);
}

/** Runs `work` on every item, at most `limit` at a time. */
async function eachConcurrently<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}
