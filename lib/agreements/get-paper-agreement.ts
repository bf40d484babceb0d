import 'server-only';

import { and, asc, desc, eq, sql } from 'drizzle-orm';

import { getDb, type DbOrTx } from '@/db/client';
import {
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
import { getAgreementVersion } from './find-agreement-version';
import { agreementSha256, proceedingsName, renderAgreement } from './render-agreement';
import { renderSignedText } from './render-signed-text';

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
};



/**
 * A paper and its agreement, for its corresponding author only: the ownership test is part of
 * the query, so another user's paper id finds nothing (null), exactly like a missing one.
 */
export async function getPaperAgreement(user: CurrentUser | null, paperId: string): Promise<PaperAgreement | null> {
  if (!user || !isUuid(paperId)) return null;
  const db = await getDb();
  const [paper] = await db
    .select({
      id: papers.id,
      volumeId: papers.volumeId,
      paperKey: papers.paperKey,
      title: papers.title,
      status: papers.status,
      correspondingAuthorName: papers.correspondingAuthorName,
      volumeNumber: volumes.number,
      volumeName: volumes.name,
      volumeAgreementVersion: volumes.agreementVersion,
      signingDeadline: volumes.signingDeadline,
      // Its own publication, else its volume's (clause 7 is satisfied by either).
      publishedOn: sql<string | null>`coalesce(${papers.publishedOn}, ${volumes.publishedOn})`,
      publicationUrl: sql<string | null>`coalesce(${papers.publishedUrl}, ${volumes.proceedingsUrl})`,
    })
    .from(papers)
    .innerJoin(volumes, eq(volumes.id, papers.volumeId))
    .where(and(eq(papers.id, paperId), authorOfPaper(user)));
  if (!paper) return null;
  return loadAgreement(db, paper);
}

async function loadAgreement(
  db: DbOrTx,
  paper: PaperFacts & {
    volumeNumber: number;
    volumeName: string;
    volumeAgreementVersion: number | null;
    signingDeadline: string | null;
    publishedOn?: string | null;
    publicationUrl?: string | null;
  },
): Promise<PaperAgreement> {
  const authors = await db
    .select({ name: paperAuthors.name, isCorresponding: paperAuthors.isCorresponding })
    .from(paperAuthors)
    .where(eq(paperAuthors.paperId, paper.id))
    .orderBy(asc(paperAuthors.position));
  const signature = await findActiveSignature(db, paper.id);
  const volume = { number: paper.volumeNumber, name: paper.volumeName, signingDeadline: paper.signingDeadline };
  const proceedings = proceedingsName(volume);

  if (signature) {
    const signed = await renderSignedText(db, signature);
    return {
      paper: { ...paper, proceedings, volume, authors },
      template: signed.template,
      text: signed.text,
      textSha256: signed.textSha256,
      signature,
      isSignedTextIntact: signed.isIntact,
    };
  }

  const template = paper.volumeAgreementVersion === null ? null : await getAgreementVersion(db, paper.volumeAgreementVersion);
  if (!template) {
    return {
      paper: { ...paper, proceedings, volume, authors },
      template: null,
      text: null,
      textSha256: null,
      signature: null,
      isSignedTextIntact: null,
    };
  }
  const text = renderAgreement(template.body, {
    title: paper.title,
    proceedings,
    correspondingAuthor: paper.correspondingAuthorName,
  });
  return {
    paper: { ...paper, proceedings, volume, authors },
    template,
    text,
    textSha256: agreementSha256(text),
    signature: null,
    isSignedTextIntact: null,
  };
}

export async function findActiveSignature(db: DbOrTx, paperId: string): Promise<Signature | null> {
  const [signature] = await db
    .select()
    .from(signatures)
    .where(and(eq(signatures.paperId, paperId), isActiveSignature()))
    .orderBy(desc(signatures.signedAt))
    .limit(1);
  return signature ?? null;
}
