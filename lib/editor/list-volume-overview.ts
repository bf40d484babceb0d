import 'server-only';

import { count, desc, eq, sql } from 'drizzle-orm';

import { getDb } from '@/db/client';
import { papers, volumes } from '@/db/schema';
import { editableVolumes, requireEditor } from '@/lib/auth/authorization';
import { signingStatusIs } from '@/lib/editor/paper-status';
import type { CurrentUser } from '@/lib/auth/roles';

export type VolumeOverview = {
  id: number;
  number: number;
  name: string;
  total: number;
  signed: number;
  awaiting: number;
  withdrawn: number;
};

/** The volumes this user edits (all for an admin) with their signing progress, newest first. */
export async function listVolumeOverview(user: CurrentUser | null): Promise<VolumeOverview[]> {
  requireEditor(user);
  const db = await getDb();
  return db
    .select({
      id: volumes.id,
      number: volumes.number,
      name: volumes.name,
      total: count(papers.id),
      // The status is on the paper's row (papers.active_signature_id): no signatures to join.
      signed: count(papers.activeSignatureId),
      awaiting: sql<number>`count(${papers.id}) filter (where ${signingStatusIs('awaiting')})`.mapWith(Number),
      withdrawn: sql<number>`count(${papers.id}) filter (where ${signingStatusIs('withdrawn')})`.mapWith(Number),
    })
    .from(volumes)
    .leftJoin(papers, eq(papers.volumeId, volumes.id))
    .where(editableVolumes(user))
    .groupBy(volumes.id)
    .orderBy(desc(volumes.number));
}
