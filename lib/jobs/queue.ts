import 'server-only';

import { sql, type SQL } from 'drizzle-orm';
import PgBoss from 'pg-boss';

import { APP_ROLE } from '@/db/app-role';
import { getEnv } from '@/lib/env';
import { beforeDatabaseCloses, getDatabase, queryRows, type DatabaseHandle, type DbOrTx } from '@/db/client';

// The portal's job queue is pg-boss (decision 006): jobs live in PostgreSQL beside the data
// they belong to, so a job is written in the same transaction as its event and survives any
// restart; pg-boss fetches with SKIP LOCKED, so two portal processes never take the same job.
// Its schema is created by our migrations (db/migrations/0006_…): the app role may not run DDL.

export const EMAIL_QUEUE = 'email';
export const REMINDERS_QUEUE = 'reminders';
export const CHECKPOINT_QUEUE = 'checkpoints';
export const WEBHOOK_QUEUE = 'webhook';
export const LAPSE_DIGEST_QUEUE = 'lapse-digest';
export const PURGE_QUEUE = 'purge';
export const QUEUE_SCHEMA = 'pgboss';

export type EmailJob = { emailId: string };

type BossDb = { executeSql: (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }> };

/**
 * pg-boss's database interface over a Drizzle connection or transaction: a job inserted through
 * it commits or rolls back with the caller's transaction. pg-boss writes `$1`-style SQL; each
 * placeholder becomes a Drizzle parameter.
 */
export function queueDbFor(db: DbOrTx): BossDb {
  return {
    async executeSql(text, values = []) {
      return { rows: queryRows(await db.execute(withParameters(text, values))) };
    },
  };
}

function withParameters(text: string, values: unknown[]): SQL {
  const chunks: SQL[] = [];
  let last = 0;
  for (const match of text.matchAll(/\$(\d+)/g)) {
    chunks.push(sql.raw(text.slice(last, match.index)));
    chunks.push(sql`${values[Number(match[1]) - 1] ?? null}`);
    last = match.index + match[0].length;
  }
  chunks.push(sql.raw(text.slice(last)));
  return sql.join(chunks);
}

/** startAfter: an ISO time ending in Z (pg-boss reads other strings as an interval). */
export type NewJob = {
  name: string;
  data: object;
  startAfter?: string;
  singletonKey?: string;
  expireInSeconds?: number;
  retryLimit?: number;
  retryDelay?: number;
  retryBackoff?: boolean;
};

const globalForWriter = globalThis as unknown as { __portalQueueWriter?: PgBoss };

/**
 * Adds jobs to the queue inside the caller's transaction (one statement for any number). The
 * writer is a pg-boss that is never started: it only builds the insert, which runs on `tx`.
 * (Waiting here for the started queue could deadlock PGlite, whose one connection the caller's
 * transaction holds.)
 */
export async function enqueueJobs(tx: DbOrTx, jobs: NewJob[]): Promise<void> {
  if (jobs.length === 0) return;
  const writer = (globalForWriter.__portalQueueWriter ??= new PgBoss({
    schema: QUEUE_SCHEMA,
    migrate: false,
    db: { executeSql: () => Promise.reject(new Error('the queue writer only writes through a transaction')) },
  }));
  await writer.insert(jobs, { db: queueDbFor(tx) });
}

const globalForQueue = globalThis as unknown as { __portalQueue?: Promise<PgBoss> };

/**
 * The process's pg-boss, started (maintenance and cron included) but with no workers: those
 * start in lib/jobs/workers.ts. On PostgreSQL pg-boss keeps a small pool of its own; on the
 * embedded PGlite it shares the single connection, so the demo runs the same jobs in-process.
 */
export function getQueue(): Promise<PgBoss> {
  globalForQueue.__portalQueue ??= createQueue().catch((error: unknown) => {
    globalForQueue.__portalQueue = undefined;
    throw error;
  });
  return globalForQueue.__portalQueue;
}

async function createQueue(): Promise<PgBoss> {
  const handle = await getDatabase();
  const common = {
    schema: QUEUE_SCHEMA,
    // The schema comes from our migrations; pg-boss checks its version and refuses a mismatch.
    migrate: false,
    // Expired and archived jobs are cleaned up by whichever process gets there first.
    supervise: true,
    schedule: true,
    // A new email is picked up within a second; an idle portal asks once a second.
    pollingIntervalSeconds: 1,
    // Expired jobs (a worker killed mid-send) are noticed within the send timeout.
    maintenanceIntervalSeconds: Math.min(120, getEnv().MAIL_SEND_TIMEOUT_SECONDS),
  };
  const boss =
    handle.driver === 'postgres'
      ? new PgBoss({
          ...common,
          connectionString: process.env.DATABASE_URL,
          max: 4,
          application_name: 'agreement-portal-queue',
          // The restricted role, as every connection of the portal (db/app-role.ts).
          ...(handle.setsAppRole ? { options: `-c role=${APP_ROLE}` } : {}),
        })
      : new PgBoss({ ...common, db: pgliteQueueDb(handle) });
  beforeDatabaseCloses(() => stopQueue());
  boss.on('error', (error: unknown) => console.error('job queue:', error instanceof Error ? error.message : error));
  await boss.start();
  return boss;
}

/**
 * pg-boss over PGlite: parameterised statements through `query`, and its few multi-statement
 * scripts (maintenance, in one BEGIN…COMMIT) through `exec`. PGlite runs one statement at a
 * time, so these simply queue behind the app's own queries and transactions.
 */
function pgliteQueueDb(handle: DatabaseHandle): BossDb {
  const client = handle.pglite;
  if (!client) throw new Error('The job queue needs the embedded database client');
  return {
    async executeSql(text, values = []) {
      if (values.length > 0) {
        const result = await client.query(text, values.map(asQueryParameter));
        return { rows: result.rows };
      }
      const results = await client.exec(text);
      return { rows: results.at(-1)?.rows ?? [] };
    },
  };
}

/** pg-boss hands job data to `$n::jsonb` as an object; PGlite wants it as JSON text. */
function asQueryParameter(value: unknown): unknown {
  if (value === undefined) return null;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return JSON.stringify(value);
  }
  return value;
}

/** Stops the queue (tests and commands): workers finish their current job first. */
export async function stopQueue(options: { graceful?: boolean } = {}): Promise<void> {
  const pending = globalForQueue.__portalQueue;
  globalForQueue.__portalQueue = undefined;
  // Workers belong to the stopped instance (lib/jobs/workers.ts starts them again on demand).
  (globalThis as { __portalWorkers?: unknown }).__portalWorkers = undefined;
  const boss = await pending?.catch(() => null);
  await boss?.stop({ graceful: options.graceful ?? true, wait: true, timeout: 10_000 });
}

/**
 * Copies pg-boss's own retry time onto the rows its failed jobs are about (emails, webhook
 * deliveries), for the delivery logs: `table.next_attempt_at` = the job's start_after, for rows
 * still `retrying`. The job's data holds the row id under `idField`.
 */
export async function recordNextAttempts(
  db: DbOrTx,
  target: { queue: string; table: 'emails' | 'webhook_deliveries'; idField: 'emailId' | 'deliveryId' },
  ids: string[],
): Promise<void> {
  if (ids.length === 0) return;
  await db.execute(sql`
    update ${sql.identifier(target.table)} t set next_attempt_at = j.start_after
      from pgboss.job j
     where j.name = ${target.queue} and j.state = 'retry' and (j.data->>${target.idField})::uuid = t.id
       and t.state = 'retrying' and t.id in (${sql.join(
         ids.map((id) => sql`${id}::uuid`),
         sql`, `,
       )})`);
}
