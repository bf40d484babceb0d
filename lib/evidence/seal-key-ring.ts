import 'server-only';

import { asc, eq, sql } from 'drizzle-orm';

import { beforeDatabaseCloses, type DbOrTx } from '@/db/client';
import { sealKeys, type SealKeyRow } from '@/db/schema';

import { getSealKey } from './signing-key';

export type RingKey = SealKeyRow & {
  /** When the next key took over; null for the newest key. */
  retiredAt: Date | null;
  isCurrent: boolean;
};

const registered = globalThis as unknown as { __sealKeyRegistered?: Set<string> };
// Per database: a process that opens another (a command, a test) records the key there too.
beforeDatabaseCloses(async () => registered.__sealKeyRegistered?.clear());

/**
 * Records the public half of the current sealing key (SIGNING_KEY) in the key ring, once.
 * Earlier keys stay in the ring, so a rotation never makes an older seal unverifiable. A key
 * first recorded after it already sealed records (an install older than the ring) counts as
 * active from its first seal.
 */
export async function registerCurrentSealKey(db: DbOrTx): Promise<string> {
  const key = getSealKey();
  registered.__sealKeyRegistered ??= new Set();
  if (registered.__sealKeyRegistered.has(key.keyId)) return key.keyId;
  await db
    .insert(sealKeys)
    .values({
      keyId: key.keyId,
      publicKeySpki: key.publicKeySpki.toString('base64'),
      activatedAt: sql`least(now(), coalesce((select min(signed_at) from signatures where seal_key_id = ${key.keyId}), now()))`,
    })
    .onConflictDoNothing({ target: sealKeys.keyId });
  // Remembered only once committed: a transaction that rolls back takes the row with it.
  if (!isTransaction(db)) registered.__sealKeyRegistered.add(key.keyId);
  return key.keyId;
}

const isTransaction = (db: DbOrTx) => 'rollback' in db;

/** Every key that has sealed records, oldest first, with the period each was in use. */
export async function listSealKeys(db: DbOrTx): Promise<RingKey[]> {
  const rows = await db.select().from(sealKeys).orderBy(asc(sealKeys.activatedAt), asc(sealKeys.keyId));
  const currentId = process.env.SIGNING_KEY ? getSealKey().keyId : null;
  return rows.map((row, index) => ({
    ...row,
    retiredAt: rows[index + 1]?.activatedAt ?? null,
    isCurrent: row.keyId === currentId,
  }));
}

/** The public key (SPKI DER) that a seal names, from the ring; null if the ring has no such key. */
export async function findSealPublicKey(db: DbOrTx, keyId: string): Promise<Buffer | null> {
  const [row] = await db.select({ spki: sealKeys.publicKeySpki }).from(sealKeys).where(eq(sealKeys.keyId, keyId));
  return row ? Buffer.from(row.spki, 'base64') : null;
}
