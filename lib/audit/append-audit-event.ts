import 'server-only';

import { sql } from 'drizzle-orm';

import { queryRows, type Tx } from '@/db/client';
import { DATABASE_NOW } from '@/db/database-now';
import { getEnv } from '@/lib/env';
import { CHECKPOINT_QUEUE, enqueueJobs } from '@/lib/jobs/queue';
import { auditEvents, type AuditEvent } from '@/db/schema';

import { canonicalAuditEventSeal, sealRecord } from '@/lib/evidence/seal';
import { registerCurrentSealKey } from '@/lib/evidence/seal-key-ring';
import { getSealKey } from '@/lib/evidence/signing-key';

import { GENESIS_HASH, chainHash, type ChainedEventContent } from './audit-chain';

export type NewAuditEvent = {
  /** What happened, e.g. "agreement.signed". */
  action: string;
  actorUserId?: string | null;
  actorEmail?: string | null;
  paperId?: string | null;
  signatureId?: string | null;
  volumeId?: number | null;
  ipAddress?: string | null;
  userAgent?: string | null;
  details?: Record<string, unknown>;
};

// Any constant: every process appending to the chain takes the same lock.
const AUDIT_CHAIN_LOCK_ID = 71_512_023;

/**
 * Appends an event to the hash chain, inside the caller's transaction (so it commits or rolls
 * back with the change it records). A transaction-level advisory lock serializes appends: two
 * writers can never both link to the same previous event and fork the chain. Each event is
 * sealed (Ed25519 over its sequence and hash) with the portal's key, so a chain recomputed by
 * someone without the key does not verify.
 */
export async function appendAuditEvent(tx: Tx, event: NewAuditEvent): Promise<AuditEvent> {
  const [inserted] = await appendAuditEvents(tx, [event]);
  return inserted!;
}

/** Several events at once (one per paper of an import, say), in order, with one lock. */
export async function appendAuditEvents(tx: Tx, events: NewAuditEvent[]): Promise<AuditEvent[]> {
  if (events.length === 0) return [];
  // Its public half is in the key ring (every start records it; this is a no-op then).
  const key = getSealKey();
  await registerCurrentSealKey(tx);
  // The lock is its own statement: under READ COMMITTED the next statement's snapshot is taken
  // after the lock is granted, so it sees the event the previous holder committed. Signing appends
  // last in its transaction, so that the lock is held for the fewest round trips.
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_ID})`);
  // The chain's last event and the database time, in one round trip.
  const [chainEnd] = queryRows<{ sequence: number | null; hash: string | null; now: string }>(
    await tx.execute(sql`
      select last.sequence, last.hash, ${DATABASE_NOW} as now
      from (select 1) as one
      left join lateral (select sequence, hash from ${auditEvents} order by sequence desc limit 1) as last on true`),
  );
  const last = chainEnd?.sequence == null ? undefined : { sequence: Number(chainEnd.sequence), hash: chainEnd.hash! };
  const occurredAt = new Date(chainEnd!.now);
  let sequence = last?.sequence ?? 0;
  let prevHash = last?.hash ?? GENESIS_HASH;
  const rows = events.map((event) => {
    sequence += 1;
    const content: ChainedEventContent = {
      sequence,
      occurredAt,
      action: event.action,
      actorUserId: event.actorUserId ?? null,
      actorEmail: event.actorEmail ?? null,
      paperId: event.paperId ?? null,
      signatureId: event.signatureId ?? null,
      volumeId: event.volumeId ?? null,
      ipAddress: event.ipAddress ?? null,
      userAgent: event.userAgent ?? null,
      details: event.details ?? {},
    };
    const hash = chainHash(prevHash, content);
    const row = {
      ...content,
      prevHash,
      hash,
      seal: sealRecord(canonicalAuditEventSeal({ sequence, hash }), key.privateKey),
      sealKeyId: key.keyId,
    };
    prevHash = hash;
    return row;
  });
  const inserted: AuditEvent[] = [];
  // One row per statement keeps the chain trigger's "continues the last event" check exact.
  for (const row of rows) inserted.push((await tx.insert(auditEvents).values(row).returning())[0]!);
  // Every N events, a checkpoint (lib/evidence/checkpoint.ts), queued with the events themselves.
  const every = getEnv().CHECKPOINT_EVERY_EVENTS;
  if (Math.floor((last?.sequence ?? 0) / every) < Math.floor(sequence / every)) {
    await enqueueJobs(tx, [{ name: CHECKPOINT_QUEUE, data: { reason: 'events', sequence } }]);
  }
  return inserted;
}
