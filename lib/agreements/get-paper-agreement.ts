import 'server-only';

import { and, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';

import { getDb, type DbOrTx } from '@/db/client';
import { DATABASE_NOW } from '@/db/database-now';
import {
  agreementTemplates,
  paperAuthors,
  papers,
  signatures,
  volumes,
  type AgreementTemplate,
  type PaperStatus,
  type Signature,
} from '@/db/schema';
import { authorOfPaper } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/roles';
import { isUuid } from '@/lib/uuid';

import { isActiveSignature } from './active-signature';
import { agreementSha256, proceedingsName, renderAgreement } from './render-agreement';
import { signedTextOf } from './render-signed-text';

type PaperFacts = {
  id: string;
  volumeId: number;
  paperKey: string;
  title: string;
  status: PaperStatus;
  correspondingAuthorName: string;
};

export type PaperAgreement = {
  paper: PaperFacts & {
    proceedings: string;
    volume: { number: number; name: string; signingDeadline: string | null };
    authors: { name: string; isCorresponding: boolean }[];
    /** When and where it was published (its own date, else its volume's); absent: not yet. */
    publishedOn?: string | null;
    publicationUrl?: string | null;
  };
  /**
   * The version shown: the signed one if there is a signature, else the volume's. Null when
   * the volume has no agreement version yet: the paper is not open for signing.
   */
  template: AgreementTemplate | null;
  /** The exact agreement text: as signed if there is a signature, else as it would be signed now. */
  text: string | null;
  textSha256: string | null;
  signature: Signature | null;
  /** For a signature: does the re-rendered text still hash to what was recorded? */
  isSignedTextIntact: boolean | null;
  /** The database's clock when all this was read (to the millisecond): a new signature's time. */
  readAt: Date;
};



/**
 * A paper and its agreement, for its corresponding author only: the ownership test is part of
 * the query, so another user's paper id finds nothing (null), exactly like a missing one.
 *
 * One statement reads the paper, its volume, its authors, its active signature (from the
 * evidence: the newest signature with no void) and the agreement version shown (the signed one,
 * else the volume's): this runs twice for each signature (the check before signing, then the
 * receipt) and once for each view of the page.
 */
export async function getPaperAgreement(user: CurrentUser | null, paperId: string): Promise<PaperAgreement | null> {
  if (!user || !isUuid(paperId)) return null;
  const db = await getDb();
  // The newest signature with no void, by a subquery on the paper (what findActiveSignature reads).
  const active = alias(signatures, 'active_signature');
  const activeId = db
    .select({ id: signatures.id })
    .from(signatures)
    .where(and(eq(signatures.paperId, papers.id), isActiveSignature()))
    .orderBy(desc(signatures.signedAt))
    .limit(1);
  const [row] = await db
    .select({
      paper: {
        id: papers.id,
        volumeId: papers.volumeId,
        paperKey: papers.paperKey,
        title: papers.title,
        status: papers.status,
        correspondingAuthorName: papers.correspondingAuthorName,
        volumeNumber: volumes.number,
        volumeName: volumes.name,
        signingDeadline: volumes.signingDeadline,
        // Its own publication, else its volume's (clause 7 is satisfied by either).
        publishedOn: sql<string | null>`coalesce(${papers.publishedOn}, ${volumes.publishedOn})`,
        publicationUrl: sql<string | null>`coalesce(${papers.publishedUrl}, ${volumes.proceedingsUrl})`,
      },
      authors: sql<{ name: string; isCorresponding: boolean }[]>`(
        select coalesce(json_agg(json_build_object('name', a.name, 'isCorresponding', a.is_corresponding) order by a.position), '[]')::text
        from ${paperAuthors} a where a.paper_id = ${papers.id})`.mapWith((json: string) => JSON.parse(json)),
      signature: active,
      template: agreementTemplates,
      readAt: sql<string>`${DATABASE_NOW}`,
    })
    .from(papers)
    .innerJoin(volumes, eq(volumes.id, papers.volumeId))
    .leftJoin(active, eq(active.id, activeId))
    .leftJoin(agreementTemplates, eq(agreementTemplates.version, sql`coalesce(${active.templateVersion}, ${volumes.agreementVersion})`))
    .where(and(eq(papers.id, paperId), authorOfPaper(user)));
  if (!row) return null;
  const { paper, authors, signature, template } = row;
  const readAt = new Date(row.readAt);
  const volume = { number: paper.volumeNumber, name: paper.volumeName, signingDeadline: paper.signingDeadline };
  const facts = { ...paper, proceedings: proceedingsName(volume), volume, authors };

  if (signature) {
    if (!template) throw new Error(`template v${signature.templateVersion} of signature ${signature.id} is missing`);
    const signed = signedTextOf(template, signature);
    return { paper: facts, template, text: signed.text, textSha256: signed.textSha256, signature, isSignedTextIntact: signed.isIntact, readAt };
  }
  if (!template) {
    return { paper: facts, template: null, text: null, textSha256: null, signature: null, isSignedTextIntact: null, readAt };
  }
  const text = renderAgreement(template.body, {
    title: paper.title,
    proceedings: facts.proceedings,
    correspondingAuthor: paper.correspondingAuthorName,
  });
  return { paper: facts, template, text, textSha256: agreementSha256(text), signature: null, isSignedTextIntact: null, readAt };
}

/** A paper's active signature: its newest signature with no void, if any. */
export async function findActiveSignature(db: DbOrTx, paperId: string): Promise<Signature | null> {
  const [signature] = await db
    .select()
    .from(signatures)
    .where(and(eq(signatures.paperId, paperId), isActiveSignature()))
    .orderBy(desc(signatures.signedAt))
    .limit(1);
  return signature ?? null;
}
