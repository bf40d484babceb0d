'use client';

import { useActionState } from 'react';

import { ActionForm, FormMessage } from '@/components/action-form';
import { ShownOnce } from '@/components/shown-once';
import { SubmitButton } from '@/components/submit-button';
import { TextField } from '@/components/text-field';

import { createApiTokenAction, revokeApiTokenAction, type CreateTokenState } from './actions';

/** Name the token and choose its volumes; the token appears once, below, to copy. */
export function CreateTokenForm({ volumes }: { volumes: { number: number; name: string }[] }) {
  const [state, formAction, isPending] = useActionState<CreateTokenState, FormData>(createApiTokenAction, null);
  return (
    <form action={formAction} className="space-y-4">
      <TextField id="tokenName" name="name" label="Name (what uses it)" required maxLength={100} placeholder="proceedings build" />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Volumes it may read</legend>
        {volumes.map((volume) => (
          <label key={volume.number} className="flex items-center gap-2">
            <input type="checkbox" name="volume" value={volume.number} defaultChecked={volumes.length === 1} className="h-4 w-4" />
            Volume {volume.number} · {volume.name}
          </label>
        ))}
      </fieldset>
      <SubmitButton isPending={isPending} pendingLabel="Creating…">
        Create token
      </SubmitButton>
      <FormMessage state={state} />
      {state?.ok && state.token ? (
        <ShownOnce id="newToken" label="Your new token (shown once)" value={state.token}>
          Send it as <code>Authorization: Bearer …</code>. Store it as a secret of your pipeline; the portal keeps only its hash.
        </ShownOnce>
      ) : null}
    </form>
  );
}

export function RevokeTokenForm({ tokenId, name }: { tokenId: string; name: string }) {
  return (
    <ActionForm action={revokeApiTokenAction} submitLabel={`Revoke “${name}”`} pendingLabel="Revoking…" variant="quiet">
      <input type="hidden" name="tokenId" value={tokenId} />
    </ActionForm>
  );
}
