import 'server-only';

import type { Signature } from '@/db/schema';
import { publicBaseUrl } from '@/lib/env';

import type { WebhookEvent } from './queue-webhook-events';

// What each event tells the pipeline (documented in the README and /api/v1/openapi.json). Ids and
// hashes, never an author's email: the pipeline reads those through the API with its token.

type PaperRef = { id: string; paperKey: string; volumeId: number; volumeNumber: number };

/** agreement.signed. */
export function signatureWebhookEvents(signature: Signature, paper: PaperRef): WebhookEvent[] {
  const base = publicBaseUrl();
  return [
    {
      type: 'agreement.signed',
      volumeId: paper.volumeId,
      paperId: paper.id,
      eventKey: `agreement.signed:${signature.id}`,
      occurredAt: signature.signedAt,
      data: {
        volume: paper.volumeNumber,
        paperKey: paper.paperKey,
        paperId: paper.id,
        signatureId: signature.id,
        signedAt: signature.signedAt.toISOString(),
        agreementVersion: signature.templateVersion,
        textSha256: signature.textSha256,
        pdfSha256: signature.pdfSha256,
        pdfUrl: `${base}/api/v1/signatures/${signature.id}/pdf`,
      },
    },
  ];
}

/** volume.fully_signed, when this signature was the volume's last awaited one. */
export function volumeCompletedWebhookEvents(signature: Signature, paper: PaperRef & { volumeName: string }): WebhookEvent[] {
  const base = publicBaseUrl();
  return [
    {
      type: 'volume.fully_signed',
      volumeId: paper.volumeId,
      eventKey: `volume.fully_signed:${paper.volumeId}:${signature.id}`,
      occurredAt: signature.signedAt,
      data: {
        volume: paper.volumeNumber,
        name: paper.volumeName,
        lastSignatureId: signature.id,
        papersUrl: `${base}/api/v1/volumes/${paper.volumeNumber}/papers`,
      },
    },
  ];
}

export function voidWebhookEvent(
  paper: PaperRef,
  input: { signatureId: string; voidId: string; voidedAt: Date; reason: string },
): WebhookEvent {
  return {
    type: 'agreement.voided',
    volumeId: paper.volumeId,
    paperId: paper.id,
    eventKey: `agreement.voided:${input.voidId}`,
    occurredAt: input.voidedAt,
    data: {
      volume: paper.volumeNumber,
      paperKey: paper.paperKey,
      paperId: paper.id,
      signatureId: input.signatureId,
      voidedAt: input.voidedAt.toISOString(),
      reason: input.reason,
    },
  };
}

/** paper.published: the paper's publication as it now stands (its own, else its volume's). */
export function publishedWebhookEvent(
  paper: PaperRef,
  publication: { publishedOn: string; url: string },
  input: { auditSequence: number; occurredAt: Date },
): WebhookEvent {
  return {
    type: 'paper.published',
    volumeId: paper.volumeId,
    paperId: paper.id,
    // Each change of a paper's publication is its own event (the audit event that records it).
    eventKey: `paper.published:${paper.id}:${input.auditSequence}`,
    occurredAt: input.occurredAt,
    data: { volume: paper.volumeNumber, paperKey: paper.paperKey, paperId: paper.id, ...publication },
  };
}
