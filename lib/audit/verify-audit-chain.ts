import 'server-only';

import { asc, gt } from 'drizzle-orm';

import type { Db } from '@/db/client';
import { auditEvents } from '@/db/schema';

import { GENESIS_HASH, chainHash } from './audit-chain';

export type AuditChainReport =
  | { ok: true; count: number; lastHash: string }
  | { ok: false; count: number; brokenAt: { id: number; sequence: number }; reason: string };

/**
 * Recomputes the whole chain in order. Any edited, deleted, inserted or reordered event shows
 * up as the first event whose hash or link no longer matches.
 */
export async function verifyAuditChain(db: Db, batchSize = 5000): Promise<AuditChainReport> {
  let expectedPrev = GENESIS_HASH;
  let expectedSequence = 1;
  let count = 0;
  let after = 0;
  for (;;) {
    const batch = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.sequence, after))
      .orderBy(asc(auditEvents.sequence))
      .limit(batchSize);
    for (const event of batch) {
      const at = { id: event.id, sequence: event.sequence };
      if (event.sequence !== expectedSequence) {
        return { ok: false, count, brokenAt: at, reason: `expected sequence ${expectedSequence}, found ${event.sequence} (an event is missing)` };
      }
      if (event.prevHash !== expectedPrev) {
        return { ok: false, count, brokenAt: at, reason: 'its previous-hash does not match the event before it' };
      }
      if (chainHash(event.prevHash, event) !== event.hash) {
        return { ok: false, count, brokenAt: at, reason: 'its content does not match its hash (the event was altered)' };
      }
      expectedPrev = event.hash;
      expectedSequence += 1;
      count += 1;
    }
    if (batch.length < batchSize) return { ok: true, count, lastHash: expectedPrev };
    after = batch[batch.length - 1]!.sequence;
  }
}
