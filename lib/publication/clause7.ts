import 'server-only';

import { and, asc, eq, sql, type SQL } from 'drizzle-orm';

import { getDb, queryRows, type DbOrTx } from '@/db/client';
import { agreementTemplates, papers, signatures, volumes } from '@/db/schema';
import { activeSignatureOfPaper } from '@/lib/agreements/active-signature';
import { editableVolumes, requireEditor } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/roles';
import { getEnv } from '@/lib/env';

import { lapseStatus, type LapseStatus } from './lapse';

// The same instants as lib/publication/lapse.ts (addMonthsUtc), computed in the database so that
// lists can filter and count without loading every signature.

/** When the active signature's agreement lapses (null: its version has no termination clause). */
export const lapsesAtSql = sql<Date | null>`((${signatures.signedAt} at time zone 'UTC')
  + make_interval(months => (${agreementTemplates.presentation}->'termination'->>'months')::int)) at time zone 'UTC'`;

/** The paper's publication date: its own, else its volume's. */
export const publishedOnSql = sql<string | null>`coalesce(${papers.publishedOn}, ${volumes.publishedOn})`;

export type LapseRow = {
  paperId: string;
  paperKey: string;
  title: string;
  volumeNumber: number;
  volumeName: string;
  correspondingAuthorName: string;
  correspondingAuthorEmail: string;
  signatureId: string;
  signedAt: Date;
  lapsesAt: Date;
  status: Extract<LapseStatus, 'at-risk' | 'lapsed'>;
};

/**
 * Signed, unpublished papers whose agreement lapses before `now` + the warning period (or has
 * lapsed), in the given volumes, soonest first. `where` scopes the volumes (an editor's, or one).
 */
export async function lapsingPapers(
  db: DbOrTx,
  where: SQL | undefined,
  now: Date,
  options: { warningDays?: number; limit?: number } = {},
): Promise<LapseRow[]> {
  const warningDays = options.warningDays ?? getEnv().LAPSE_WARNING_DAYS;
  const horizon = new Date(now.getTime() + warningDays * 24 * 60 * 60 * 1000);
  // Only signatures old enough to lapse by the horizon under the shortest termination period of
  // any version can be listed: the query starts from those (by signing time) rather than from
  // every signed paper. Four days of slack for month ends (Jan 31 + 1 month is Feb 28).
  const [{ months }] = queryRows<{ months: number | null }>(
    await db.execute(sql`select min((presentation->'termination'->>'months')::int) as months
      from agreement_templates where jsonb_typeof(presentation->'termination') = 'object'`),
  ) as [{ months: number | null }];
  if (months === null) return [];
  const signedBy = new Date(horizon);
  signedBy.setUTCMonth(signedBy.getUTCMonth() - Number(months));
  signedBy.setUTCDate(signedBy.getUTCDate() + 4);
  const rows = await db
    .select({
      paperId: papers.id,
      paperKey: papers.paperKey,
      title: papers.title,
      volumeNumber: volumes.number,
      volumeName: volumes.name,
      correspondingAuthorName: papers.correspondingAuthorName,
      correspondingAuthorEmail: papers.correspondingAuthorEmail,
      signatureId: signatures.id,
      signedAt: signatures.signedAt,
      lapsesAt: lapsesAtSql.mapWith((value: string | Date) => new Date(value)),
    })
    .from(papers)
    .innerJoin(volumes, eq(volumes.id, papers.volumeId))
    .innerJoin(signatures, activeSignatureOfPaper())
    .innerJoin(agreementTemplates, eq(agreementTemplates.version, signatures.templateVersion))
    .where(
      and(
        where,
        eq(papers.status, 'accepted'),
        sql`${publishedOnSql} is null`,
        sql`jsonb_typeof(${agreementTemplates.presentation}->'termination') = 'object'`,
        sql`${lapsesAtSql} <= ${horizon.toISOString()}::timestamptz`,
        // The same condition, loosened so that the index on signing time can serve it.
        sql`${signatures.signedAt} <= ${signedBy.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(asc(lapsesAtSql), asc(papers.paperKey))
    .limit(options.limit ?? 10_000);
  return rows.map((row) => ({
    ...row,
    status: lapseStatus({ lapsesAt: row.lapsesAt, publishedOn: null }, now, warningDays) as LapseRow['status'],
  }));
}

/** For the editor pages: what is at risk or lapsed in the volumes this user edits. */
export async function listLapsingPapers(
  user: CurrentUser | null,
  options: { volumeId?: number; now?: Date; limit?: number } = {},
): Promise<LapseRow[]> {
  requireEditor(user);
  const db = await getDb();
  const scope = options.volumeId === undefined ? editableVolumes(user) : and(editableVolumes(user), eq(volumes.id, options.volumeId));
  return lapsingPapers(db, scope, options.now ?? new Date(), { limit: options.limit });
}

/** Counts per volume number: { atRisk, lapsed }. */
export function countByVolume(rows: LapseRow[]): Map<number, { atRisk: number; lapsed: number }> {
  const counts = new Map<number, { atRisk: number; lapsed: number }>();
  for (const row of rows) {
    const entry = counts.get(row.volumeNumber) ?? { atRisk: 0, lapsed: 0 };
    if (row.status === 'lapsed') entry.lapsed += 1;
    else entry.atRisk += 1;
    counts.set(row.volumeNumber, entry);
  }
  return counts;
}
