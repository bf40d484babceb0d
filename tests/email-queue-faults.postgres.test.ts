// The email queue under faults, on PostgreSQL with real worker processes (`npm run worker`,
// as the restricted app role) and a real SMTP server: a server that refuses for a while, a
// worker killed mid-queue, two workers sharing one database. Each test has its own database.
import { spawn, type ChildProcess } from 'node:child_process';

import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';

import { closeDatabase, getDatabase, getDb } from '@/db/client';
import { volumes } from '@/db/schema';
import { startSmtpSink } from '@/e2e/support/smtp-sink';
import { inviteAuthors } from '@/lib/invitations/invite-authors';
import { prepareDatabase } from '@/lib/startup/start-portal';

import { paperRow, seedPapers, seedUser, testRequestContext } from './factories';
import { createRoleDatabase, type RoleDatabase } from './restricted-roles';

const serverUrl = process.env.TEST_POSTGRES_URL!;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

/** How long a worker may take to send one message before another may claim it. */
const WORKER_SEND_TIMEOUT_SECONDS = '10';

type Portal = {
  database: RoleDatabase;
  sql: ReturnType<typeof postgres>;
  sink: Awaited<ReturnType<typeof startSmtpSink>>;
};

/** A production-like database with `count` papers invited (one email each), and a mail sink. */
async function invitedVolume(count: number): Promise<Portal> {
  const database = await createRoleDatabase(serverUrl, 'mailfault');
  cleanups.push(() => database.drop());
  // This test process seeds through the domain code, connected as the superuser; the workers
  // below connect as the app role.
  await closeDatabase();
  process.env.MIGRATIONS_DATABASE_URL = database.ownerUrl;
  process.env.DATABASE_URL = database.adminUrl;
  await getDatabase();
  await prepareDatabase();
  await database.createAppRole();
  // The jobs take their expiry from the queuing process's MAIL_SEND_TIMEOUT_SECONDS: the same
  // 10 s the workers below claim a message for, as when the web process and a worker share one
  // configuration. (Queued with the default 120 s, a killed worker's jobs waited two minutes.)
  const sendTimeout = process.env.MAIL_SEND_TIMEOUT_SECONDS;
  process.env.MAIL_SEND_TIMEOUT_SECONDS = WORKER_SEND_TIMEOUT_SECONDS;
  cleanups.push(async () => {
    if (sendTimeout === undefined) delete process.env.MAIL_SEND_TIMEOUT_SECONDS;
    else process.env.MAIL_SEND_TIMEOUT_SECONDS = sendTimeout;
  });
  const number = 4_000 + Math.floor(Math.random() * 1_000);
  await seedPapers(
    Array.from({ length: count }, (_, index) =>
      paperRow({ volume: number, correspondingAuthorEmail: `fault${index}@example.org` }),
    ),
  );
  await (await getDb()).update(volumes).set({ signingDeadline: '2099-06-30' }).where(eq(volumes.number, number));
  const editor = await seedUser(`fault-editor-${number}@example.org`, 'editor', [number]);
  const result = await inviteAuthors(
    editor,
    { volumeNumber: number, scope: 'not-invited', requestId: crypto.randomUUID() },
    testRequestContext,
  );
  expect(result.emails).toBe(count);
  await closeDatabase();

  // Free ports the system picks: a random one could be an outgoing connection's (the ephemeral
  // range starts at 32768), and a sink that cannot listen must fail the test at once.
  const sink = await startSmtpSink();
  cleanups.push(() => sink.close());
  const sql = postgres(database.adminUrl, { max: 1, onnotice: () => {} });
  cleanups.push(() => sql.end());
  return { database, sql, sink };
}

function startWorker(portal: Portal): ChildProcess {
  // Node itself (not the tsx wrapper, which would survive as a parent) so SIGKILL kills the worker.
  const worker = spawn(
    process.execPath,
    ['--import', 'tsx', '--import', './scripts/server-only-hook.mjs', 'scripts/worker.ts'],
    {
      env: {
        ...process.env,
        DATABASE_URL: portal.database.appUrl,
        MIGRATIONS_DATABASE_URL: portal.database.ownerUrl,
        EMAIL_SERVER: `smtp://127.0.0.1:${portal.sink.smtpPort}`,
        MAIL_RATE_PER_MINUTE: '100000',
        MAIL_SEND_TIMEOUT_SECONDS: WORKER_SEND_TIMEOUT_SECONDS,
        NODE_ENV: 'production',
        DEMO: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  worker.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  worker.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  cleanups.push(async () => {
    if (worker.exitCode === null) worker.kill('SIGKILL');
  });
  Object.defineProperty(worker, 'output', { get: () => output });
  return worker;
}

async function states(sql: Portal['sql']): Promise<Record<string, number>> {
  const rows = await sql<
    { state: string; count: number }[]
  >`select state::text, count(*)::int as count from emails group by state`;
  return Object.fromEntries(rows.map((row) => [row.state, row.count]));
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Every invitation arrived exactly once: one message per author, no Message-ID twice. */
function expectEachOnce(portal: Portal, count: number): void {
  const recipients = portal.sink.messages.flatMap((message) => message.to).sort();
  expect(recipients).toEqual(Array.from({ length: count }, (_, index) => `fault${index}@example.org`).sort());
  expect(new Set(portal.sink.messages.map((message) => message.messageId)).size).toBe(count);
}

describe('the email queue under faults (PostgreSQL, worker processes)', () => {
  it('retries while the SMTP server refuses, then delivers every email exactly once', async () => {
    const portal = await invitedVolume(25);
    portal.sink.setRefusing(true);
    startWorker(portal);
    await waitFor('every email to have failed once', async () => (await states(portal.sql)).retrying === 25, 60_000);
    const [failure] = await portal.sql<{ last_error: string; next_attempt_at: Date | null }[]>`
      select last_error, next_attempt_at from emails limit 1`;
    expect(failure!.last_error).toMatch(/421/);
    expect(portal.sink.messages).toHaveLength(0);

    portal.sink.setRefusing(false);
    await waitFor('every email to be sent', async () => (await states(portal.sql)).sent === 25, 200_000);
    expectEachOnce(portal, 25);
  }, 240_000);

  it('loses nothing and sends nothing twice when a worker is killed mid-queue', async () => {
    const portal = await invitedVolume(60);
    portal.sink.holdAfter(20);
    const first = startWorker(portal);
    await waitFor(
      '20 sent and more in flight',
      async () => portal.sink.messages.length === 20 && portal.sink.heldCount() > 0,
      60_000,
    );
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    await waitFor("the killed worker's connections to close", async () => portal.sink.heldConnected() === 0, 10_000);
    // The killed worker's messages in flight were never answered: not delivered.
    portal.sink.release();
    expect(portal.sink.messages).toHaveLength(20);
    const afterKill = await states(portal.sql);
    expect(afterKill.sending).toBeGreaterThan(0);

    startWorker(portal);
    await waitFor('every email to be sent', async () => (await states(portal.sql)).sent === 60, 240_000);
    expectEachOnce(portal, 60);
  }, 300_000);

  it('sends each email once when two portal processes share the database', async () => {
    const portal = await invitedVolume(120);
    const workers = [startWorker(portal), startWorker(portal)];
    await waitFor('every email to be sent', async () => (await states(portal.sql)).sent === 120, 120_000);
    expectEachOnce(portal, 120);
    // Both took part: pg-boss handed jobs to each (their queue connections are named apart only by pid).
    const outputs = workers.map((worker) => (worker as ChildProcess & { output: string }).output);
    for (const output of outputs) expect(output).toContain('Worker running on PostgreSQL');
  }, 180_000);
});
