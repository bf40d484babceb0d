import { canonicalJson } from '@/lib/audit/canonical-json';
import { sha256Hex } from '@/lib/crypto/sha256';

import { canonicalSignatureRecord, type SealedSignatureFields } from './seal';

export const GENESIS_SIGNATURES_HASH = '0'.repeat(64);

/** What a checkpoint's running hash takes from each signature, in the order of their audit events. */
export type SignatureDigestInput = SealedSignatureFields & {
  seal: string;
  sealKeyId: string;
  pdfSha256: string;
  documentSeal: string | null;
};

/**
 * The running hash over signatures: H0 = 64 zeros, then for each signature (in the order of its
 * "agreement.signed" audit event) H = SHA-256(H, "\n", the canonical entry), where the entry names
 * the signature, the SHA-256 of its canonical record, both seals and the PDF's SHA-256. A record,
 * seal, document seal or PDF hash changed, removed or added anywhere changes every later H.
 */
export function nextSignaturesHash(previous: string, signature: SignatureDigestInput): string {
  const entry = canonicalJson({
    signatureId: signature.id,
    recordSha256: sha256Hex(canonicalSignatureRecord(signature)),
    seal: signature.seal,
    sealKeyId: signature.sealKeyId,
    pdfSha256: signature.pdfSha256,
    documentSeal: signature.documentSeal,
  });
  return sha256Hex(`${previous}\n${entry}`);
}
