import 'server-only';

import { desc, sql } from 'drizzle-orm';

import type { Tx } from '@/db/client';
import { databaseNow } from '@/db/database-now';
import { auditEvents, type AuditEvent } from '@/db/schema';

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
 * writers can never both link to the same previous event and fork the chain.
 */
export async function appendAuditEvent(tx: Tx, event: NewAuditEvent): Promise<AuditEvent> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_ID})`);
  const [last] = await tx
    .select({ sequence: auditEvents.sequence, hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.sequence))
    .limit(1);

  const content: ChainedEventContent = {
    sequence: (last?.sequence ?? 0) + 1,
    occurredAt: await databaseNow(tx),
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
  const prevHash = last?.hash ?? GENESIS_HASH;
  const [inserted] = await tx
    .insert(auditEvents)
    .values({ ...content, prevHash, hash: chainHash(prevHash, content) })
    .returning();
  return inserted!;
}
