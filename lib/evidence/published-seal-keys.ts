import 'server-only';

import { createPublicKey } from 'node:crypto';

import { getDb } from '@/db/client';

import { listSealKeys } from './seal-key-ring';

/** The public key list served at /.well-known/agreement-seal-keys.json. Public by design. */
export async function getPublishedSealKeys() {
  const keys = await listSealKeys(await getDb());
  return {
    keys: keys.map((key) => ({
      kid: key.keyId,
      alg: key.algorithm,
      current: key.isCurrent,
      inUseFrom: key.activatedAt.toISOString(),
      inUseUntil: key.retiredAt?.toISOString() ?? null,
      spki: key.publicKeySpki,
      pem: createPublicKey({ key: Buffer.from(key.publicKeySpki, 'base64'), format: 'der', type: 'spki' })
        .export({ format: 'pem', type: 'spki' })
        .toString(),
    })),
    sealed:
      'Ed25519 signature (base64url, no padding) over the UTF-8 bytes of a canonical record (RFC 8785 JSON Canonicalization Scheme), with the key its sealKeyId names',
    formats: {
      'pmlr-agreement-signature/2':
        'format, signatureId, paperId, userId, signerEmail, typedName, nameOnRecord, templateVersion, textSha256, titleAtSigning, authorsAtSigning, proceedingsAtSigning, agreedClauseIds, signedAt, authMethod, sessionIdHash, ipAddress, userAgent, forwardedForClaimed',
      'pmlr-agreement-signature/1': 'as /2 without forwardedForClaimed (signatures made before it)',
      'pmlr-agreement-document/1':
        'format, signatureId, pdfSha256: the second seal, binding the stored PDF to the signature',
      'pmlr-audit-event/1': 'format, sequence, hash: each audit event',
      'pmlr-evidence-checkpoint/1':
        'format, portal, checkpointedAt, auditEvents {count, headHash}, signatures {count, runningHash}, sealKeyId',
    },
    timestamps: 'strings YYYY-MM-DDTHH:MM:SS.sssZ (UTC, exactly three fractional digits)',
    specification: 'docs/evidence-format.md in the portal’s repository, with test vectors',
  };
}
