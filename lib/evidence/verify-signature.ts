import 'server-only';

import { and, eq, sql } from 'drizzle-orm';

import { getDb } from '@/db/client';
import { signatureDocuments, signatureVoids, signatures, type Signature } from '@/db/schema';
import { isUuid } from '@/lib/uuid';
import { sha256Hex } from '@/lib/crypto/sha256';

import { canonicalDocumentRecord, canonicalSignatureRecord, isSealValid } from './seal';
import { findSealPublicKey } from './seal-key-ring';

/** One thing /verify checked, named so that a failure says which. */
export type VerificationCheck = { label: string; ok: boolean; failure: string };

export type VerificationResult =
  | {
      isValid: true;
      signedBy: string;
      signedAt: Date;
      title: string;
      proceedings: string;
      templateVersion: number;
      textSha256: string;
      pdfSha256: string;
      signatureId: string;
      checks: VerificationCheck[];
    }
  | { isValid: false; reason: string; checks?: VerificationCheck[] };

const UNKNOWN_PDF =
  'This PDF is not a signed agreement issued by this portal, or it was changed after signing: even one changed byte makes it fail.';
const UNKNOWN_ID = 'No signed agreement has this signature id and text hash.';

/**
 * Checks an uploaded PDF: it must be the very document the portal stored for a signature, by
 * SHA-256 three ways (the upload, the hash in the signature's record, the stored bytes), with
 * both seals valid: the record's, and the document seal binding that hash to the signature.
 */
export async function verifySignedPdf(bytes: Uint8Array): Promise<VerificationResult> {
  const uploadSha256 = sha256Hex(bytes);
  const db = await getDb();
  const [found] = await db
    .select({ signature: signatures })
    .from(signatureDocuments)
    .innerJoin(signatures, eq(signatures.id, signatureDocuments.signatureId))
    .where(eq(signatureDocuments.pdfSha256, uploadSha256));
  // Also a PDF whose recorded hash is in a signature but whose stored copy was swapped.
  const signature =
    found?.signature ?? (await db.select().from(signatures).where(eq(signatures.pdfSha256, uploadSha256)))[0] ?? null;
  if (!signature) return { isValid: false, reason: UNKNOWN_PDF };
  return judge(signature, { uploadSha256 });
}

/** Checks a signature id together with the SHA-256 of the text it covers. */
export async function verifySignatureId(signatureId: string, textSha256: string): Promise<VerificationResult> {
  const hash = textSha256.trim().toLowerCase();
  if (!isUuid(signatureId.trim()) || !/^[0-9a-f]{64}$/.test(hash)) return { isValid: false, reason: UNKNOWN_ID };
  const db = await getDb();
  const [signature] = await db
    .select()
    .from(signatures)
    .where(and(eq(signatures.id, signatureId.trim()), eq(signatures.textSha256, hash)));
  if (!signature) return { isValid: false, reason: UNKNOWN_ID };
  return judge(signature, {});
}

async function judge(signature: Signature, input: { uploadSha256?: string }): Promise<VerificationResult> {
  const db = await getDb();
  const [document] = await db
    .select({
      pdfSha256: signatureDocuments.pdfSha256,
      storedSha256: sql<string>`encode(sha256(${signatureDocuments.pdf}), 'hex')`,
      seal: signatureDocuments.seal,
      sealKeyId: signatureDocuments.sealKeyId,
    })
    .from(signatureDocuments)
    .where(eq(signatureDocuments.signatureId, signature.id));
  // The key each seal names, from the key ring: a rotation leaves older seals checkable.
  const recordKey = await findSealPublicKey(db, signature.sealKeyId);
  const documentKey = document?.sealKeyId ? await findSealPublicKey(db, document.sealKeyId) : null;
  const checks: VerificationCheck[] = [
    ...(input.uploadSha256 !== undefined
      ? [
          {
            label: 'The uploaded PDF’s SHA-256 is the one in the signature’s record',
            ok: input.uploadSha256 === signature.pdfSha256,
            failure: 'This PDF is not the document recorded for the signature: the record names another PDF hash.',
          },
        ]
      : []),
    {
      label: 'The portal’s stored copy of the PDF has the recorded SHA-256',
      ok: !!document && document.pdfSha256 === signature.pdfSha256 && document.storedSha256 === signature.pdfSha256,
      failure:
        'The portal’s stored copy of this signed agreement no longer has the hash recorded at signing: it was replaced.',
    },
    {
      label: 'The signature record matches its seal',
      ok: !!recordKey && isSealValid(canonicalSignatureRecord(signature), signature.seal, recordKey),
      failure: recordKey
        ? 'The signature record no longer matches its seal.'
        : 'This signature is not sealed with any of the portal’s published keys.',
    },
    {
      label: 'The document seal binds this PDF to the signature',
      // Documents stored before document seals existed have none: the record's hash still binds them.
      ok:
        document?.seal == null
          ? !!document && document.sealKeyId === null
          : !!documentKey &&
            isSealValid(
              canonicalDocumentRecord({ signatureId: signature.id, pdfSha256: signature.pdfSha256 }),
              document.seal,
              documentKey,
            ),
      failure: 'The document seal does not bind this PDF hash to the signature.',
    },
  ];
  const failed = checks.find((check) => !check.ok);
  if (failed) return { isValid: false, reason: failed.failure, checks };
  const [voided] = await db.select().from(signatureVoids).where(eq(signatureVoids.signatureId, signature.id));
  if (voided) {
    return {
      isValid: false,
      reason: `This signature was voided on ${voided.voidedAt.toISOString().slice(0, 10)}.`,
      checks,
    };
  }
  return {
    isValid: true,
    signedBy: signature.typedName,
    signedAt: signature.signedAt,
    title: signature.titleAtSigning,
    proceedings: signature.proceedingsAtSigning,
    templateVersion: signature.templateVersion,
    textSha256: signature.textSha256,
    pdfSha256: signature.pdfSha256,
    signatureId: signature.id,
    checks,
  };
}
