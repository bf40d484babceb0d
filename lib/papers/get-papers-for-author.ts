import 'server-only';

import { asc, desc, eq, inArray } from 'drizzle-orm';

import { getDb } from '@/db/client';
import { paperAuthors, papers, signatures, volumes, type PaperStatus } from '@/db/schema';
import { activeSignatureOfPaper } from '@/lib/agreements/active-signature';
import { authorOfPaper, requireUser } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/roles';

export type AuthorPaper = {
  id: string;
  paperKey: string;
  title: string;
  status: PaperStatus;
  volume: { number: number; name: string; signingDeadline: string | null };
  authors: { name: string; isCorresponding: boolean }[];
  /** When the active signature was made; null while awaiting signature. */
  signedAt: Date | null;
};

/** The papers of which this user is the corresponding author (by their email), newest volume first. */
export async function getPapersForAuthor(user: CurrentUser | null): Promise<AuthorPaper[]> {
  requireUser(user);
  const db = await getDb();
  const rows = await db
    .select({
      id: papers.id,
      paperKey: papers.paperKey,
      title: papers.title,
      status: papers.status,
      volumeNumber: volumes.number,
      volumeName: volumes.name,
      signingDeadline: volumes.signingDeadline,
      signedAt: signatures.signedAt,
    })
    .from(papers)
    .innerJoin(volumes, eq(volumes.id, papers.volumeId))
    .leftJoin(signatures, activeSignatureOfPaper())
    .where(authorOfPaper(user))
    .orderBy(desc(volumes.number), asc(papers.title));
  if (rows.length === 0) return [];

  const authorRows = await db
    .select({ paperId: paperAuthors.paperId, name: paperAuthors.name, isCorresponding: paperAuthors.isCorresponding })
    .from(paperAuthors)
    .where(
      inArray(
        paperAuthors.paperId,
        rows.map((row) => row.id),
      ),
    )
    .orderBy(asc(paperAuthors.paperId), asc(paperAuthors.position));
  const authorsByPaper = new Map<string, typeof authorRows>();
  for (const author of authorRows) {
    const list = authorsByPaper.get(author.paperId) ?? [];
    list.push(author);
    authorsByPaper.set(author.paperId, list);
  }

  return rows.map((row) => ({
    id: row.id,
    paperKey: row.paperKey,
    title: row.title,
    status: row.status,
    volume: { number: row.volumeNumber, name: row.volumeName, signingDeadline: row.signingDeadline },
    authors: (authorsByPaper.get(row.id) ?? []).map(({ name, isCorresponding }) => ({ name, isCorresponding })),
    signedAt: row.signedAt,
  }));
}
