'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';

import { editorAction } from '@/lib/auth/authorized-action';
import { disableWebhookEndpoint, redeliverWebhook, registerWebhookEndpoint } from '@/lib/webhooks/manage-webhooks';

// Public endpoints: editorAction authenticates; each domain function scopes itself to the
// volume's editors (requireVolumeEditor) and finds endpoints and deliveries within that volume only.

export type RegisterWebhookState = { ok: boolean; message: string; fieldErrors?: Record<string, string[]>; secret?: string } | null;

const volume = z.coerce.number().int().min(1);

export const registerWebhookAction = editorAction(
  z.object({ volume, url: z.string().max(2100) }),
  async (input, user, context): Promise<RegisterWebhookState> => {
    const { secret } = await registerWebhookEndpoint(user, { volumeNumber: input.volume, url: input.url }, context);
    revalidatePath(`/editor/volumes/${input.volume}/webhooks`);
    return { ok: true, message: 'Registered. Copy the signing secret now: it is shown only once.', secret };
  },
);

export const disableWebhookAction = editorAction(z.object({ volume, endpointId: z.uuid() }), async (input, user, context) => {
  await disableWebhookEndpoint(user, { volumeNumber: input.volume, endpointId: input.endpointId }, context);
  revalidatePath(`/editor/volumes/${input.volume}/webhooks`);
  return { ok: true, message: 'Disabled: nothing more is sent to it.', fieldErrors: {} };
});

export const redeliverWebhookAction = editorAction(z.object({ volume, deliveryId: z.uuid() }), async (input, user) => {
  await redeliverWebhook(user, { volumeNumber: input.volume, deliveryId: input.deliveryId });
  revalidatePath(`/editor/volumes/${input.volume}/webhooks`);
  return { ok: true, message: 'Queued: it is being sent again.', fieldErrors: {} };
});
