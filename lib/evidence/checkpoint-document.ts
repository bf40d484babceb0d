import { canonicalJson } from '@/lib/audit/canonical-json';

export const CHECKPOINT_FORMAT = 'pmlr-evidence-checkpoint/1';

/** What a checkpoint states: the evidence as it was, by count and hash. Sealed as canonical JSON. */
export type CheckpointDocument = {
  format: typeof CHECKPOINT_FORMAT;
  /** The portal it was taken of (AUTH_URL). */
  portal: string;
  /** Database time, "YYYY-MM-DDTHH:MM:SS.sssZ". */
  checkpointedAt: string;
  auditEvents: { count: number; headHash: string };
  signatures: { count: number; runningHash: string };
  sealKeyId: string;
};

/** The downloadable file: the document and its seal (Ed25519 over canonicalJson(checkpoint)). */
export type CheckpointFile = { checkpoint: CheckpointDocument; seal: string };

export function canonicalCheckpoint(document: CheckpointDocument): string {
  return canonicalJson(document);
}

const hex64 = /^[0-9a-f]{64}$/;

/** Reads a checkpoint file's JSON, or says what is wrong with it. */
export function parseCheckpointFile(text: string): CheckpointFile | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'the file is not JSON' };
  }
  const file = value as Partial<CheckpointFile>;
  const checkpoint = file?.checkpoint as Partial<CheckpointDocument> | undefined;
  if (!checkpoint || typeof file.seal !== 'string') return { error: 'the file has no "checkpoint" and "seal"' };
  if (checkpoint.format !== CHECKPOINT_FORMAT)
    return { error: `unknown checkpoint format ${String(checkpoint.format)}` };
  const audit = checkpoint.auditEvents;
  const signatures = checkpoint.signatures;
  if (
    !audit ||
    !Number.isSafeInteger(audit.count) ||
    typeof audit.headHash !== 'string' ||
    !hex64.test(audit.headHash) ||
    !signatures ||
    !Number.isSafeInteger(signatures.count) ||
    typeof signatures.runningHash !== 'string' ||
    !hex64.test(signatures.runningHash) ||
    typeof checkpoint.sealKeyId !== 'string' ||
    typeof checkpoint.checkpointedAt !== 'string' ||
    typeof checkpoint.portal !== 'string'
  ) {
    return { error: 'the checkpoint is missing a field or has one of the wrong type' };
  }
  return { checkpoint: checkpoint as CheckpointDocument, seal: file.seal };
}
