import 'server-only';

import { once } from 'node:events';
import { Transform, type Readable } from 'node:stream';

import { ZipArchive } from 'archiver';
import { stringify } from 'csv-stringify/sync';
import { and, asc, eq } from 'drizzle-orm';

import { getDb, type DbOrTx } from '@/db/client';
import { papers, signatureDocuments, signatures, volumes, type Volume } from '@/db/schema';
import { activeSignatureOfPaper } from '@/lib/agreements/active-signature';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { requireVolumeEditor } from '@/lib/auth/authorization';
import type { RequestContext } from '@/lib/auth/request-context';
import type { CurrentUser } from '@/lib/auth/roles';
import { publicBaseUrl } from '@/lib/env';

// PMLR's FAQ asks publications chairs for a folder "vXpermissions" holding one signed form per
// paper, named after its key with the suffix "Permission" (turner10aPermission.pdf). This is that
// folder, zipped: the sealed PDFs byte for byte, and a MANIFEST.csv that also lists every paper
// still awaiting a signature, so an incomplete folder says so in its name and inside.

export const MANIFEST_COLUMNS = ['status', 'key', 'title', 'signer', 'signed_at', 'pdf_sha256', 'signature_id', 'verify_url'] as const;

export type PermissionsPlan = {
  volume: Volume;
  signed: { key: string; title: string; signer: string; signedAt: Date; pdfSha256: string; signatureId: string; textSha256: string }[];
  missing: { key: string; title: string; correspondingAuthorName: string }[];
  folder: string;
  filename: string;
  isComplete: boolean;
};

/** A file name from a paper key: the import allows only letters, digits, ".", "_" and "-", but be sure. */
export function permissionFileName(folder: string, key: string): string {
  return `${folder}/${key.replace(/[^A-Za-z0-9._-]/g, '_')}Permission.pdf`;
}

export async function planPermissionsFolder(db: DbOrTx, volume: Volume): Promise<PermissionsPlan> {
  const rows = await db
    .select({
      key: papers.paperKey,
      title: papers.title,
      status: papers.status,
      correspondingAuthorName: papers.correspondingAuthorName,
      signatureId: signatures.id,
      signer: signatures.typedName,
      signedAt: signatures.signedAt,
      pdfSha256: signatures.pdfSha256,
      textSha256: signatures.textSha256,
    })
    .from(papers)
    .leftJoin(signatures, activeSignatureOfPaper())
    .where(eq(papers.volumeId, volume.id))
    .orderBy(asc(papers.paperKey));
  const signed = rows.flatMap((row) =>
    row.signatureId
      ? [{ key: row.key, title: row.title, signer: row.signer!, signedAt: row.signedAt!, pdfSha256: row.pdfSha256!, signatureId: row.signatureId, textSha256: row.textSha256! }]
      : [],
  );
  const missing = rows
    .filter((row) => !row.signatureId && row.status === 'accepted')
    .map((row) => ({ key: row.key, title: row.title, correspondingAuthorName: row.correspondingAuthorName }));
  const folder = `v${volume.number}permissions`;
  const isComplete = missing.length === 0;
  return { volume, signed, missing, folder, filename: `${folder}${isComplete ? '' : '-incomplete'}.zip`, isComplete };
}

/** The plan for an editor of the volume (404 for anyone else). */
export async function getPermissionsPlan(user: CurrentUser | null, volumeNumber: number): Promise<PermissionsPlan> {
  const volume = await requireVolumeEditor(user, volumeNumber);
  return planPermissionsFolder(await getDb(), volume);
}

function manifest(plan: PermissionsPlan): string {
  const base = publicBaseUrl();
  return stringify([
    [...MANIFEST_COLUMNS],
    ...plan.signed.map((paper) => [
      'signed',
      paper.key,
      paper.title,
      paper.signer,
      paper.signedAt.toISOString(),
      paper.pdfSha256,
      paper.signatureId,
      `${base}/verify?signature=${paper.signatureId}&hash=${paper.textSha256}`,
    ]),
    ...plan.missing.map((paper) => ['awaiting signature', paper.key, paper.title, '', '', '', '', '']),
  ]);
}

/** How far the archive may run ahead of its reader. */
const READ_AHEAD_BYTES = 4 * 1024 * 1024;

/**
 * The zip as a stream. PDFs are stored (they are compressed already) and read from the database
 * one at a time, and the next is read only once the reader has taken all but READ_AHEAD_BYTES of
 * what came before: the archive's own buffers do not wait for a slow reader, so this does, and
 * memory stays flat however many papers the volume has.
 */
export function permissionsZipStream(plan: PermissionsPlan): Readable {
  const archive = new ZipArchive({ store: true });
  let appended = 0;
  let taken = 0;
  const output = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      taken += chunk.length;
      output.emit('taken');
      done(null, chunk);
    },
  });
  archive.on('error', (error) => output.destroy(error));
  archive.pipe(output);
  const nextRead = () =>
    new Promise<void>((resolve) => {
      const settle = () => {
        output.off('taken', settle);
        output.off('close', settle);
        resolve();
      };
      output.on('taken', settle);
      output.on('close', settle);
    });
  const readerCaughtUp = async () => {
    while (appended - taken > READ_AHEAD_BYTES && !output.destroyed) await nextRead();
  };
  void (async () => {
    try {
      const db = await getDb();
      for (const paper of plan.signed) {
        await readerCaughtUp();
        if (output.destroyed) return;
        const [document] = await db
          .select({ pdf: signatureDocuments.pdf })
          .from(signatureDocuments)
          .where(and(eq(signatureDocuments.signatureId, paper.signatureId), eq(signatureDocuments.pdfSha256, paper.pdfSha256)));
        if (!document) throw new Error(`the stored PDF of signature ${paper.signatureId} is missing`);
        const processed = once(archive, 'entry');
        archive.append(Buffer.from(document.pdf), { name: permissionFileName(plan.folder, paper.key), date: paper.signedAt });
        appended += document.pdf.byteLength;
        await processed;
      }
      archive.append(manifest(plan), { name: `${plan.folder}/MANIFEST.csv`, date: new Date() });
      await archive.finalize();
    } catch (error) {
      output.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  })();
  return output;
}

/** Records that the folder was handed out: by whom, how complete, under which name. */
export async function recordPermissionsDownload(
  plan: PermissionsPlan,
  actor: { user: CurrentUser | null; context: RequestContext | null; via: 'editor' | 'command line' },
): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await appendAuditEvent(tx, {
      action: 'permissions.downloaded',
      actorUserId: actor.user?.id ?? null,
      actorEmail: actor.user?.email ?? null,
      volumeId: plan.volume.id,
      ipAddress: actor.context?.ipAddress ?? null,
      userAgent: actor.context?.userAgent ?? null,
      details: { filename: plan.filename, signed: plan.signed.length, missing: plan.missing.length, via: actor.via },
    });
  });
}

/** The volume for the command line (no editor to check: whoever runs it has the database). */
export async function findVolume(db: DbOrTx, volumeNumber: number): Promise<Volume | null> {
  const [volume] = await db.select().from(volumes).where(eq(volumes.number, volumeNumber)).limit(1);
  return volume ?? null;
}

