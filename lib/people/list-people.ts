import 'server-only';

import { asc, eq, inArray, or, sql } from 'drizzle-orm';

import { getDb } from '@/db/client';
import { users, volumeEditors, volumes } from '@/db/schema';
import { requireAdmin } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/roles';
import { getEnv } from '@/lib/env';

export type Person = {
  id: string | null;
  email: string;
  name: string | null;
  isAdmin: boolean;
  /** Admin through ADMIN_EMAILS (cannot be revoked in the portal). */
  isAdminByConfiguration: boolean;
  volumes: { number: number; name: string }[];
};

/** Admins and editors with their volumes, for the admin's people page. Admins only. */
export async function listPeople(admin: CurrentUser | null): Promise<Person[]> {
  requireAdmin(admin);
  const db = await getDb();
  const configured = getEnv().ADMIN_EMAILS;
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      volumes: sql<{ number: number; name: string }[]>`coalesce(
        json_agg(json_build_object('number', ${volumes.number}, 'name', ${volumes.name}) order by ${volumes.number})
          filter (where ${volumes.id} is not null), '[]')`,
    })
    .from(users)
    .leftJoin(volumeEditors, eq(volumeEditors.userId, users.id))
    .leftJoin(volumes, eq(volumes.id, volumeEditors.volumeId))
    .where(
      or(
        eq(users.role, 'admin'),
        sql`${volumeEditors.userId} is not null`,
        configured.length > 0 ? inArray(users.email, configured) : undefined,
      ),
    )
    .groupBy(users.id)
    .orderBy(asc(users.email));
  const people: Person[] = rows.map((row) => ({
    id: row.id,
    email: row.email,
    name: row.name,
    isAdmin: row.role === 'admin' || configured.includes(row.email),
    isAdminByConfiguration: configured.includes(row.email),
    volumes: row.volumes,
  }));
  for (const email of configured) {
    if (!people.some((person) => person.email === email)) {
      people.push({ id: null, email, name: null, isAdmin: true, isAdminByConfiguration: true, volumes: [] });
    }
  }
  return people.sort((a, b) => a.email.localeCompare(b.email));
}
