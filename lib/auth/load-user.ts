import 'server-only';

import { eq, sql } from 'drizzle-orm';

import { getDb } from '@/db/client';
import { users, volumeEditors } from '@/db/schema';
import { getEnv } from '@/lib/env';

import type { CurrentUser } from './roles';

/** A user with their admin flag and edited volumes, as every authorization check reads them. */
export async function loadUser(userId: string): Promise<CurrentUser | null> {
  const db = await getDb();
  const [user] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      editorOfVolumeIds: sql<number[]>`coalesce(array_agg(${volumeEditors.volumeId} order by ${volumeEditors.volumeId})
        filter (where ${volumeEditors.volumeId} is not null), '{}')`,
    })
    .from(users)
    .leftJoin(volumeEditors, eq(volumeEditors.userId, users.id))
    .where(eq(users.id, userId))
    .groupBy(users.id);
  if (!user) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    isAdmin: user.role === 'admin' || getEnv().ADMIN_EMAILS.includes(user.email),
    editorOfVolumeIds: user.editorOfVolumeIds.map(Number),
  };
}

