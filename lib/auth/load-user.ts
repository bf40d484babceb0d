import 'server-only';

import { eq, sql } from 'drizzle-orm';

import { getDb } from '@/db/client';
import { users, volumeEditors } from '@/db/schema';
import { getEnv } from '@/lib/env';

import type { CurrentUser } from './roles';

/** The volumes a user edits, for a query that joins `volume_editors` to `users` and groups by user. */
export const editorOfVolumeIdsSql = sql<number[]>`coalesce(array_agg(${volumeEditors.volumeId} order by ${volumeEditors.volumeId})
  filter (where ${volumeEditors.volumeId} is not null), '{}')`;

/** A user with their admin flag and edited volumes, as every authorization check reads them. */
export async function loadUser(userId: string): Promise<CurrentUser | null> {
  const db = await getDb();
  const [user] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      editorOfVolumeIds: editorOfVolumeIdsSql,
    })
    .from(users)
    .leftJoin(volumeEditors, eq(volumeEditors.userId, users.id))
    .where(eq(users.id, userId))
    .groupBy(users.id);
  return user ? currentUserOf(user, user.editorOfVolumeIds) : null;
}

/** The user row and their edited volumes as authorization reads them (ADMIN_EMAILS included). */
export function currentUserOf(
  user: { id: string; email: string; name: string | null; role: string },
  editorOfVolumeIds: readonly (number | string)[],
): CurrentUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    isAdmin: user.role === 'admin' || getEnv().ADMIN_EMAILS.includes(user.email),
    editorOfVolumeIds: editorOfVolumeIds.map(Number),
  };
}
