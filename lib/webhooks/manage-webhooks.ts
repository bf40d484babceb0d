import 'server-only';

import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';

import { getDb } from '@/db/client';
import { papers, webhookAttempts, webhookDeliveries, webhookDeliveryState, webhookEndpoints } from '@/db/schema';

export type WebhookDeliveryState = (typeof webhookDeliveryState.enumValues)[number];
export const WEBHOOK_DELIVERY_STATES = webhookDeliveryState.enumValues;
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { RequestContext } from '@/lib/auth/request-context';
import { requireVolumeEditor } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/roles';
import { getEnv } from '@/lib/env';
import { NotFoundError, ValidationError } from '@/lib/errors';
import { enqueueJobs } from '@/lib/jobs/queue';
import { isUuid } from '@/lib/uuid';

import { checkWebhookHost, checkWebhookUrlForm } from './endpoint-address';
import { webhookJob } from './queue-webhook-events';
import { newWebhookSecret } from './webhook-signature';

/** At most this many active endpoints per volume. */
export const MAX_ENDPOINTS_PER_VOLUME = 5;

/**
 * Registers an endpoint for a volume's events. The URL must be http(s) and (unless
 * WEBHOOK_ALLOW_PRIVATE=1) resolve only to public addresses. Returns the secret, which the editor
 * sees once, on the page that registered it.
 */
export async function registerWebhookEndpoint(
  user: CurrentUser | null,
  input: { volumeNumber: number; url: string },
  context: RequestContext,
): Promise<{ endpointId: string; secret: string }> {
  const volume = await requireVolumeEditor(user, input.volumeNumber);
  const form = checkWebhookUrlForm(input.url.trim());
  if (!form.ok) throw new ValidationError(form.message);
  const host = await checkWebhookHost(form.url, getEnv().WEBHOOK_ALLOW_PRIVATE);
  if (!host.ok) throw new ValidationError(host.message);
  const secret = newWebhookSecret();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const active = await tx
      .select({ id: webhookEndpoints.id, url: webhookEndpoints.url })
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.volumeId, volume.id), isNull(webhookEndpoints.disabledAt)));
    if (active.some((endpoint) => endpoint.url === form.url.href)) {
      throw new ValidationError('This URL already receives this volume’s events.');
    }
    if (active.length >= MAX_ENDPOINTS_PER_VOLUME) {
      throw new ValidationError(`A volume has at most ${MAX_ENDPOINTS_PER_VOLUME} endpoints: disable one first.`);
    }
    const [endpoint] = await tx
      .insert(webhookEndpoints)
      .values({ volumeId: volume.id, url: form.url.href, secret, createdByUserId: user!.id })
      .returning({ id: webhookEndpoints.id });
    await appendAuditEvent(tx, {
      action: 'webhook.registered',
      actorUserId: user!.id,
      actorEmail: user!.email,
      volumeId: volume.id,
      ipAddress: context.ipAddress,
      userAgent: context.userAgent,
      details: { endpointId: endpoint!.id, url: form.url.href },
    });
    return { endpointId: endpoint!.id, secret };
  });
}

/** Stops sending to an endpoint (kept, with its log). */
export async function disableWebhookEndpoint(
  user: CurrentUser | null,
  input: { volumeNumber: number; endpointId: string },
  context: RequestContext,
): Promise<void> {
  const volume = await requireVolumeEditor(user, input.volumeNumber);
  if (!isUuid(input.endpointId)) throw new NotFoundError();
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [endpoint] = await tx
      .update(webhookEndpoints)
      .set({ disabledAt: new Date() })
      .where(and(eq(webhookEndpoints.id, input.endpointId), eq(webhookEndpoints.volumeId, volume.id), isNull(webhookEndpoints.disabledAt)))
      .returning({ id: webhookEndpoints.id, url: webhookEndpoints.url });
    if (!endpoint) throw new NotFoundError();
    await appendAuditEvent(tx, {
      action: 'webhook.disabled',
      actorUserId: user!.id,
      actorEmail: user!.email,
      volumeId: volume.id,
      ipAddress: context.ipAddress,
      userAgent: context.userAgent,
      details: { endpointId: endpoint.id, url: endpoint.url },
    });
  });
}

/** Sends a delivery again now (after it failed, or to replay one the pipeline lost). */
export async function redeliverWebhook(
  user: CurrentUser | null,
  input: { volumeNumber: number; deliveryId: string },
): Promise<void> {
  const volume = await requireVolumeEditor(user, input.volumeNumber);
  if (!isUuid(input.deliveryId)) throw new NotFoundError();
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [delivery] = await tx
      .select({ id: webhookDeliveries.id, state: webhookDeliveries.state })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(and(eq(webhookDeliveries.id, input.deliveryId), eq(webhookEndpoints.volumeId, volume.id), isNull(webhookEndpoints.disabledAt)));
    if (!delivery) throw new NotFoundError();
    if (delivery.state === 'sending' || delivery.state === 'queued') {
      throw new ValidationError('This delivery is already on its way.');
    }
    await tx
      .update(webhookDeliveries)
      .set({ state: 'queued', nextAttemptAt: null, claimedAt: null })
      .where(eq(webhookDeliveries.id, delivery.id));
    await enqueueJobs(tx, [webhookJob(delivery.id)]);
  });
}

export type WebhookEndpointView = { id: string; url: string; createdAt: Date; disabledAt: Date | null };
export type WebhookDeliveryView = {
  id: string;
  eventType: string;
  paperKey: string | null;
  endpointUrl: string;
  state: string;
  attempts: { at: Date; statusCode: number | null; latencyMs: number; error: string | null }[];
  lastStatusCode: number | null;
  lastLatencyMs: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
  deliveredAt: Date | null;
};

export const WEBHOOK_LOG_PAGE = 50;

/**
 * A volume's endpoints (never their secrets), how many deliveries are in each state, and the
 * latest deliveries (of one state, if given) with every attempt.
 */
export async function listVolumeWebhooks(
  user: CurrentUser | null,
  volumeNumber: number,
  options: { state?: WebhookDeliveryState; limit?: number } = {},
): Promise<{ endpoints: WebhookEndpointView[]; deliveries: WebhookDeliveryView[]; counts: Partial<Record<WebhookDeliveryState, number>> }> {
  const volume = await requireVolumeEditor(user, volumeNumber);
  const db = await getDb();
  const countRows = await db
    .select({ state: webhookDeliveries.state, count: sql<number>`count(*)::int` })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(eq(webhookEndpoints.volumeId, volume.id))
    .groupBy(webhookDeliveries.state);
  const endpoints = await db
    .select({ id: webhookEndpoints.id, url: webhookEndpoints.url, createdAt: webhookEndpoints.createdAt, disabledAt: webhookEndpoints.disabledAt })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.volumeId, volume.id))
    .orderBy(desc(webhookEndpoints.createdAt));
  const rows = await db
    .select({ delivery: webhookDeliveries, paperKey: papers.paperKey, endpointUrl: webhookEndpoints.url })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .leftJoin(papers, eq(papers.id, webhookDeliveries.paperId))
    .where(and(eq(webhookEndpoints.volumeId, volume.id), options.state ? eq(webhookDeliveries.state, options.state) : undefined))
    .orderBy(desc(webhookDeliveries.sequence))
    .limit(options.limit ?? WEBHOOK_LOG_PAGE);
  const attempts = rows.length
    ? await db
        .select()
        .from(webhookAttempts)
        .where(
          inArray(
            webhookAttempts.deliveryId,
            rows.map((row) => row.delivery.id),
          ),
        )
        .orderBy(webhookAttempts.id)
    : [];
  return {
    endpoints,
    counts: Object.fromEntries(countRows.map((row) => [row.state, row.count])),
    deliveries: rows.map(({ delivery, paperKey, endpointUrl }) => ({
      id: delivery.id,
      eventType: delivery.eventType,
      paperKey,
      endpointUrl,
      state: delivery.state,
      attempts: attempts
        .filter((attempt) => attempt.deliveryId === delivery.id)
        .map((attempt) => ({ at: attempt.attemptedAt, statusCode: attempt.statusCode, latencyMs: attempt.latencyMs, error: attempt.error })),
      lastStatusCode: delivery.lastStatusCode,
      lastLatencyMs: delivery.lastLatencyMs,
      lastError: delivery.lastError,
      nextAttemptAt: delivery.nextAttemptAt,
      createdAt: delivery.createdAt,
      deliveredAt: delivery.deliveredAt,
    })),
  };
}
