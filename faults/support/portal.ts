// A portal of the fault tests' own, as production runs it: a fresh PostgreSQL database with the
// demo seed, the restricted app role, one or more `next start` processes of the same build on one
// database (sharing AUTH_SECRET, SIGNING_KEY and NEXT_SERVER_ACTIONS_ENCRYPTION_KEY), and a real
// SMTP sink. Each spec file starts one and stops it; nothing is shared with `npm test`'s portal.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';

import postgres from 'postgres';

import { startSmtpSink } from '../../e2e/support/smtp-sink';
import { AUTHOR_SESSION_SECONDS } from '../../lib/auth/session-policy';
import { freshSigningKey } from '../../tests/fresh-test-resources';
import { createRoleDatabase } from '../../tests/restricted-roles';

export type Sql = ReturnType<typeof postgres>;

export type Portal = {
  /** One base URL per instance, e.g. http://localhost:3701. */
  urls: string[];
  /** The server's superuser on this portal's database: tests seed, inspect and inject faults with it. */
  sql: Sql;
  /** The database's own URLs (owner for commands such as audit:verify). */
  ownerUrl: string;
  /** The PID of each instance's `next start`. */
  pids: number[];
  stop: () => Promise<void>;
};

const serverUrl = () => process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function startPortal({
  basePort,
  instances = 1,
  env: extraEnv = {},
}: {
  basePort: number;
  instances?: number;
  env?: Record<string, string>;
}): Promise<Portal> {
  const database = await createRoleDatabase(serverUrl(), 'faults');
  const sink = await startSmtpSink({ smtpPort: basePort + 50, httpPort: basePort + 51 });
  const urls = Array.from({ length: instances }, (_, index) => `http://localhost:${basePort + index}`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.appUrl,
    MIGRATIONS_DATABASE_URL: database.ownerUrl,
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    SIGNING_KEY: freshSigningKey(),
    // What two instances must share (README, "More than one portal process").
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    AUTH_URL: urls[0],
    EMAIL_SERVER: `smtp://127.0.0.1:${basePort + 50}`,
    EMAIL_FROM: 'PMLR Agreements <agreements@example.org>',
    ADMIN_EMAILS: '',
    DEMO: '1',
    ...extraEnv,
  };
  const migrate = spawnSync('./node_modules/.bin/tsx', ['--conditions=react-server', 'scripts/migrate.ts'], {
    env: { ...env, DATABASE_URL: database.ownerUrl },
    stdio: 'inherit',
  });
  if (migrate.status !== 0) throw new Error('migrating the fault test database failed');
  await database.createAppRole();
  const seed = spawnSync('./node_modules/.bin/tsx', ['--conditions=react-server', 'db/seed.ts'], { env, stdio: 'inherit' });
  if (seed.status !== 0) throw new Error('seeding the fault test database failed');

  const servers: ChildProcess[] = urls.map((url) =>
    spawn('./node_modules/.bin/next', ['start', '-H', '127.0.0.1', '-p', new URL(url).port], { env: { ...env, PORT: new URL(url).port }, stdio: ['ignore', 'inherit', 'inherit'] }),
  );
  await Promise.all(urls.map((url) => waitForHealth(url)));
  const sql = postgres(database.adminUrl, { max: 4, onnotice: () => {} });
  return {
    urls,
    sql,
    ownerUrl: database.ownerUrl,
    pids: servers.map((server) => server.pid!),
    stop: async () => {
      await Promise.all(servers.map((server) => stopProcess(server)));
      await sql.end({ timeout: 5 }).catch(() => {});
      await sink.close();
      await database.drop();
    },
  };
}

async function waitForHealth(url: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not become healthy`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** A session for this address, as a magic link would make one; returns the cookie to send. */
export async function sessionFor(sql: Sql, email: string): Promise<string> {
  const [user] = await sql<{ id: string }[]>`
    insert into users (id, email) values (${crypto.randomUUID()}, ${email.toLowerCase()})
    on conflict (email) do update set email = excluded.email
    returning id`;
  const token = randomBytes(32).toString('hex');
  // As Auth.js makes one at sign-in: valid for the author session's full length. (One expiring
  // sooner is renewed, a write, on its first request, which a real fresh session is not.)
  await sql`insert into sessions (session_token, user_id, expires) values (${token}, ${user!.id}, now() + ${AUTHOR_SESSION_SECONDS} * interval '1 second')`;
  return token;
}

export type SeedPaper = { id: string; email: string; name: string };

/**
 * Seeded papers whose corresponding author has no other paper (so a session signs exactly that
 * one), by paper key: `count` of them from `offset`.
 */
export async function soleAuthorPapers(sql: Sql, count: number, offset = 0): Promise<SeedPaper[]> {
  return sql<SeedPaper[]>`
    select id, corresponding_author_email as email, corresponding_author_name as name from papers
    where corresponding_author_email in (select corresponding_author_email from papers group by 1 having count(*) = 1)
    order by paper_key offset ${offset} limit ${count}`;
}
