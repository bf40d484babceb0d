import 'server-only';

import http from 'node:http';
import https from 'node:https';

import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import ipaddr from 'ipaddr.js';

import { getDb } from '@/db/client';
import { databaseNow } from '@/db/database-now';
import { webhookAttempts, webhookDeliveries, webhookEndpoints, type WebhookDelivery } from '@/db/schema';
import { getEnv } from '@/lib/env';
import { WEBHOOK_QUEUE, recordNextAttempts } from '@/lib/jobs/queue';

import { isPublicAddress, safeLookup } from './endpoint-address';
import { signWebhook, webhookMessageId } from './webhook-signature';

/** How long one attempt may take, connection to last byte. */
const ATTEMPT_TIMEOUT_MS = 10_000;
/** A claim older than this (the job's expiry) may be taken over: its worker died. */
const CLAIM_LEASE_SECONDS = 60;
/** While an earlier event of the same paper is still pending, wait this long and look again. */
export const ORDER_WAIT_SECONDS = 3;

export type WebhookOutcome =
  | { outcome: 'delivered'; statusCode: number }
  /** Already delivered or given up, or another worker holds it. */
  | { outcome: 'skipped' }
  /** An earlier event of the same paper to the same endpoint is still pending: later, in order. */
  | { outcome: 'waiting' };

export class WebhookAttemptError extends Error {
  constructor(
    message: string,
    readonly statusCode: number | null,
  ) {
    super(message);
    this.name = 'WebhookAttemptError';
  }
}

/**
 * One attempt at one delivery. Events of one paper reach an endpoint in the order they happened:
 * a delivery waits while an earlier one of its paper is queued, sending or retrying. Every attempt
 * is logged with its status code (or error) and latency. A 2xx answer delivers it; anything else
 * throws, so the queue retries with backoff, and the last failure marks it failed.
 */
export async function deliverWebhook(deliveryId: string, options: { finalAttempt: boolean }): Promise<WebhookOutcome> {
  const db = await getDb();
  const claim = await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ delivery: webhookDeliveries, endpoint: webhookEndpoints })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(eq(webhookDeliveries.id, deliveryId))
      .for('update', { of: webhookDeliveries });
    if (!row || !isClaimable(row.delivery, await databaseNow(tx))) return null;
    if (row.delivery.paperId) {
      const [earlier] = await tx
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(
          and(
            eq(webhookDeliveries.endpointId, row.delivery.endpointId),
            eq(webhookDeliveries.paperId, row.delivery.paperId),
            lt(webhookDeliveries.sequence, row.delivery.sequence),
            inArray(webhookDeliveries.state, ['queued', 'sending', 'retrying']),
          ),
        )
        .limit(1);
      if (earlier) return 'waiting' as const;
    }
    if (row.endpoint.disabledAt) {
      await tx
        .update(webhookDeliveries)
        .set({ state: 'failed', lastError: 'The endpoint was disabled.', nextAttemptAt: null, claimedAt: null })
        .where(eq(webhookDeliveries.id, deliveryId));
      return null;
    }
    const [claimed] = await tx
      .update(webhookDeliveries)
      .set({ state: 'sending', claimedAt: sql`now()`, attempts: sql`${webhookDeliveries.attempts} + 1` })
      .where(eq(webhookDeliveries.id, deliveryId))
      .returning();
    return { delivery: claimed!, endpoint: row.endpoint };
  });
  if (claim === 'waiting') return { outcome: 'waiting' };
  if (!claim) return { outcome: 'skipped' };

  const { delivery, endpoint } = claim;
  const started = performance.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    statusCode = await post(endpoint.url, delivery.body, signWebhook(endpoint.secret, webhookMessageId(delivery.id), new Date(), delivery.body));
    if (statusCode < 200 || statusCode > 299) error = `The endpoint answered ${statusCode}.`;
  } catch (failure) {
    error = describeWebhookError(failure);
  }
  const latencyMs = Math.round(performance.now() - started);
  const delivered = error === null;
  await db.transaction(async (tx) => {
    await tx.insert(webhookAttempts).values({ deliveryId, statusCode, latencyMs, error });
    await tx
      .update(webhookDeliveries)
      .set({
        state: delivered ? 'delivered' : options.finalAttempt ? 'failed' : 'retrying',
        lastStatusCode: statusCode,
        lastLatencyMs: latencyMs,
        lastError: error,
        claimedAt: null,
        nextAttemptAt: null,
        ...(delivered ? { deliveredAt: sql`now()` } : {}),
      })
      .where(eq(webhookDeliveries.id, deliveryId));
  });
  if (!delivered) throw new WebhookAttemptError(error!, statusCode);
  return { outcome: 'delivered', statusCode: statusCode! };
}

function isClaimable(delivery: WebhookDelivery, now: Date): boolean {
  if (delivery.state === 'queued' || delivery.state === 'retrying') return true;
  return (
    delivery.state === 'sending' &&
    !!delivery.claimedAt &&
    now.getTime() - delivery.claimedAt.getTime() >= CLAIM_LEASE_SECONDS * 1000
  );
}

/** POSTs the body; resolves with the status code. Redirects are not followed; the answer's body is read and dropped. */
function post(target: string, body: string, headers: Record<string, string>): Promise<number> {
  const allowPrivate = getEnv().WEBHOOK_ALLOW_PRIVATE;
  const url = new URL(target);
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  // An address written in the URL is connected to without a lookup: check it here.
  if (!allowPrivate && ipaddr.isValid(literal) && !isPublicAddress(literal)) {
    return Promise.reject(new Error(`${url.hostname} is a private, loopback or reserved address`));
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: 'POST',
        lookup: safeLookup(allowPrivate),
        timeout: ATTEMPT_TIMEOUT_MS,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'PMLR-Agreement-Portal-Webhooks/1.0',
        },
      },
      (response) => {
        response.on('data', () => {});
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    const deadline = setTimeout(() => request.destroy(new Error(`no answer within ${ATTEMPT_TIMEOUT_MS / 1000} s`)), ATTEMPT_TIMEOUT_MS);
    request.on('close', () => clearTimeout(deadline));
    request.on('timeout', () => request.destroy(new Error(`no answer within ${ATTEMPT_TIMEOUT_MS / 1000} s`)));
    request.on('error', reject);
    request.end(body);
  });
}

function describeWebhookError(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 300);
  const code = (error as NodeJS.ErrnoException).code;
  return (code && !error.message.includes(code) ? `${code} ${error.message}` : error.message).slice(0, 300);
}

/** Deliveries the queue will retry: when, from pg-boss's own schedule (for the delivery log). */
export async function recordNextWebhookAttempt(deliveryIds: string[]): Promise<void> {
  await recordNextAttempts(await getDb(), { queue: WEBHOOK_QUEUE, table: 'webhook_deliveries', idField: 'deliveryId' }, deliveryIds);
}
