import 'server-only';

import { sql } from 'drizzle-orm';

import { getDatabase, queryRows } from '@/db/client';
import { publishShippedAgreementIfNone } from '@/lib/agreements/publish-agreement-version';
import { readShippedAgreementSource } from '@/lib/agreements/shipped-agreement';
import { ConfigurationError, getEnv, isStrictProduction, runtimeEnvProblems } from '@/lib/env';
import { startWorkers } from '@/lib/jobs/workers';
import { registerCurrentSealKey } from '@/lib/evidence/seal-key-ring';

/** The role the migrations create; the portal runs as a login role that is a member of it. */
export const APP_ROLE = 'agreement_portal_app';

/**
 * Readies the database for the portal: applies migrations (on open), records the sealing key
 * in the key ring, and on an empty database publishes the shipped agreement. The web server
 * (instrumentation.ts), every command and the tests call this; it is idempotent.
 */
export async function prepareDatabase(): Promise<void> {
  const { db } = await getDatabase();
  // Signing registers its key too; a command run without SIGNING_KEY (an import) needs none.
  if (process.env.SIGNING_KEY) await registerCurrentSealKey(db);
  await publishShippedAgreementIfNone(await readShippedAgreementSource());
}

/**
 * Why the database login may not run the portal in production: a superuser or the owner of
 * the evidence tables can disable the triggers that keep evidence append-only.
 */
export async function databaseRoleProblems(): Promise<string[]> {
  const { db, driver } = await getDatabase();
  if (driver !== 'postgres') return [];
  const [role] = queryRows<{ name: string; isSuperuser: boolean; isOwner: boolean; isAppRole: boolean }>(
    await db.execute(sql`
      select current_user as "name",
             (select rolsuper from pg_roles where rolname = current_user) as "isSuperuser",
             exists (select 1 from pg_tables where schemaname = current_schema() and tablename = 'signatures'
                     and pg_has_role(current_user, tableowner, 'USAGE')) as "isOwner",
             exists (select 1 from pg_roles where rolname = ${APP_ROLE})
               and pg_has_role(current_user, ${APP_ROLE}, 'USAGE') as "isAppRole"`),
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
