import type { AuditEvent } from '@/db/schema';
import { sha256Hex } from '@/lib/crypto/sha256';

import { canonicalJson } from './canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an event that its hash covers: everything but the database's own id. */
export type ChainedEventContent = Pick<
  AuditEvent,
  | 'sequence'
  | 'occurredAt'
  | 'action'
  | 'actorUserId'
  | 'actorEmail'
  | 'paperId'
  | 'signatureId'
  | 'volumeId'
  | 'ipAddress'
  | 'userAgent'
  | 'details'
>;

export function canonicalEvent(event: ChainedEventContent): string {
  return canonicalJson({
    sequence: event.sequence,
    occurredAt: event.occurredAt,
    action: event.action,
    actorUserId: event.actorUserId,
    actorEmail: event.actorEmail,
    paperId: event.paperId,
    signatureId: event.signatureId,
    volumeId: event.volumeId,
    ipAddress: event.ipAddress,
    userAgent: event.userAgent,
    details: event.details,
  });
}

/** hash = SHA-256( previous hash, a newline, the event's canonical serialization ). */
export function chainHash(prevHash: string, event: ChainedEventContent): string {
  return sha256Hex(`${prevHash}\n${canonicalEvent(event)}`);
}
