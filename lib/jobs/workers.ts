import 'server-only';

import { queueDueReminders } from '@/lib/invitations/invite-authors';
import { deliverEmail, describeError, recordNextAttempt } from '@/lib/mail/deliver-email';

import { EMAIL_QUEUE, REMINDERS_QUEUE, getQueue, type EmailJob } from './queue';

/** Every ten minutes; reminders are due by the day, so this is prompt enough and cheap. */
export const REMINDER_SCHEDULE = '*/10 * * * *';
/** Messages one process sends at once (over the SMTP pool's connections). */
const EMAIL_BATCH = 8;

const globalForWorkers = globalThis as unknown as { __portalWorkers?: Promise<void> };

/**
 * Starts this process's workers: email delivery and the reminder schedule. The web server
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
  await boss.work<EmailJob>(EMAIL_QUEUE, { batchSize: EMAIL_BATCH, includeMetadata: true }, async (jobs) => {
    const failures: { jobId: string; emailId: string; error: unknown }[] = [];
    await Promise.all(
      jobs.map(async (job) => {
        try {
          const result = await deliverEmail(job.data.emailId, { finalAttempt: job.retryCount >= job.retryLimit });
          if (result.outcome === 'deferred') {
            // The sending rate is used up: the same message, later, without spending a retry.
            await boss.send(EMAIL_QUEUE, job.data, { startAfter: result.retryAt });
          }
        } catch (error) {
          failures.push({ jobId: job.id, emailId: job.data.emailId, error });
        }
      }),
    );
    for (const failure of failures) {
      await boss.fail(EMAIL_QUEUE, failure.jobId, { message: describeError(failure.error) });
    }
    await recordNextAttempt(failures.map((failure) => failure.emailId));
  });
  await boss.work(REMINDERS_QUEUE, async () => {
    await queueDueReminders(new Date());
  });
  await boss.schedule(REMINDERS_QUEUE, REMINDER_SCHEDULE, undefined, { tz: 'UTC' });
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
}
