import 'server-only';

import { and, asc, desc, eq, gt, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';

import { getDb, type DbOrTx } from '@/db/client';
import { papers, signatures, type Volume } from '@/db/schema';
import { activeSignatureOfPaper } from '@/lib/agreements/active-signature';
import { requireVolumeEditor } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/roles';

import { awaitingNeverInvitedSql } from '@/lib/invitations/paper-contact';

import { paperMatches, searchTermSchema } from './paper-search';
import { signingStatusIs, signingStatusSql, type PaperSigningStatus } from './paper-status';

export const VOLUME_PAGE_SIZE = 50;

export const SORT_COLUMNS = ['paperKey', 'title', 'correspondingAuthor', 'correspondingEmail', 'status', 'signedAt'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

/** The volume table's view, as it appears in the URL; anything malformed falls back to a default. */
export const volumeViewSchema = z.object({
  q: searchTermSchema,
  status: z.enum(['all', 'signed', 'awaiting', 'withdrawn', 'never-invited']).catch('all'),
  sort: z.enum(SORT_COLUMNS).catch('paperKey'),
  dir: z.enum(['asc', 'desc']).catch('asc'),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
});
export type VolumeView = z.infer<typeof volumeViewSchema>;

export function parseVolumeView(params: Record<string, string | string[] | undefined>): VolumeView {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  return volumeViewSchema.parse({
    q: first(params.q) ?? '',
    status: first(params.status),
    sort: first(params.sort),
    dir: first(params.dir),
    page: first(params.page) ?? 1,
  });
}

export type VolumePaperRow = {
  id: string;
  paperKey: string;
  title: string;
  correspondingAuthorName: string;
  correspondingAuthorEmail: string;
  status: PaperSigningStatus;
  signedAt: Date | null;
  templateVersion: number | null;
  textSha256: string | null;
};

export type VolumePapersPage = {
  volume: Volume;
  rows: VolumePaperRow[];
  total: number;
  page: number;
  pageCount: number;
};

const columns = {
  id: papers.id,
  paperKey: papers.paperKey,
  title: papers.title,
  correspondingAuthorName: papers.correspondingAuthorName,
  correspondingAuthorEmail: papers.correspondingAuthorEmail,
  status: signingStatusSql,
  signedAt: signatures.signedAt,
  templateVersion: signatures.templateVersion,
  textSha256: signatures.textSha256,
};

const sortExpressions: Record<SortColumn, SQL | AnyPgColumn> = {
  paperKey: papers.paperKey,
  title: sql`lower(${papers.title})`,
  correspondingAuthor: sql`lower(${papers.correspondingAuthorName})`,
  correspondingEmail: papers.correspondingAuthorEmail,
  status: signingStatusSql,
  signedAt: signatures.signedAt,
};

function filters(volumeId: number, view: Pick<VolumeView, 'q' | 'status'>): SQL {
  const conditions: SQL[] = [eq(papers.volumeId, volumeId)];
  // Title, byline (every author, the corresponding one included) or email: a trigram index lookup.
  if (view.q) conditions.push(paperMatches(view.q));
  if (view.status === 'never-invited') {
    conditions.push(awaitingNeverInvitedSql);
  } else if (view.status !== 'all') {
    conditions.push(signingStatusIs(view.status));
  }
  return and(...conditions)!;
}

/** The query for one page of rows (exported so that a test can EXPLAIN it). */
export function volumePageRows(db: DbOrTx, volumeId: number, view: VolumeView, pageSize: number, page: number) {
  const order = view.dir === 'desc' ? desc : asc;
  const sortBy = sortExpressions[view.sort];
  return (
    db
      .select(columns)
      .from(papers)
      .leftJoin(signatures, activeSignatureOfPaper())
      .where(filters(volumeId, view))
      // Unsigned papers have no signing time: they come last either way. The other sort keys are
      // never null, and are left without "nulls last" so that descending order reads the index too.
      .orderBy(view.sort === 'signedAt' ? sql`${order(sortBy)} nulls last` : order(sortBy), asc(papers.paperKey), asc(papers.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize)
  );
}

/**
 * One page of a volume's papers with their signing status: searched, filtered, sorted and
 * paginated by the database, so a 50,000-paper volume costs one page of rows. For the
 * volume's editors and admins; anyone else gets a NotFoundError.
 */
export async function queryVolumePapers(
  user: CurrentUser | null,
  volumeNumber: number,
  view: VolumeView,
  pageSize = VOLUME_PAGE_SIZE,
): Promise<VolumePapersPage> {
  const volume = await requireVolumeEditor(user, volumeNumber);
  const db = await getDb();
  const where = filters(volume.id, view);

  // The count and the requested page are independent queries: run together, a search costs the
  // slower of the two rather than their sum. Counting needs no signatures: the status is on the
  // paper's row (papers.active_signature_id).
  const [[counted], requestedRows] = await Promise.all([
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(papers).where(where),
    volumePageRows(db, volume.id, view, pageSize, view.page),
  ]);
  const total = counted!.total;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(view.page, pageCount);
  // A page past the end (an old link, fewer papers since) shows the last page instead.
  const rows = page === view.page ? requestedRows : await volumePageRows(db, volume.id, view, pageSize, page);
  return { volume, rows, total, page, pageCount };
}

/**
 * Every paper of a volume in paper-key order, a batch at a time (keyset pagination), for
 * streaming exports without holding the volume in memory. Pass a volume that
 * requireVolumeEditor returned.
 */
export async function* iterateVolumePapers(volume: Volume, batchSize = 1000): AsyncGenerator<VolumePaperRow[]> {
  const db = await getDb();
  let after: { paperKey: string } | null = null;
  for (;;) {
    const batch: VolumePaperRow[] = await db
      .select(columns)
      .from(papers)
      .leftJoin(signatures, activeSignatureOfPaper())
      .where(and(eq(papers.volumeId, volume.id), after ? gt(papers.paperKey, after.paperKey) : undefined))
      .orderBy(asc(papers.paperKey))
      .limit(batchSize);
    if (batch.length === 0) return;
    yield batch;
    if (batch.length < batchSize) return;
    after = { paperKey: batch[batch.length - 1]!.paperKey };
  }
}
