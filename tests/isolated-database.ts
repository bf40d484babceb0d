// A database of a test's own, for tests that tamper with evidence: each starts from an empty,
// migrated database, so no test depends on what another broke. `owner` runs SQL as the
// database's owner (a superuser here: PostgreSQL's login of the test server, PGlite's only
// user), the role the portal itself never runs as.
import postgres from 'postgres';
import { afterAll } from 'vitest';

import { closeDatabase, getDatabase } from '@/db/client';
import { prepareDatabase } from '@/lib/startup/start-portal';

import { createFreshPostgresDatabase } from './fresh-test-resources';

const drops: (() => Promise<void>)[] = [];

afterAll(async () => {
  await closeDatabase();
  for (const drop of drops) await drop();
});

export type IsolatedDatabase = {
  /** Runs statements as the owner, outside the portal's connections. */
  owner: (statements: string) => Promise<void>;
  /** Reads as the owner. */
  ownerQuery: <T>(statement: string) => Promise<T[]>;
};

/** The owner of the database the portal has open now (the test file's own, or a command's). */
export async function currentOwner(): Promise<IsolatedDatabase> {
  const handle = await getDatabase();
  if (handle.driver === 'pglite') {
    return {
      owner: async (statements) => void (await (await getDatabase()).pglite!.exec(statements)),
      ownerQuery: async <T>(statement: string) => (await (await getDatabase()).pglite!.query<T>(statement)).rows,
    };
  }
  const sql = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  drops.unshift(() => sql.end());
  return {
    owner: async (statements) => void (await sql.unsafe(statements)),
    ownerQuery: async <T>(statement: string) => (await sql.unsafe(statement)) as unknown as T[],
  };
}

export async function isolatedDatabase(purpose: string): Promise<IsolatedDatabase> {
  await closeDatabase();
  if (process.env.TEST_DRIVER === 'postgres') {
    const fresh = await createFreshPostgresDatabase(process.env.TEST_POSTGRES_URL!, purpose);
    process.env.DATABASE_URL = fresh.url;
    const sql = postgres(fresh.url, { max: 1, onnotice: () => {} });
    drops.push(async () => {
      await sql.end();
      await fresh.drop();
    });
    await getDatabase();
    await prepareDatabase();
    return {
      owner: async (statements) => void (await sql.unsafe(statements)),
      ownerQuery: async <T>(statement: string) => (await sql.unsafe(statement)) as unknown as T[],
    };
  }
  // PGlite in memory: every open is a new, empty database.
  await getDatabase();
  await prepareDatabase();
  return {
    owner: async (statements) => void (await (await getDatabase()).pglite!.exec(statements)),
    ownerQuery: async <T>(statement: string) => (await (await getDatabase()).pglite!.query<T>(statement)).rows,
  };
}

/** The owner switching off every guard an owner can (a superuser also the event triggers). */
export const DISABLE_GUARDS = `
  alter event trigger evidence_ddl_guard disable;
  alter event trigger evidence_drop_guard disable;
  alter table audit_events disable trigger user;
  alter table signatures disable trigger user;
  alter table signature_documents disable trigger user;
`;
export const ENABLE_GUARDS = `
  alter table audit_events enable always trigger audit_events_immutable;
  alter table audit_events enable always trigger audit_events_no_truncate;
  alter table audit_events enable always trigger audit_events_continue_chain;
  alter table signatures enable always trigger signatures_immutable;
  alter table signatures enable always trigger signatures_no_truncate;
  alter table signatures enable always trigger signatures_check_insert;
  alter table signature_documents enable always trigger signature_documents_immutable;
  alter table signature_documents enable always trigger signature_documents_no_truncate;
  alter table signature_documents enable always trigger signature_documents_check_insert;
  alter event trigger evidence_ddl_guard enable always;
  alter event trigger evidence_drop_guard enable always;
`;
