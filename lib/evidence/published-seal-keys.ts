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
    sealed: 'Ed25519 signature (base64url) over the UTF-8 bytes of the canonical signature record, with the key its sealKeyId names',
    canonicalRecord:
      'JSON with keys sorted at every depth and no whitespace; fields: format ("pmlr-agreement-signature/1"), signatureId, paperId, userId, signerEmail, typedName, nameOnRecord, templateVersion, textSha256, titleAtSigning, authorsAtSigning, proceedingsAtSigning, agreedClauseIds, signedAt (ISO 8601 UTC), authMethod, sessionIdHash, ipAddress, userAgent',
  };
}
