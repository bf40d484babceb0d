import 'server-only';

import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

import { sha256Hex } from '@/lib/crypto/sha256';

export type SealKey = { keyId: string; privateKey: KeyObject; publicKey: KeyObject; publicKeySpki: Buffer };

const cache = globalThis as unknown as { __sealKey?: { source: string; key: SealKey } };

/**
 * The portal's Ed25519 sealing key, from SIGNING_KEY: a PKCS#8 key, PEM or base64 DER.
 * `npm start` / `npm run dev` create one in .env.local on first start (scripts/ensure-env.mjs).
 */
export function getSealKey(): SealKey {
  const source = process.env.SIGNING_KEY;
  if (!source) throw new Error('SIGNING_KEY is not set: the portal cannot seal signatures (see README, Configuration).');
  if (cache.__sealKey?.source === source) return cache.__sealKey.key;
  const privateKey = source.includes('BEGIN')
    ? createPrivateKey(source)
    : createPrivateKey({ key: Buffer.from(source, 'base64'), format: 'der', type: 'pkcs8' });
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('SIGNING_KEY must be an Ed25519 private key');
  const publicKey = createPublicKey(privateKey);
  const publicKeySpki = publicKey.export({ format: 'der', type: 'spki' });
  const key = { keyId: keyIdOf(publicKeySpki), privateKey, publicKey, publicKeySpki };
  cache.__sealKey = { source, key };
  return key;
}

/** A short, stable name for a public key: the first 16 hex digits of its SPKI's SHA-256. */
export function keyIdOf(publicKeySpki: Buffer): string {
  return sha256Hex(publicKeySpki).slice(0, 16);
}
