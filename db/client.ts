import 'server-only';

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { drizzle as drizzlePostgres, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';

import { APP_ROLE } from './app-role';
import { migratePglite, migratePostgres } from './migrate';
import * as schema from './schema';

export type Driver = 'pglite' | 'postgres';

/**
 * Both drivers expose the same Drizzle query API; we type them as one so the domain code
 * never branches on the driver. Raw `execute` results differ, so use `queryRows` for those.
 */
export type Db = PostgresJsDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export type DatabaseHandle = {
  db: Db;
  driver: Driver;
  /** The embedded database's own client (PGlite only), for the job queue's raw SQL. */
  pglite?: import('@electric-sql/pglite').PGlite;
  /** PostgreSQL: whether every connection sets APP_ROLE (the job queue's pool does the same). */
  setsAppRole?: boolean;
  close: () => Promise<void>;
};

const globalForDb = globalThis as unknown as { __portalDb?: Promise<DatabaseHandle> };

/** Where the embedded database lives when DATABASE_URL is not set. */
export function pgliteDataDir(): string {
  return process.env.PGLITE_DATA_DIR ?? path.join(process.cwd(), '.data', 'pglite');
}

async function openPostgres(url: string): Promise<DatabaseHandle> {
  // Migrations run as the schema owner (MIGRATIONS_DATABASE_URL, or the login itself in
  // development); the app itself never runs as the owner: every connection sets APP_ROLE.
  await migratePostgres(process.env.MIGRATIONS_DATABASE_URL ?? url);
  const setsAppRole = await mayUseAppRole(url);
  const client = postgres(url, {
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    connect_timeout: 5,
    onnotice: () => {},
    // Short OLTP queries: JIT compilation costs more (~100 ms) than it ever saves here.
    // role: the restricted role's privileges, set in the startup packet (no window without it).
    connection: { jit: 'off', ...(setsAppRole ? { role: APP_ROLE } : {}) },
  });
  const db = drizzlePostgres({ client, schema, casing: 'snake_case' });
  return { db, driver: 'postgres', setsAppRole, close: () => client.end({ timeout: 5 }) };
}

/**
 * Whether the login may take APP_ROLE (a member, the owner that created it, a superuser). One
 * that may not still connects, as itself: production then refuses to start, naming the problem
 * (lib/startup/start-portal.ts), instead of failing every query with "permission denied".
 */
async function mayUseAppRole(url: string): Promise<boolean> {
  const probe = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    const [row] = await probe<{ may: boolean }[]>`
      select exists (select 1 from pg_roles where rolname = ${APP_ROLE})
             and pg_has_role(session_user, ${APP_ROLE}, 'MEMBER') as may`;
    return row?.may === true;
  } finally {
    await probe.end({ timeout: 5 });
  }
}

async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  // Imported here so that a PostgreSQL deployment never loads the wasm.
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { drizzle: drizzlePglite } = await import('drizzle-orm/pglite');
  if (!dataDir.includes('://')) await mkdir(dataDir, { recursive: true });
  // pg_trgm: the papers' search index (migration 0012).
  const client = await PGlite.create(dataDir, { extensions: { pg_trgm } });
  try {
    await migratePglite(client);
  } catch (error) {
    await client.close().catch(() => {});
    throw error;
  }
  const db = drizzlePglite({ client, schema, casing: 'snake_case' }) as unknown as Db;
  return { db, driver: 'pglite', pglite: client, close: () => client.close() };
}

async function open(): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL;
  return url ? openPostgres(url) : openPglite(pgliteDataDir());
}

/**
 * The process-wide database, opened (and migrated) on first use. Lazy so that `next build`
 * workers, which import this module, never open PGlite's data directory.
 */
export function getDatabase(): Promise<DatabaseHandle> {
  globalForDb.__portalDb ??= open().catch((error: unknown) => {
    globalForDb.__portalDb = undefined;
    throw error;
  });
  return globalForDb.__portalDb;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

const closeHooks = globalThis as unknown as { __portalDbCloseHooks?: Set<() => Promise<void>> };

/** Something to stop before the database closes (the job queue, which shares it). */
export function beforeDatabaseCloses(hook: () => Promise<void>): void {
  (closeHooks.__portalDbCloseHooks ??= new Set()).add(hook);
}

/** Closes the process-wide database (CLI commands and tests), after whatever uses it. */
export async function closeDatabase(): Promise<void> {
  for (const hook of closeHooks.__portalDbCloseHooks ?? []) await hook();
  const pending = globalForDb.__portalDb;
  globalForDb.__portalDb = undefined;
  if (pending) await (await pending.catch(() => null))?.close();
}

/** Rows of a raw `db.execute(sql…)`, whichever driver ran it. */
export function queryRows<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
