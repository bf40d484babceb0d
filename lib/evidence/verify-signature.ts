import 'server-only';

import { and, eq } from 'drizzle-orm';

import { getDb } from '@/db/client';
import { signatureDocuments, signatureVoids, signatures, type Signature } from '@/db/schema';
import { isUuid } from '@/lib/uuid';
import { sha256Hex } from '@/lib/crypto/sha256';

import { canonicalSignatureRecord, isSealValid } from './seal';
import { findSealPublicKey } from './seal-key-ring';

export type VerificationResult =
  | {
      isValid: true;
      signedBy: string;
      signerEmail: string;
      signedAt: Date;
      title: string;
      proceedings: string;
      templateVersion: number;
      textSha256: string;
      signatureId: string;
    }
  | { isValid: false; reason: string };

const UNKNOWN_PDF =
  'This PDF is not a signed agreement issued by this portal, or it was changed after signing: even one changed byte makes it fail.';
const UNKNOWN_ID = 'No signed agreement has this signature id and text hash.';

/** Checks an uploaded PDF: byte-identical to one the portal produced, and its record still sealed. */
export async function verifySignedPdf(bytes: Uint8Array): Promise<VerificationResult> {
  const db = await getDb();
  const [found] = await db
    .select({ signature: signatures })
    .from(signatureDocuments)
    .innerJoin(signatures, eq(signatures.id, signatureDocuments.signatureId))
    .where(eq(signatureDocuments.pdfSha256, sha256Hex(bytes)));
  if (!found) return { isValid: false, reason: UNKNOWN_PDF };
  return judge(found.signature);
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
  return judge(signature);
}

async function judge(signature: Signature): Promise<VerificationResult> {
  const db = await getDb();
  const [voided] = await db.select().from(signatureVoids).where(eq(signatureVoids.signatureId, signature.id));
  if (voided) return { isValid: false, reason: `This signature was voided on ${voided.voidedAt.toISOString().slice(0, 10)}.` };
  // The key the record names, from the key ring: a rotation leaves older seals checkable.
  const publicKey = signature.seal && signature.sealKeyId ? await findSealPublicKey(db, signature.sealKeyId) : null;
  if (!signature.seal || !publicKey) {
    return { isValid: false, reason: 'This signature is not sealed with any of the portal’s published keys.' };
  }
  if (!isSealValid(canonicalSignatureRecord(signature), signature.seal, publicKey)) {
    return { isValid: false, reason: 'The signature record no longer matches its seal.' };
  }
  return {
    isValid: true,
    signedBy: signature.typedName,
    signerEmail: signature.signerEmail,
    signedAt: signature.signedAt,
    title: signature.titleAtSigning,
    proceedings: signature.proceedingsAtSigning,
    templateVersion: signature.templateVersion,
    textSha256: signature.textSha256,
    signatureId: signature.id,
  };
}
