import 'server-only';

import { stringify } from 'csv-stringify/sync';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { z } from 'zod';

import { getDb } from '@/db/client';
import { agreementTemplates, papers, signatures, signatureDocuments, volumes, type Volume } from '@/db/schema';
import { activeSignatureOfPaper, isActiveSignature } from '@/lib/agreements/active-signature';
import { requireTokenVolume, tokenVolumes, type TokenPrincipal } from '@/lib/auth/authorization';
import { signingStatusSql, type PaperSigningStatus } from '@/lib/editor/paper-status';
import { ValidationError } from '@/lib/errors';
import { isUuid } from '@/lib/uuid';
import { lapsesAtSql, publishedOnSql } from '@/lib/publication/clause7';

/** One paper as the proceedings pipeline reads it (GET /api/v1/volumes/{n}/papers). */
export type PipelinePaper = {
  key: string;
  title: string;
  correspondingAuthor: { name: string; email: string };
  status: PaperSigningStatus;
  signatureId: string | null;
  signedAt: string | null;
  agreementVersion: number | null;
  textSha256: string | null;
  pdfSha256: string | null;
  /** Clause 7: when the agreement ends if the paper is still unpublished. */
  lapsesAt: string | null;
  publishedOn: string | null;
  publicationUrl: string | null;
};

export const PIPELINE_CSV_COLUMNS = [
  'key',
  'title',
  'corresponding_author',
  'corresponding_email',
  'status',
  'signature_id',
  'signed_at',
  'agreement_version',
  'text_sha256',
  'pdf_sha256',
  'lapses_at',
  'published_on',
  'publication_url',
] as const;

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1, 'limit must be 1 to 500').max(500, 'limit must be 1 to 500').default(100),
  cursor: z.string().max(400).optional(),
});

/** The cursor is the last key of the previous page, opaque to clients (base64url of JSON). */
function encodeCursor(key: string): string {
  return Buffer.from(JSON.stringify({ after: key })).toString('base64url');
}

function decodeCursor(cursor: string | undefined): string | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof value.after === 'string' && value.after.length > 0 && value.after.length <= 200) return value.after;
  } catch {
    // fall through
  }
  throw new ValidationError('cursor is not one this API gave out: start again without it.');
}

async function pageOfPapers(volume: Volume, after: string | null, limit: number): Promise<PipelinePaper[]> {
  const db = await getDb();
  const rows = await db
    .select({
      key: papers.paperKey,
      title: papers.title,
      name: papers.correspondingAuthorName,
      email: papers.correspondingAuthorEmail,
      status: signingStatusSql,
      signatureId: signatures.id,
      signedAt: signatures.signedAt,
      agreementVersion: signatures.templateVersion,
      textSha256: signatures.textSha256,
      pdfSha256: signatures.pdfSha256,
      lapsesAt: sql<string | null>`case when ${signatures.id} is not null and jsonb_typeof(${agreementTemplates.presentation}->'termination') = 'object'
        then to_char(${lapsesAtSql} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') end`,
      publishedOn: publishedOnSql,
      publicationUrl: sql<string | null>`coalesce(${papers.publishedUrl}, ${volumes.proceedingsUrl})`,
    })
    .from(papers)
    .innerJoin(volumes, eq(volumes.id, papers.volumeId))
    .leftJoin(signatures, activeSignatureOfPaper())
    .leftJoin(agreementTemplates, eq(agreementTemplates.version, signatures.templateVersion))
    .where(and(eq(papers.volumeId, volume.id), after === null ? undefined : gt(papers.paperKey, after)))
    .orderBy(asc(papers.paperKey))
    .limit(limit);
  return rows.map((row) => ({
    key: row.key,
    title: row.title,
    correspondingAuthor: { name: row.name, email: row.email },
    status: row.status,
    signatureId: row.signatureId,
    signedAt: row.signedAt ? row.signedAt.toISOString() : null,
    agreementVersion: row.agreementVersion,
    textSha256: row.textSha256,
    pdfSha256: row.pdfSha256,
    lapsesAt: row.lapsesAt,
    publishedOn: row.publishedOn,
    publicationUrl: row.publicationUrl,
  }));
}

/** A page of a volume's papers in key order, and the cursor of the next page (null: the last). */
export async function listPipelinePapers(
  principal: TokenPrincipal,
  volumeNumber: number,
  query: { limit: number; cursor?: string },
): Promise<{ volume: Volume; papers: PipelinePaper[]; nextCursor: string | null }> {
  const volume = await requireTokenVolume(principal, volumeNumber);
  const after = decodeCursor(query.cursor);
  const rows = await pageOfPapers(volume, after, query.limit + 1);
  const page = rows.slice(0, query.limit);
  return { volume, papers: page, nextCursor: rows.length > query.limit ? encodeCursor(page.at(-1)!.key) : null };
}

/**
 * Every paper of the volume as CSV, streamed a batch at a time. The token is checked before the
 * stream is made, so a refusal is a 404 and never a broken download.
 */
export async function pipelineCsvStream(principal: TokenPrincipal, volumeNumber: number, batchSize = 1000): Promise<ReadableStream<Uint8Array>> {
  const volume = await requireTokenVolume(principal, volumeNumber);
  const encoder = new TextEncoder();
  let after: string | null = null;
  let done = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(stringify([[...PIPELINE_CSV_COLUMNS]])));
    },
    async pull(controller) {
      const batch = done ? [] : await pageOfPapers(volume, after, batchSize);
      if (batch.length === 0) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(stringify(batch.map(pipelineCsvRecord))));
      after = batch.at(-1)!.key;
      done = batch.length < batchSize;
    },
  });
}

export function pipelineCsvRecord(paper: PipelinePaper): string[] {
  return [
    paper.key,
    paper.title,
    paper.correspondingAuthor.name,
    paper.correspondingAuthor.email,
    paper.status,
    paper.signatureId ?? '',
    paper.signedAt ?? '',
    paper.agreementVersion === null ? '' : String(paper.agreementVersion),
    paper.textSha256 ?? '',
    paper.pdfSha256 ?? '',
    paper.lapsesAt ?? '',
    paper.publishedOn ?? '',
    paper.publicationUrl ?? '',
  ];
}

/** The sealed PDF of an active signature in one of the token's volumes; null otherwise (404). */
export async function getPipelineSignaturePdf(
  principal: TokenPrincipal,
  signatureId: string,
): Promise<{ pdf: Uint8Array; pdfSha256: string; paperKey: string; volumeNumber: number } | null> {
  if (!isUuid(signatureId)) return null;
  const db = await getDb();
  const [row] = await db
    .select({ pdf: signatureDocuments.pdf, pdfSha256: signatureDocuments.pdfSha256, paperKey: papers.paperKey, volumeNumber: volumes.number })
    .from(signatures)
    .innerJoin(signatureDocuments, eq(signatureDocuments.signatureId, signatures.id))
    .innerJoin(papers, eq(papers.id, signatures.paperId))
    .innerJoin(volumes, eq(volumes.id, papers.volumeId))
    .where(and(eq(signatures.id, signatureId), isActiveSignature(), tokenVolumes(principal, papers.volumeId)));
  return row ?? null;
}
