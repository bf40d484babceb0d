import 'server-only';

import { and, eq, inArray, sql } from 'drizzle-orm';

import type { Db, DbOrTx, Tx } from '@/db/client';
import { paperAuthors, papers, volumes } from '@/db/schema';

import { AUTHOR_SEPARATOR, type PaperRow } from './parse-papers-csv';

export type PaperChange = { row: PaperRow; paperId: string; changedFields: string[] };

export type PaperImportPlan = {
  newVolumes: number[];
  created: PaperRow[];
  changed: PaperChange[];
  unchanged: PaperRow[];
};

export type PaperImportResult = {
  volumesCreated: number;
  created: number;
  updated: number;
  unchanged: number;
};

type ExistingPaper = {
  id: string;
  title: string;
  correspondingAuthorName: string;
  correspondingAuthorEmail: string;
  authorNames: string;
};

const INSERT_BATCH = 500;

const defaultVolumeName = (number: number) => `PMLR volume ${number}`;

/** Compares validated rows with what the database holds, without writing anything. */
export async function planPaperImport(db: DbOrTx, rows: PaperRow[]): Promise<PaperImportPlan> {
  const volumeNumbers = [...new Set(rows.map((row) => row.volume))];
  const existingVolumes = volumeNumbers.length
    ? await db.select().from(volumes).where(inArray(volumes.number, volumeNumbers))
    : [];
  const volumeIdByNumber = new Map(existingVolumes.map((volume) => [volume.number, volume.id]));

  const existing = new Map<string, ExistingPaper>();
  const volumeIds = [...volumeIdByNumber.values()];
  if (volumeIds.length > 0) {
    const found = await db
      .select({
        id: papers.id,
        volumeNumber: volumes.number,
        paperKey: papers.paperKey,
        title: papers.title,
        correspondingAuthorName: papers.correspondingAuthorName,
        correspondingAuthorEmail: papers.correspondingAuthorEmail,
        authorNames: papers.authorNames,
      })
      .from(papers)
      .innerJoin(volumes, eq(volumes.id, papers.volumeId))
      .where(
        and(
          inArray(papers.volumeId, volumeIds),
          inArray(
            papers.paperKey,
            rows.map((row) => row.paperKey),
          ),
        ),
      );
    for (const paper of found) existing.set(`${paper.volumeNumber}/${paper.paperKey}`, paper);
  }

  const plan: PaperImportPlan = {
    newVolumes: volumeNumbers.filter((number) => !volumeIdByNumber.has(number)),
    created: [],
    changed: [],
    unchanged: [],
  };
  for (const row of rows) {
    const current = existing.get(`${row.volume}/${row.paperKey}`);
    if (!current) {
      plan.created.push(row);
      continue;
    }
    const changedFields = [
      current.title !== row.title && 'title',
      current.authorNames !== bylineOf(row) && 'authors',
      current.correspondingAuthorName !== row.correspondingAuthorName && 'corresponding_author',
      current.correspondingAuthorEmail !== row.correspondingAuthorEmail && 'corresponding_email',
    ].filter((field): field is string => Boolean(field));
    if (changedFields.length === 0) plan.unchanged.push(row);
    else plan.changed.push({ row, paperId: current.id, changedFields });
  }
  return plan;
}

/**
 * Creates or updates papers by (volume, paper key) in one transaction. Importing the same
 * rows again writes nothing. Papers absent from the rows are left alone: a file is a set of
 * accepted papers to add or correct, not the whole volume.
 */
export async function importPapers(
  db: Db,
  rows: PaperRow[],
  options: { volumeNames?: Record<number, string> } = {},
): Promise<PaperImportResult & { plan: PaperImportPlan }> {
  return db.transaction((tx) => importPapersInTransaction(tx, rows, options));
}

/** The same, inside a transaction the caller owns (so it can add its own writes to it). */
export async function importPapersInTransaction(
  tx: Tx,
  rows: PaperRow[],
  options: { volumeNames?: Record<number, string> } = {},
): Promise<PaperImportResult & { plan: PaperImportPlan }> {
  const plan = await planPaperImport(tx, rows);

  if (plan.newVolumes.length > 0) {
    await tx
      .insert(volumes)
      .values(
        plan.newVolumes.map((number) => ({
          number,
          name: options.volumeNames?.[number] ?? defaultVolumeName(number),
          // A new volume's authors sign the latest published version until its editors choose another.
          agreementVersion: sql<number | null>`(select max(version) from agreement_templates)`,
        })),
      )
      .onConflictDoNothing({ target: volumes.number });
  }
  const allVolumes = await tx
    .select({ id: volumes.id, number: volumes.number })
    .from(volumes)
    .where(inArray(volumes.number, [...new Set(rows.map((row) => row.volume))]));
  const volumeIdByNumber = new Map(allVolumes.map((volume) => [volume.number, volume.id]));

  // Batched so that a 50,000-paper volume imports in seconds, not minutes.
  for (let start = 0; start < plan.created.length; start += INSERT_BATCH) {
    const batch = plan.created.slice(start, start + INSERT_BATCH);
    const inserted = await tx
      .insert(papers)
      .values(
        batch.map((row) => {
          const volumeId = volumeIdByNumber.get(row.volume);
          if (volumeId === undefined) throw new Error(`volume ${row.volume} vanished during import`);
          return {
            volumeId,
            paperKey: row.paperKey,
            title: row.title,
            correspondingAuthorName: row.correspondingAuthorName,
            correspondingAuthorEmail: row.correspondingAuthorEmail,
            authorNames: bylineOf(row),
          };
        }),
      )
      .returning({ id: papers.id, volumeId: papers.volumeId, paperKey: papers.paperKey });
    const idByKey = new Map(inserted.map((paper) => [`${paper.volumeId}/${paper.paperKey}`, paper.id]));
    await tx.insert(paperAuthors).values(
      batch.flatMap((row) => {
        const paperId = idByKey.get(`${volumeIdByNumber.get(row.volume)}/${row.paperKey}`);
        if (!paperId) throw new Error(`paper ${row.paperKey} was not inserted`);
        return authorRows(paperId, row);
      }),
    );
  }

  for (const { row, paperId } of plan.changed) {
    await tx
      .update(papers)
      .set({
        title: row.title,
        correspondingAuthorName: row.correspondingAuthorName,
        correspondingAuthorEmail: row.correspondingAuthorEmail,
        authorNames: bylineOf(row),
        updatedAt: sql`now()`,
      })
      .where(eq(papers.id, paperId));
    await tx.delete(paperAuthors).where(eq(paperAuthors.paperId, paperId));
    await tx.insert(paperAuthors).values(authorRows(paperId, row));
  }

  return {
    plan,
    volumesCreated: plan.newVolumes.length,
    created: plan.created.length,
    updated: plan.changed.length,
    unchanged: plan.unchanged.length,
  };
}

/** The byline kept on the paper for search and comparison: "A; B; C". */
function bylineOf(row: PaperRow): string {
  return row.authors.join(AUTHOR_SEPARATOR);
}

function authorRows(paperId: string, row: PaperRow) {
  const correspondingIndex = row.authors.indexOf(row.correspondingAuthorName);
  return row.authors.map((name, index) => ({
    paperId,
    position: index + 1,
    name,
    isCorresponding: index === correspondingIndex,
  }));
}
