import 'server-only';

import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';

import { getDb } from '@/db/client';
import { papers, volumes } from '@/db/schema';
import { editableVolumes, requireEditor } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/roles';

import { signingStatusSql, type PaperSigningStatus } from './paper-status';

/**
 * A search term as typed: control characters (a NUL made PostgreSQL refuse the query: found by
 * fuzzing) search as spaces; at most 200 characters; anything else searches for nothing.
 */
export const searchTermSchema = z
  .string()
  .transform((value) => value.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim())
  .pipe(z.string().max(200))
  .catch('');

/** `%term%` for ILIKE, with the user's own % and _ taken literally. */
function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * SQL predicate on `papers`: the title, byline (every author) or corresponding email contains
 * the term, in any case. The expression is exactly the one `papers_search_trgm_idx` indexes
 * (db/schema.ts), so PostgreSQL reads the matching rows from that index instead of scanning.
 */
export function paperMatches(term: string): SQL {
  return sql`(${papers.title} || chr(10) || ${papers.authorNames} || chr(10) || ${papers.correspondingAuthorEmail}) ilike ${containsPattern(term)}`;
}

export const PAPER_SEARCH_LIMIT = 50;
/**
 * Shorter terms have no trigram to look up, so they would read every paper of every volume
 * (and match most of them); the search page asks for more instead.
 */
export const PAPER_SEARCH_MIN_LENGTH = 3;

export type PaperSearchHit = {
  id: string;
  volumeNumber: number;
  volumeName: string;
  paperKey: string;
  title: string;
  correspondingAuthorName: string;
  correspondingAuthorEmail: string;
  status: PaperSigningStatus;
};

export type PaperSearchResult = {
  hits: PaperSearchHit[];
  /** Whether more papers match than `hits` holds (a narrower term finds them). */
  more: boolean;
  /** The term was too short to search for (PAPER_SEARCH_MIN_LENGTH); nothing was read. */
  tooShort: boolean;
};

/**
 * Papers of every volume this user edits (every volume for an admin) whose title, authors or
 * corresponding email contain the term: newest volume first, then by paper key. PostgreSQL reads
 * a common term's papers in that order until `limit + 1` match, a rare term's from the trigram
 * index, so a search reads few rows however many papers there are.
 */
export async function searchPapers(
  user: CurrentUser | null,
  term: string,
  limit = PAPER_SEARCH_LIMIT,
): Promise<PaperSearchResult> {
  requireEditor(user);
  if ([...term].length < PAPER_SEARCH_MIN_LENGTH) return { hits: [], more: false, tooShort: term !== '' };
  const db = await getDb();
  const rows = await db
    .select({
      id: papers.id,
      volumeNumber: volumes.number,
      volumeName: volumes.name,
      paperKey: papers.paperKey,
      title: papers.title,
      correspondingAuthorName: papers.correspondingAuthorName,
      correspondingAuthorEmail: papers.correspondingAuthorEmail,
      status: signingStatusSql,
    })
    .from(papers)
    .innerJoin(volumes, eq(volumes.id, papers.volumeId))
    .where(and(editableVolumes(user, papers.volumeId), paperMatches(term)))
    // papers_volume_desc_key_idx's order: a common term stops after `limit + 1` matches.
    .orderBy(desc(papers.volumeId), asc(papers.paperKey))
    .limit(limit + 1);
  return { hits: rows.slice(0, limit), more: rows.length > limit, tooShort: false };
}
