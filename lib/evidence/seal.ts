import { createPublicKey, sign, verify } from 'node:crypto';

import type { Signature } from '@/db/schema';
import { canonicalJson } from '@/lib/audit/canonical-json';

/** The fields of a signature that its seal covers, in the portal's canonical form (version 1). */
export function canonicalSignatureRecord(
  signature: Pick<
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
  >,
): string {
  return canonicalJson({
    format: 'pmlr-agreement-signature/1',
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
    ipAddress: signature.ipAddress,
    userAgent: signature.userAgent,
  });
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
