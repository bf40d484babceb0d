// npm run bench:mail: how fast invitations are queued and delivered. Seeds a volume whose 5,000
// papers have 5,000 different corresponding authors on a fresh PostgreSQL database, times the
// invitation (one transaction writing 5,000 emails and their queue jobs), then delivers them
// all to a local SMTP sink and reports emails per second, with one worker process and with two.
// A benchmark, not a test: it prints its numbers and writes them into docs/benchmarks.md.
import './cli-env';

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import { eq } from 'drizzle-orm';
import postgres from 'postgres';

import { closeDatabase, getDatabase, getDb } from '@/db/client';
import { volumes } from '@/db/schema';
import { inviteAuthors } from '@/lib/invitations/invite-authors';
import { importPapers } from '@/lib/papers/import-papers';
import { prepareDatabase } from '@/lib/startup/start-portal';

import { startSmtpSink } from '../e2e/support/smtp-sink';
import { seedUser } from '../tests/factories';
import { createRoleDatabase } from '../tests/restricted-roles';

import { machineHeading, writeBenchmarkSection } from './benchmark-report';

const AUTHORS = Number(process.env.BENCH_AUTHORS ?? 5_000);
const SMTP_PORT = Number(process.env.BENCH_SMTP_PORT ?? 2625);

async function prepare(serverUrl: string) {
  const database = await createRoleDatabase(serverUrl, 'benchmail');
  process.env.MIGRATIONS_DATABASE_URL = database.ownerUrl;
  process.env.DATABASE_URL = database.adminUrl;
  await getDatabase();
  await prepareDatabase();
  await database.createAppRole();
  const volume = 5_151;
  await importPapers(
    await getDb(),
    Array.from({ length: AUTHORS }, (_, index) => ({
      line: index + 2,
      volume,
      paperKey: `bench${String(index).padStart(5, '0')}`,
      title: `Queueing Mail at Scale, Part ${index + 1}`,
      authors: [`Author ${index + 1}`, 'Co Author'],
      correspondingAuthorName: `Author ${index + 1}`,
      correspondingAuthorEmail: `author${index}@bench.example.org`,
    })),
    { volumeNames: { [volume]: 'Mail Benchmark' }, actor: { userId: null, email: null, source: 'command line' } },
  );
  await (await getDb()).update(volumes).set({ signingDeadline: '2099-01-31' }).where(eq(volumes.number, volume));
  const editor = await seedUser('bench-editor@example.org', 'editor', [volume]);
  return { database, volume, editor };
}

function startWorker(appUrl: string, ownerUrl: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', '--import', './scripts/server-only-hook.mjs', 'scripts/worker.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: appUrl,
      MIGRATIONS_DATABASE_URL: ownerUrl,
      EMAIL_SERVER: `smtp://127.0.0.1:${SMTP_PORT}`,
      MAIL_RATE_PER_MINUTE: '100000',
      // A portal of the benchmark's own: any secret will do if this machine has none yet.
      AUTH_SECRET: process.env.AUTH_SECRET ?? randomBytes(32).toString('base64'),
      NODE_ENV: 'production',
      DEMO: '1',
    },
    stdio: 'ignore',
  });
}

async function deliver(workers: number, serverUrl: string) {
  const { database, volume, editor } = await prepare(serverUrl);
  const started = performance.now();
  const result = await inviteAuthors(
    editor,
    { volumeNumber: volume, scope: 'not-invited', requestId: crypto.randomUUID() },
    { ipAddress: '127.0.0.1', userAgent: 'bench-mail', sessionIdHash: null },
  );
  const enqueueMs = performance.now() - started;
  if (result.emails !== AUTHORS) throw new Error(`queued ${result.emails}, expected ${AUTHORS}`);
  await closeDatabase();

  const sink = await startSmtpSink({ smtpPort: SMTP_PORT, httpPort: SMTP_PORT + 1 });
  const sql = postgres(database.adminUrl, { max: 1, onnotice: () => {} });
  const processes = Array.from({ length: workers }, () => startWorker(database.appUrl, database.ownerUrl));
  let firstAt: number | null = null;
  const deliveryStart = performance.now();
  try {
    for (;;) {
      const [row] = await sql<{ sent: number }[]>`select count(*)::int as sent from emails where state = 'sent'`;
      if (firstAt === null && sink.messages.length > 0) firstAt = performance.now();
      if (row!.sent >= AUTHORS) break;
      if (performance.now() - deliveryStart > 30 * 60_000) throw new Error('delivery took over 30 minutes');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    for (const worker of processes) worker.kill('SIGTERM');
    await Promise.all(processes.map((worker) => new Promise((resolve) => worker.once('exit', resolve))));
    await sql.end();
    await sink.close();
  }
  const lastAt = performance.now();
  const unique = new Set(sink.messages.map((message) => message.messageId)).size;
  if (sink.messages.length !== AUTHORS || unique !== AUTHORS) {
    throw new Error(`sink received ${sink.messages.length} messages (${unique} distinct) for ${AUTHORS} emails`);
  }
  await database.drop();
  return {
    workers,
    enqueueMs,
    // From the first worker's start (includes its start-up) and from the first message received.
    perSecond: AUTHORS / ((lastAt - deliveryStart) / 1000),
    steadyPerSecond: AUTHORS / ((lastAt - (firstAt ?? deliveryStart)) / 1000),
    totalSeconds: (lastAt - deliveryStart) / 1000,
  };
}

async function main() {
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const results = [];
  for (const workers of [1, 2]) {
    console.log(`Queueing ${AUTHORS.toLocaleString('en')} invitations and delivering them with ${workers} worker process(es)…`);
    results.push(await deliver(workers, serverUrl));
  }
  const table = [
    await machineHeading('Email queue (`npm run bench:mail`)', serverUrl),
    '',
    `${AUTHORS.toLocaleString('en')} papers with as many corresponding authors: "Invite authors" queues one email each (rows in \`emails\`, \`email_papers\` and pg-boss jobs, one transaction); worker processes (\`npm run worker\`, as the restricted role) render each email with React Email, give it a personal sign-in link and hand it to a local SMTP sink (\`MAIL_RATE_PER_MINUTE\` lifted). Every email arrived exactly once (checked by Message-ID).`,
    '',
    '| workers | time to enqueue | delivered in | emails / s (incl. start-up) | emails / s (first to last) |',
    '| ---: | ---: | ---: | ---: | ---: |',
    ...results.map(
      (result) =>
        `| ${result.workers} | ${(result.enqueueMs / 1000).toFixed(2)} s | ${result.totalSeconds.toFixed(1)} s | ${result.perSecond.toFixed(0)} | ${result.steadyPerSecond.toFixed(0)} |`,
    ),
  ].join('\n');
  await writeBenchmarkSection('mail', table);
  process.exit(0);
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  await closeDatabase();
  process.exit(1);
});
