import { getSealKey } from '@/lib/evidence/signing-key';

export const dynamic = 'force-dynamic';

/** The portal's public sealing key(s): enough to check any seal without the database. */
export async function GET() {
  const key = getSealKey();
  return Response.json(
    {
      keys: [
        {
          kid: key.keyId,
          alg: 'Ed25519',
          spki: key.publicKeySpki.toString('base64'),
          pem: key.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
        },
      ],
      sealed: 'Ed25519 signature (base64url) over the UTF-8 bytes of the canonical signature record',
      canonicalRecord:
        'JSON with keys sorted at every depth and no whitespace; fields: format ("pmlr-agreement-signature/1"), signatureId, paperId, userId, signerEmail, typedName, nameOnRecord, templateVersion, textSha256, titleAtSigning, authorsAtSigning, proceedingsAtSigning, agreedClauseIds, signedAt (ISO 8601 UTC), authMethod, sessionIdHash, ipAddress, userAgent',
    },
    { headers: { 'cache-control': 'public, max-age=3600' } },
  );
}
