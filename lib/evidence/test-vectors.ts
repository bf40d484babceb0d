import { createPrivateKey, createPublicKey } from 'node:crypto';

import { canonicalJson } from '@/lib/audit/canonical-json';
import { sha256Hex } from '@/lib/crypto/sha256';

import { canonicalCheckpoint, CHECKPOINT_FORMAT, type CheckpointDocument } from './checkpoint-document';
import {
  AUDIT_EVENT_SEAL_FORMAT,
  DOCUMENT_RECORD_FORMAT,
  canonicalAuditEventSeal,
  canonicalDocumentRecord,
  canonicalSignatureRecord,
  sealRecord,
  signatureRecordObject,
  type SealedSignatureFields,
} from './seal';

// The published test vectors (docs/evidence-test-vectors.json, `npm run evidence:vectors`): the
// portal's own code computes them, and scripts/verify-evidence.mjs, which shares none of it,
// must agree. The key is a TEST key, derived from a public seed: never a portal's.
const TEST_SEED = sha256Hex('pmlr-agreement-portal evidence test vectors, not a real key');
const testKey = createPrivateKey({
  key: Buffer.from(`302e020100300506032b657004220420${TEST_SEED}`, 'hex'),
  format: 'der',
  type: 'pkcs8',
});
const testPublicKeySpki = createPublicKey(testKey).export({ format: 'der', type: 'spki' }).toString('base64');

export type TestVector = {
  name: string;
  description: string;
  object: unknown;
  canonical: string;
  sha256: string;
  publicKeySpki?: string;
  seal?: string;
};

const record: SealedSignatureFields = {
  id: '0193a8a4-5b7e-7c1d-9a2e-3f4b5c6d7e8f',
  paperId: '6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e',
  userId: 'b6c7d8e9-f0a1-4b2c-9d3e-4f5a6b7c8d9e',
  signerEmail: 'zoe.nunez@example.org',
  typedName: 'Zoë Núñez 王小明',
  nameOnRecord: 'Zoë Núñez',
  templateVersion: 1,
  textSha256: sha256Hex('the exact agreement text, as shown'),
  titleAtSigning: 'Learning “Quotes”, Ümlauts and 数学 in One Title',
  authorsAtSigning: ['Zoë Núñez', 'Ada Lovelace', 'Σωκράτης'],
  proceedingsAtSigning: 'Proceedings of Machine Learning Research, volume 151 (AISTATS 2022)',
  agreedClauseIds: ['authority', 'licence-cc-by', 'electronic-signature'],
  signedAt: new Date('2026-11-25T09:30:15.120Z'),
  authMethod: 'email-magic-link',
  sessionIdHash: sha256Hex('a session cookie'),
  ipAddress: '198.51.100.23',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
  recordFormat: 2,
  forwardedForClaimed: '203.0.113.66, 10.0.0.1',
};

function vector(name: string, description: string, object: unknown, canonical: string, sealed: boolean): TestVector {
  return {
    name,
    description,
    object,
    canonical,
    sha256: sha256Hex(canonical),
    ...(sealed ? { publicKeySpki: testPublicKeySpki, seal: sealRecord(canonical, testKey) } : {}),
  };
}

export function buildTestVectors(): { about: string; vectors: TestVector[] } {
  const v2 = signatureRecordObject(record);
  const v1Fields = { ...record, recordFormat: 1, forwardedForClaimed: null };
  const checkpoint: CheckpointDocument = {
    format: CHECKPOINT_FORMAT,
    portal: 'https://agreements.example.org',
    checkpointedAt: '2026-11-25T02:15:00.004Z',
    auditEvents: { count: 1234, headHash: sha256Hex('head') },
    signatures: { count: 491, runningHash: sha256Hex('running') },
    sealKeyId: sha256Hex(Buffer.from(testPublicKeySpki, 'base64')).slice(0, 16),
  };
  const edge = {
    '10': 'integer-like keys sort as strings: "10" before "9"',
    '9': null,
    B: [0, -0, 1e21, 1e-7, 0.1, 123456789012345680000, -1.5],
    a: { é: 'after every ASCII letter', '€': 'U+20AC sorts after é (U+00E9)', Z: true },
    text: 'line\u2028separator, "quotes", back\\slash, tab\t, nul\u0000, emoji 🎉',
  };
  return {
    about:
      'Test vectors for the portal’s sealed records (docs/evidence-format.md). canonical = RFC 8785 (JCS) of object; ' +
      'sha256 = SHA-256 of its UTF-8 bytes (hex); seal = Ed25519 over those bytes, base64url without padding, with the ' +
      'TEST key whose SubjectPublicKeyInfo (DER, base64) is publicKeySpki. Check: node scripts/verify-evidence.mjs --vectors FILE',
    vectors: [
      vector(
        'signature-record-v2',
        'A signature record, format 2 (non-ASCII names, a claimed X-Forwarded-For)',
        v2,
        canonicalSignatureRecord(record),
        true,
      ),
      vector(
        'signature-record-v1',
        'A signature record, format 1 (before forwardedForClaimed)',
        signatureRecordObject(v1Fields),
        canonicalSignatureRecord(v1Fields),
        true,
      ),
      vector(
        'document-record',
        'The document seal: which PDF (by SHA-256) is the signature’s',
        { format: DOCUMENT_RECORD_FORMAT, signatureId: record.id, pdfSha256: sha256Hex('the PDF bytes') },
        canonicalDocumentRecord({ signatureId: record.id, pdfSha256: sha256Hex('the PDF bytes') }),
        true,
      ),
      vector(
        'audit-event-seal',
        'An audit event’s seal: its sequence and chain hash',
        { format: AUDIT_EVENT_SEAL_FORMAT, sequence: 42, hash: sha256Hex('event 42') },
        canonicalAuditEventSeal({ sequence: 42, hash: sha256Hex('event 42') }),
        true,
      ),
      vector('checkpoint', 'An evidence checkpoint', checkpoint, canonicalCheckpoint(checkpoint), true),
      vector('jcs-edge-cases', 'RFC 8785 corner cases: key order, numbers, escapes (no seal)', edge, canonicalJson(edge), false),
    ],
  };
}
