import 'server-only';

import { count, desc, eq, sql } from 'drizzle-orm';

import { getDb } from '@/db/client';
import { papers, volumes } from '@/db/schema';
import { isEditor, type CurrentUser } from '@/lib/auth/roles';
import { ForbiddenError } from '@/lib/errors';

export type VolumeSummary = {
  id: number;
  number: number;
  name: string;
  paperCount: number;
  acceptedCount: number;
};

/** Every volume with its paper counts, newest first. Editors and admins only. */
export async function listVolumes(user: CurrentUser | null): Promise<VolumeSummary[]> {
  if (!isEditor(user)) throw new ForbiddenError();
  const db = await getDb();
  return db
    .select({
      id: volumes.id,
      number: volumes.number,
      name: volumes.name,
      paperCount: count(papers.id),
      acceptedCount: sql<number>`count(${papers.id}) filter (where ${papers.status} = 'accepted')`.mapWith(Number),
    })
    .from(volumes)
    .leftJoin(papers, eq(papers.volumeId, volumes.id))
    .groupBy(volumes.id)
    .orderBy(desc(volumes.number));
}
