import 'server-only';

import { desc, eq } from 'drizzle-orm';

import { getDb, type DbOrTx } from '@/db/client';
import { databaseNow } from '@/db/database-now';
import { evidenceCheckpoints, users, type EvidenceCheckpoint } from '@/db/schema';
import { requireAdmin } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/roles';
import { getEnv, publicBaseUrl } from '@/lib/env';
import { NotFoundError } from '@/lib/errors';
import { countOf } from '@/lib/format/plural';
import { queueEmails } from '@/lib/mail/outbox';

import { CHECKPOINT_FORMAT, canonicalCheckpoint, type CheckpointDocument, type CheckpointFile } from './checkpoint-document';
import { sealRecord } from './seal';
import { getSealKey } from './signing-key';
import { verifyEvidence } from './verify-evidence';

export type CheckpointOutcome =
  | { written: true; checkpoint: EvidenceCheckpoint }
  | { written: false; reason: 'unchanged'; latest: EvidenceCheckpoint }
  | { written: false; reason: 'broken'; problems: string[] };

/**
 * Takes a checkpoint: verifies the evidence as it stands (one consistent snapshot), then seals
 * what it found (the audit chain's length and head hash, the running hash over every signature)
 * and stores it, and queues it to every admin by email, so that copies live outside the database.
 * Refuses when the evidence does not verify: a checkpoint must never vouch for tampered data.
 * Nothing is written when nothing changed since the last checkpoint, unless `force`.
 */
export async function writeCheckpoint(options: { force?: boolean } = {}): Promise<CheckpointOutcome> {
  const db = await getDb();
  const key = getSealKey();
  const report = await db.transaction((tx) => verifyEvidence(tx, { hashDocuments: true }), {
    isolationLevel: 'repeatable read',
    accessMode: 'read only',
  });
  if (!report.ok) {
    console.error(`evidence checkpoint refused: ${report.problems.join('; ')}`);
    return { written: false, reason: 'broken', problems: report.problems };
  }
  const latest = await latestCheckpoint(db);
  if (!options.force && latest && latest.auditCount === report.auditEvents && latest.auditHeadHash === report.headHash) {
    return { written: false, reason: 'unchanged', latest };
  }
  const document: CheckpointDocument = {
    format: CHECKPOINT_FORMAT,
    portal: publicBaseUrl(),
    checkpointedAt: (await databaseNow(db)).toISOString(),
    auditEvents: { count: report.auditEvents, headHash: report.headHash },
    signatures: { count: report.signatures, runningHash: report.signaturesHash },
    sealKeyId: key.keyId,
  };
  const canonical = canonicalCheckpoint(document);
  const checkpoint = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(evidenceCheckpoints)
      .values({
        auditCount: document.auditEvents.count,
        auditHeadHash: document.auditEvents.headHash,
        signatureCount: document.signatures.count,
        signaturesHash: document.signatures.runningHash,
        document: canonical,
        seal: sealRecord(canonical, key.privateKey),
        sealKeyId: key.keyId,
      })
      .returning();
    const admins = await adminEmails(tx);
    await queueEmails(
      tx,
      admins.map((recipient) => ({
        idempotencyKey: `checkpoint:${row!.id}:${recipient}`,
        kind: 'evidence_checkpoint' as const,
        recipient,
        payload: { checkpointId: row!.id },
      })),
    );
    return row!;
  });
  return { written: true, checkpoint };
}

/** The file an admin downloads and keeps: the sealed document and its seal. */
export function checkpointFile(row: EvidenceCheckpoint): CheckpointFile {
  return { checkpoint: JSON.parse(row.document) as CheckpointDocument, seal: row.seal };
}

export function checkpointFilename(row: EvidenceCheckpoint): string {
  return `evidence-checkpoint-${row.id}-${row.createdAt.toISOString().slice(0, 10)}.json`;
}

export async function latestCheckpoint(db: DbOrTx): Promise<EvidenceCheckpoint | null> {
  const [row] = await db.select().from(evidenceCheckpoints).orderBy(desc(evidenceCheckpoints.id)).limit(1);
  return row ?? null;
}

export async function listCheckpoints(db: DbOrTx, limit = 100): Promise<EvidenceCheckpoint[]> {
  return db.select().from(evidenceCheckpoints).orderBy(desc(evidenceCheckpoints.id)).limit(limit);
}

export async function findCheckpoint(db: DbOrTx, id: number): Promise<EvidenceCheckpoint | null> {
  if (!Number.isSafeInteger(id) || id < 1) return null;
  const [row] = await db.select().from(evidenceCheckpoints).where(eq(evidenceCheckpoints.id, id));
  return row ?? null;
}

/** Admins in the database and through ADMIN_EMAILS, once each. */
async function adminEmails(db: DbOrTx): Promise<string[]> {
  const rows = await db.select({ email: users.email }).from(users).where(eq(users.role, 'admin'));
  return [...new Set([...rows.map((row) => row.email), ...getEnv().ADMIN_EMAILS])].sort();
}

// ---------------------------------------------------------------------------
// For the admins' page (/admin/checkpoints): each function authorizes itself.
// ---------------------------------------------------------------------------

export async function listCheckpointsForAdmin(user: CurrentUser | null): Promise<EvidenceCheckpoint[]> {
  requireAdmin(user);
  return listCheckpoints(await getDb());
}

/** The checkpoint file to download; a missing id is a 404 like any other. */
export async function checkpointFileForAdmin(user: CurrentUser | null, id: number): Promise<{ filename: string; file: CheckpointFile }> {
  requireAdmin(user);
  const row = await findCheckpoint(await getDb(), id);
  if (!row) throw new NotFoundError();
  return { filename: checkpointFilename(row), file: checkpointFile(row) };
}

/** "Take a checkpoint now": the same as the schedule's, refused when the evidence does not verify. */
export async function takeCheckpointNow(user: CurrentUser | null): Promise<{ ok: boolean; message: string }> {
  requireAdmin(user);
  const outcome = await writeCheckpoint();
  if (outcome.written) {
    return {
      ok: true,
      message: `Checkpoint ${outcome.checkpoint.id} taken: ${countOf(outcome.checkpoint.auditCount, 'audit event')}, ${countOf(outcome.checkpoint.signatureCount, 'signature')}. It is on its way to every admin by email.`,
    };
  }
  if (outcome.reason === 'unchanged') {
    return { ok: true, message: `Nothing has changed since checkpoint ${outcome.latest.id}; no new one is needed.` };
  }
  return {
    ok: false,
    message: `No checkpoint was taken: the evidence does not verify (${outcome.problems[0]}). Run npm run audit:verify for the full report.`,
  };
}
