import 'server-only';

import { sql } from 'drizzle-orm';

import { APP_ROLE } from '@/db/app-role';
import { getDatabase, queryRows } from '@/db/client';
import { publishShippedAgreementIfNone } from '@/lib/agreements/publish-agreement-version';
import { readShippedAgreementSource } from '@/lib/agreements/shipped-agreement';
import { ConfigurationError, getEnv, isStrictProduction, runtimeEnvProblems } from '@/lib/env';
import { startWorkers } from '@/lib/jobs/workers';
import { registerCurrentSealKey } from '@/lib/evidence/seal-key-ring';

export { APP_ROLE };

/**
 * Readies the database for the portal: applies migrations (on open), records the sealing key
 * in the key ring, and on an empty database publishes the shipped agreement. The web server
 * (instrumentation.ts), every command and the tests call this; it is idempotent.
 */
export async function prepareDatabase(): Promise<void> {
  const { db } = await getDatabase();
  // Every audit event is sealed, so publishing (an audit event) needs the key. Without one
  // (`npm run db:migrate` as the owner, say) the migrations are all: the server's start,
  // which always has SIGNING_KEY, records the key and publishes.
  if (!process.env.SIGNING_KEY) return;
  await registerCurrentSealKey(db);
  await publishShippedAgreementIfNone(await readShippedAgreementSource());
}

/**
 * Why the database login may not run the portal in production: a superuser or the owner of
 * the evidence tables can disable the triggers that keep evidence append-only. The login
 * (session_user) is what counts: every connection also sets APP_ROLE, but a login that owns
 * the tables could set it back.
 */
export async function databaseRoleProblems(): Promise<string[]> {
  const { db, driver } = await getDatabase();
  if (driver !== 'postgres') return [];
  const [role] = queryRows<{ name: string; isSuperuser: boolean; isOwner: boolean; isAppRole: boolean }>(
    await db.execute(sql`
      select session_user as "name",
             (select rolsuper from pg_roles where rolname = session_user) as "isSuperuser",
             exists (select 1 from pg_tables where schemaname = current_schema() and tablename = 'signatures'
                     and pg_has_role(session_user, tableowner, 'USAGE')) as "isOwner",
             exists (select 1 from pg_roles where rolname = ${APP_ROLE})
               and pg_has_role(session_user, ${APP_ROLE}, 'USAGE') as "isAppRole"`),
  );
  if (!role) return [];
  const useAppRole =
    `run the portal as a login role in ${APP_ROLE} (CREATE ROLE portal LOGIN PASSWORD '…' IN ROLE ${APP_ROLE}), ` +
    'set DATABASE_URL to it and MIGRATIONS_DATABASE_URL to the owner';
  if (role.isSuperuser) return [`DATABASE_URL connects as "${role.name}", a PostgreSQL superuser: ${useAppRole}`];
  if (role.isOwner) return [`DATABASE_URL connects as "${role.name}", the owner of the evidence tables: ${useAppRole}`];
  if (!role.isAppRole) return [`DATABASE_URL connects as "${role.name}", which is not a member of ${APP_ROLE}: ${useAppRole}`];
  return [];
}

/**
 * The production server's start: refuses, naming each problem, when the configuration or the
 * database login is unsafe; then prepares the database. Throws ConfigurationError.
 */
export async function startPortal(): Promise<void> {
  const problems = runtimeEnvProblems();
  if (problems.length > 0) throw new ConfigurationError(problems);
  if (isStrictProduction()) {
    const roleProblems = await databaseRoleProblems();
    if (roleProblems.length > 0) throw new ConfigurationError(roleProblems);
  }
  await prepareDatabase();
  // The queue's workers: email delivery and the reminder schedule (or `npm run worker`).
  if (getEnv().WORKERS === 'in-process') await startWorkers();
}

/** For instrumentation.ts: start, or say why not and end the process (exit code 1). */
export async function startPortalOrExit(): Promise<void> {
  try {
    await startPortal();
  } catch (error) {
    console.error(`\nRefusing to start. ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
