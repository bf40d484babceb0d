import 'server-only';

import { and, eq, inArray, sql } from 'drizzle-orm';

import type { Db, DbOrTx, Tx } from '@/db/client';
import { paperAuthors, papers, signatures, volumes } from '@/db/schema';
import { activeSignatureOfPaper } from '@/lib/agreements/active-signature';
import { appendAuditEvents } from '@/lib/audit/append-audit-event';

import { AUTHOR_SEPARATOR, type PaperRow } from './parse-papers-csv';

/** What a paper is now, for the changes an import would make to it. */
export type PaperBefore = {
  title: string;
  correspondingAuthorName: string;
  correspondingAuthorEmail: string;
  authorNames: string;
};

export type PaperChange = {
  row: PaperRow;
  paperId: string;
  volumeId: number;
  changedFields: string[];
  before: PaperBefore;
  /** The paper's active signature, if it has one. */
  signature: { id: string; userId: string; signerEmail: string } | null;
  /** Signed, and the corresponding author or email changes: needs the editor's explicit confirmation. */
  movesSignedPaper: boolean;
};

/** An import that would move signed papers to another corresponding author, unconfirmed. */
export class SignedPaperMoveNotConfirmed extends Error {
  constructor(readonly changes: PaperChange[]) {
    super(
      `${changes.length} signed paper(s) would get another corresponding author or email ` +
        `(${changes
          .slice(0, 5)
          .map((change) => change.row.paperKey)
          .join(', ')}${changes.length > 5 ? ', …' : ''}); confirm to go ahead.`,
    );
  }
}

/** Who made an import, for the audit event each changed paper gets. */
export type ImportActor = {
  userId: string | null;
  email: string | null;
  ipAddress?: string | null;
  userAgent?: string | null;
  /** The staged upload (browser) or the file name (command line). */
  importId?: string;
  source: 'upload' | 'command line';
};

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

type ExistingPaper = PaperBefore & {
  id: string;
  volumeId: number;
  signatureId: string | null;
  signatureUserId: string | null;
  signerEmail: string | null;
  openreviewForumId: string | null;
};

/** New papers per statement (with their authors). */
const CREATE_BATCH = 2_000;
/**
 * PostgreSQL's protocol carries at most 65,535 parameters per statement, so lookups by key go
 * in slices well under it: a 100,000-row file is many statements in one
 * transaction, never one statement too large (which answered MAX_PARAMETERS_EXCEEDED).
 */
const KEYS_PER_LOOKUP = 5_000;

function slices<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

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
  const keys = [...new Set(rows.map((row) => row.paperKey))];
  for (const someKeys of volumeIds.length > 0 ? slices(keys, KEYS_PER_LOOKUP) : []) {
    const found = await db
      .select({
        id: papers.id,
        volumeId: papers.volumeId,
        signatureId: signatures.id,
        signatureUserId: signatures.userId,
        signerEmail: signatures.signerEmail,
        volumeNumber: volumes.number,
        paperKey: papers.paperKey,
        title: papers.title,
        correspondingAuthorName: papers.correspondingAuthorName,
        correspondingAuthorEmail: papers.correspondingAuthorEmail,
        authorNames: papers.authorNames,
        openreviewForumId: papers.openreviewForumId,
      })
      .from(papers)
      .innerJoin(volumes, eq(volumes.id, papers.volumeId))
      .leftJoin(signatures, activeSignatureOfPaper())
      .where(and(inArray(papers.volumeId, volumeIds), inArray(papers.paperKey, someKeys)));
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
      row.openreviewForumId !== undefined && current.openreviewForumId !== row.openreviewForumId && 'openreview_forum_id',
    ].filter((field): field is string => Boolean(field));
    if (changedFields.length === 0) {
      plan.unchanged.push(row);
      continue;
    }
    const signature =
      current.signatureId && current.signatureUserId && current.signerEmail
        ? { id: current.signatureId, userId: current.signatureUserId, signerEmail: current.signerEmail }
        : null;
    plan.changed.push({
      row,
      paperId: current.id,
      volumeId: current.volumeId,
      changedFields,
      before: {
        title: current.title,
        correspondingAuthorName: current.correspondingAuthorName,
        correspondingAuthorEmail: current.correspondingAuthorEmail,
        authorNames: current.authorNames,
      },
      signature,
      movesSignedPaper:
        signature !== null &&
        (changedFields.includes('corresponding_author') || changedFields.includes('corresponding_email')),
    });
  }
  return plan;
}

/**
 * Creates or updates papers by (volume, paper key) in one transaction. Importing the same
 * rows again writes nothing. Papers absent from the rows are left alone: a file is a set of
 * accepted papers to add or correct, not the whole volume.
 */
export type ImportOptions = {
  volumeNames?: Record<number, string>;
  /** Who imports: each changed paper gets an audit event naming them, with old and new values. */
  actor: ImportActor;
  /** The editor saw and confirmed that signed papers get another corresponding author. */
  confirmSignedMoves?: boolean;
};

export async function importPapers(
  db: Db,
  rows: PaperRow[],
  options: ImportOptions,
): Promise<PaperImportResult & { plan: PaperImportPlan }> {
  return db.transaction((tx) => importPapersInTransaction(tx, rows, options));
}

/** The same, inside a transaction the caller owns (so it can add its own writes to it). */
export async function importPapersInTransaction(
  tx: Tx,
  rows: PaperRow[],
  options: ImportOptions,
): Promise<PaperImportResult & { plan: PaperImportPlan }> {
  const plan = await planPaperImport(tx, rows);
  const signedMoves = plan.changed.filter((change) => change.movesSignedPaper);
  if (signedMoves.length > 0 && !options.confirmSignedMoves) throw new SignedPaperMoveNotConfirmed(signedMoves);

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

  // New papers and their authors go in one statement per batch: the rows travel as one JSON
  // parameter (jsonb_to_recordset), so a batch costs one round trip and one parse, whatever its
  // size, and stays far under the protocol's 65,535 parameters. A 10,000-row file is five statements.
  for (const batch of slices(plan.created, CREATE_BATCH)) {
    const input = batch.map((row) => {
      const volumeId = volumeIdByNumber.get(row.volume);
      if (volumeId === undefined) throw new Error(`volume ${row.volume} vanished during import`);
      return {
        volume_id: volumeId,
        paper_key: row.paperKey,
        title: row.title,
        corresponding_author_name: row.correspondingAuthorName,
        corresponding_author_email: row.correspondingAuthorEmail,
        author_names: bylineOf(row),
        openreview_forum_id: row.openreviewForumId ?? null,
        authors: row.authors,
        // 1-based byline position of the corresponding author (0: not in the byline).
        corresponding_position: row.authors.indexOf(row.correspondingAuthorName) + 1,
      };
    });
    await tx.execute(sql`
      with input as (
        select * from jsonb_to_recordset(${JSON.stringify(input)}::jsonb) as x(
          volume_id int, paper_key text, title text, corresponding_author_name text,
          corresponding_author_email text, author_names text, openreview_forum_id text,
          authors jsonb, corresponding_position int)),
      inserted as (
        insert into papers (volume_id, paper_key, title, corresponding_author_name, corresponding_author_email,
          author_names, openreview_forum_id)
        select volume_id, paper_key, title, corresponding_author_name, corresponding_author_email,
          author_names, openreview_forum_id
        from input
        returning id, volume_id, paper_key)
      insert into paper_authors (paper_id, position, name, is_corresponding)
      select inserted.id, author.position::int, author.name, author.position = input.corresponding_position
      from inserted
      join input on input.volume_id = inserted.volume_id and input.paper_key = inserted.paper_key
      cross join lateral jsonb_array_elements_text(input.authors) with ordinality as author(name, position)`);
  }

  for (const { row, paperId } of plan.changed) {
    await tx
      .update(papers)
      .set({
        title: row.title,
        correspondingAuthorName: row.correspondingAuthorName,
        correspondingAuthorEmail: row.correspondingAuthorEmail,
        authorNames: bylineOf(row),
        ...(row.openreviewForumId !== undefined ? { openreviewForumId: row.openreviewForumId } : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(papers.id, paperId));
    await tx.delete(paperAuthors).where(eq(paperAuthors.paperId, paperId));
    await tx.insert(paperAuthors).values(authorRows(paperId, row));
  }
  // One event per changed paper, on the paper's own trail: what it was and what it became. A
  // signed paper's record is not touched (it keeps the title and authors as signed), and its
  // signer keeps access to it by user id (lib/evidence/get-signature-document.ts).
  await appendAuditEvents(
    tx,
    plan.changed.map((change) => ({
      action: change.movesSignedPaper ? 'paper.signed_paper_reassigned' : 'paper.updated',
      actorUserId: options.actor.userId,
      actorEmail: options.actor.email,
      paperId: change.paperId,
      signatureId: change.signature?.id ?? null,
      volumeId: change.volumeId,
      ipAddress: options.actor.ipAddress ?? null,
      userAgent: options.actor.userAgent ?? null,
      details: {
        source: options.actor.source,
        ...(options.actor.importId ? { importId: options.actor.importId } : {}),
        line: change.row.line,
        changes: changesOf(change),
        ...(change.movesSignedPaper
          ? {
              confirmedByEditor: true,
              signerUserId: change.signature!.userId,
              signerEmail: change.signature!.signerEmail,
            }
          : {}),
      },
    })),
  );

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

/** Old and new value of each changed field, for the paper's audit event. */
function changesOf(change: PaperChange): Record<string, { from: string; to: string }> {
  const after: Record<string, string> = {
    title: change.row.title,
    authors: bylineOf(change.row),
    corresponding_author: change.row.correspondingAuthorName,
    corresponding_email: change.row.correspondingAuthorEmail,
  };
  const before: Record<string, string> = {
    title: change.before.title,
    authors: change.before.authorNames,
    corresponding_author: change.before.correspondingAuthorName,
    corresponding_email: change.before.correspondingAuthorEmail,
  };
  return Object.fromEntries(change.changedFields.map((field) => [field, { from: before[field]!, to: after[field]! }]));
}
