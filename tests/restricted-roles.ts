import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

import { createFreshPostgresDatabase } from './fresh-test-resources';

export type RoleDatabase = {
  name: string;
  /** The schema owner: runs the migrations (MIGRATIONS_DATABASE_URL). */
  ownerUrl: string;
  /** A login role in agreement_portal_app: what the portal runs as (DATABASE_URL). */
  appUrl: string;
  /** The server's superuser on this database, for tests that seed or inspect it. */
  adminUrl: string;
  /** Creates the app login role; call after the migrations created agreement_portal_app. */
  createAppRole: () => Promise<void>;
  drop: () => Promise<void>;
};

/**
 * A fresh database set up as production is (README, "Run it in production"): owned by a
 * non-superuser owner role that runs the migrations, and used by the portal through a login
 * role that is only a member of agreement_portal_app. Roles are per run and dropped after.
 */
export async function createRoleDatabase(serverUrl: string, purpose: string, name?: string): Promise<RoleDatabase> {
  const suffix = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const owner = `portal_owner_${suffix}`;
  const app = `portal_app_${suffix}`;
  const password = randomBytes(12).toString('hex');
  const fresh = await createFreshPostgresDatabase(serverUrl, purpose, name);
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create role "${owner}" login createrole password '${password}'`);
    await admin.unsafe(`alter database "${fresh.name}" owner to "${owner}"`);
  } finally {
    await admin.end();
  }
  // The owner needs the public schema of its database too (PostgreSQL 15 gives it to the database owner).
  const onDb = postgres(fresh.url, { max: 1, onnotice: () => {} });
  try {
    await onDb.unsafe(`alter schema public owner to "${owner}"`);
  } finally {
    await onDb.end();
  }
  const urlAs = (user: string) => {
    const url = new URL(fresh.url);
    url.username = user;
    url.password = password;
    return url.toString();
  };
  return {
    name: fresh.name,
    ownerUrl: urlAs(owner),
    appUrl: urlAs(app),
    adminUrl: fresh.url,
    createAppRole: async () => {
      const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`create role "${app}" login password '${password}' in role agreement_portal_app`);
      } finally {
        await sql.end();
      }
    },
    drop: async () => {
      await fresh.drop();
      const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`drop role if exists "${app}"`);
        // PostgreSQL 16 records who created agreement_portal_app; then the owner role stays.
        await sql.unsafe(`drop role if exists "${owner}"`).catch(() => {});
      } finally {
        await sql.end();
      }
    },
  };
}
