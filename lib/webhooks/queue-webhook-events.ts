import 'server-only';

import { and, inArray, isNull } from 'drizzle-orm';

import type { DbOrTx } from '@/db/client';
import { webhookDeliveries, webhookEndpoints, type WebhookEventType } from '@/db/schema';
import { getEnv } from '@/lib/env';
import { enqueueJobs, WEBHOOK_QUEUE, type NewJob } from '@/lib/jobs/queue';

export type WebhookEvent = {
  type: WebhookEventType;
  volumeId: number;
  paperId?: string | null;
  /** One event, one delivery per endpoint: e.g. "agreement.signed:<signature id>". */
  eventKey: string;
  /** The event's facts (the body's "data"). */
  data: Record<string, unknown>;
  /** When it happened (database time of the change). */
  occurredAt: Date;
};

export type WebhookJob = { deliveryId: string };

/** The queue job for one delivery; its retries wait WEBHOOK_RETRY_BASE_SECONDS, doubling. */
export function webhookJob(deliveryId: string): NewJob {
  return {
    name: WEBHOOK_QUEUE,
    data: { deliveryId } satisfies WebhookJob,
    retryDelay: getEnv().WEBHOOK_RETRY_BASE_SECONDS,
    retryBackoff: true,
    retryLimit: 12,
    expireInSeconds: 60,
  };
}

/** The body every attempt sends, fixed when the event is queued. */
export function webhookBody(event: WebhookEvent): string {
  return JSON.stringify({ type: event.type, timestamp: event.occurredAt.toISOString(), data: event.data });
}

/**
 * In the caller's transaction: one delivery per event and active endpoint of its volume, and its
 * job. Nothing is sent unless the change commits; a repeated event key queues nothing.
 */
export async function queueWebhookEvents(tx: DbOrTx, events: WebhookEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  const volumeIds = [...new Set(events.map((event) => event.volumeId))];
  const endpoints = await tx
    .select({ id: webhookEndpoints.id, volumeId: webhookEndpoints.volumeId })
    .from(webhookEndpoints)
    .where(and(inArray(webhookEndpoints.volumeId, volumeIds), isNull(webhookEndpoints.disabledAt)));
  if (endpoints.length === 0) return 0;
  const rows = events.flatMap((event) =>
    endpoints
      .filter((endpoint) => endpoint.volumeId === event.volumeId)
      .map((endpoint) => ({
        endpointId: endpoint.id,
        eventKey: event.eventKey,
        eventType: event.type,
        paperId: event.paperId ?? null,
        body: webhookBody(event),
      })),
  );
  let queued = 0;
  for (let start = 0; start < rows.length; start += 1000) {
    const inserted = await tx
      .insert(webhookDeliveries)
      .values(rows.slice(start, start + 1000))
      .onConflictDoNothing({ target: [webhookDeliveries.endpointId, webhookDeliveries.eventKey] })
      .returning({ id: webhookDeliveries.id });
    await enqueueJobs(
      tx,
      inserted.map((row) => webhookJob(row.id)),
    );
    queued += inserted.length;
  }
  return queued;
}
