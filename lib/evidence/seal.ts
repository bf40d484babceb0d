import { createPublicKey, sign, verify } from 'node:crypto';

import type { Signature } from '@/db/schema';
import { canonicalJson } from '@/lib/audit/canonical-json';

// Every sealed thing is a JSON object with a "format" member, serialized by RFC 8785 (JSON
// Canonicalization Scheme) and encoded as UTF-8; the seal is Ed25519 over those bytes, in
// base64url without padding. Timestamps are strings "YYYY-MM-DDTHH:MM:SS.sssZ" (UTC, exactly
// three fractional digits). docs/evidence-format.md names every field; test vectors are in
// docs/evidence-test-vectors.json and scripts/verify-evidence.mjs checks them independently.

export const SIGNATURE_RECORD_FORMATS = {
  1: 'pmlr-agreement-signature/1',
  2: 'pmlr-agreement-signature/2',
} as const;
export const CURRENT_RECORD_FORMAT = 2;
export const DOCUMENT_RECORD_FORMAT = 'pmlr-agreement-document/1';
export const AUDIT_EVENT_SEAL_FORMAT = 'pmlr-audit-event/1';

export type SealedSignatureFields = Pick<
  Signature,
  | 'id'
  | 'paperId'
  | 'userId'
  | 'signerEmail'
  | 'typedName'
  | 'nameOnRecord'
  | 'templateVersion'
  | 'textSha256'
  | 'titleAtSigning'
  | 'authorsAtSigning'
  | 'proceedingsAtSigning'
  | 'agreedClauseIds'
  | 'signedAt'
  | 'authMethod'
  | 'sessionIdHash'
  | 'ipAddress'
  | 'userAgent'
> &
  Partial<Pick<Signature, 'recordFormat' | 'forwardedForClaimed'>>;

/** The object a signature's seal covers, in the record's own format (1 or 2). */
export function signatureRecordObject(signature: SealedSignatureFields): Record<string, unknown> {
  const format = signature.recordFormat ?? 1;
  const record: Record<string, unknown> = {
    format: SIGNATURE_RECORD_FORMATS[format as 1 | 2] ?? `pmlr-agreement-signature/${format}`,
    signatureId: signature.id,
    paperId: signature.paperId,
    userId: signature.userId,
    signerEmail: signature.signerEmail,
    typedName: signature.typedName,
    nameOnRecord: signature.nameOnRecord,
    templateVersion: signature.templateVersion,
    textSha256: signature.textSha256,
    titleAtSigning: signature.titleAtSigning,
    authorsAtSigning: signature.authorsAtSigning,
    proceedingsAtSigning: signature.proceedingsAtSigning,
    agreedClauseIds: signature.agreedClauseIds,
    signedAt: signature.signedAt,
    authMethod: signature.authMethod,
    sessionIdHash: signature.sessionIdHash,
    // Format 2: the address the portal saw (socket, or as many trusted proxies said), and apart
    // from it whatever X-Forwarded-For the request claimed, never taken as the address.
    ipAddress: signature.ipAddress,
    userAgent: signature.userAgent,
  };
  if (format >= 2) record.forwardedForClaimed = signature.forwardedForClaimed ?? null;
  return record;
}

/** The fields of a signature that its seal covers, in the portal's canonical form. */
export function canonicalSignatureRecord(signature: SealedSignatureFields): string {
  return canonicalJson(signatureRecordObject(signature));
}

/** The second seal's record: which PDF is this signature's (its SHA-256). */
export function canonicalDocumentRecord(document: { signatureId: string; pdfSha256: string }): string {
  return canonicalJson({
    format: DOCUMENT_RECORD_FORMAT,
    signatureId: document.signatureId,
    pdfSha256: document.pdfSha256,
  });
}

/** What an audit event's seal covers: its place in the chain and its hash (which covers the rest). */
export function canonicalAuditEventSeal(event: { sequence: number; hash: string }): string {
  return canonicalJson({ format: AUDIT_EVENT_SEAL_FORMAT, sequence: event.sequence, hash: event.hash });
}

/** Ed25519 signature (base64url) over the canonical record's UTF-8 bytes. */
export function sealRecord(canonicalRecord: string, privateKey: Parameters<typeof sign>[2]): string {
  return sign(null, Buffer.from(canonicalRecord, 'utf8'), privateKey).toString('base64url');
}

/** Checks a seal with a public key given as SPKI DER (e.g. from the published key list). */
export function isSealValid(canonicalRecord: string, seal: string, publicKeySpki: Buffer): boolean {
  try {
    const key = createPublicKey({ key: publicKeySpki, format: 'der', type: 'spki' });
    return verify(null, Buffer.from(canonicalRecord, 'utf8'), key, Buffer.from(seal, 'base64url'));
  } catch {
    return false;
  }
}
