import { randomBytes } from 'node:crypto';

import { Webhook } from 'standardwebhooks';

// Standard Webhooks (standardwebhooks.com): the body is signed as `${id}.${timestamp}.${body}` with
// HMAC-SHA256 under the endpoint's secret, sent as `webhook-signature: v1,<base64>`. The
// specification's own library does the signing, so a receiver using any of its implementations
// verifies what we send; lib/webhooks/webhooks.test.ts checks it against the specification's vector.

/** A new endpoint secret: "whsec_" and 32 random bytes in base64 (the specification allows 24–64). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The webhook-id of a delivery: the same on every attempt, so receivers can drop duplicates. */
export function webhookMessageId(deliveryId: string): string {
  return `msg_${deliveryId.replaceAll('-', '')}`;
}

export type WebhookHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

/** The three headers of one attempt, signed now (a retry is signed anew with its own timestamp). */
export function signWebhook(secret: string, messageId: string, timestamp: Date, body: string): WebhookHeaders {
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(messageId, timestamp, body),
  };
}
