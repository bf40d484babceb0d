'use client';

import { useActionState } from 'react';

import { ActionForm, FormMessage } from '@/components/action-form';
import { ShownOnce } from '@/components/shown-once';
import { SubmitButton } from '@/components/submit-button';
import { TextField } from '@/components/text-field';

import { disableWebhookAction, redeliverWebhookAction, registerWebhookAction, type RegisterWebhookState } from './actions';

export function RegisterWebhookForm({ volumeNumber }: { volumeNumber: number }) {
  const [state, formAction, isPending] = useActionState<RegisterWebhookState, FormData>(registerWebhookAction, null);
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="volume" value={volumeNumber} />
      <TextField id="webhookUrl" name="url" label="Endpoint URL" type="url" required placeholder="https://pipeline.example.org/hooks/pmlr" />
      <SubmitButton isPending={isPending} pendingLabel="Registering…">
        Register endpoint
      </SubmitButton>
      <FormMessage state={state} />
      {state?.ok && state.secret ? (
        <ShownOnce id="webhookSecret" label="Signing secret (shown once)" value={state.secret}>
          Verify each request with any Standard Webhooks library and this secret (headers webhook-id, webhook-timestamp,
          webhook-signature).
        </ShownOnce>
      ) : null}
    </form>
  );
}

export function DisableWebhookForm({ volumeNumber, endpointId, url }: { volumeNumber: number; endpointId: string; url: string }) {
  return (
    <ActionForm action={disableWebhookAction} submitLabel="Disable" submitAriaLabel={`Disable ${url}`} pendingLabel="Disabling…" variant="quiet">
      <input type="hidden" name="volume" value={volumeNumber} />
      <input type="hidden" name="endpointId" value={endpointId} />
    </ActionForm>
  );
}

export function RedeliverForm({ volumeNumber, deliveryId, describe }: { volumeNumber: number; deliveryId: string; describe: string }) {
  return (
    <ActionForm action={redeliverWebhookAction} submitLabel="Redeliver" submitAriaLabel={`Redeliver ${describe}`} pendingLabel="Queueing…" variant="quiet">
      <input type="hidden" name="volume" value={volumeNumber} />
      <input type="hidden" name="deliveryId" value={deliveryId} />
    </ActionForm>
  );
}
