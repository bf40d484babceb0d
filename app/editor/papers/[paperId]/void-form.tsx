'use client';

import { useActionState } from 'react';

import { ReauthenticateLink, reauthenticationOf } from '@/components/reauthenticate-link';
import { SubmitButton } from '@/components/submit-button';

import { voidSignatureAction, type VoidState } from './actions';

export function VoidForm({ paperId, signatureId, isVoided }: { paperId: string; signatureId: string; isVoided: boolean }) {
  const [state, action, isPending] = useActionState<VoidState, FormData>(voidSignatureAction, null);
  // Stays mounted when the page re-renders with the signature voided, to confirm it.
  if (state?.ok) return <p role="status" className="mt-4 font-medium text-emerald-900">{state.message}</p>;
  if (isVoided) return null;
  const reauthenticate = reauthenticationOf(state);
  return (
    <details className="mt-4 rounded-md border border-slate-200 p-3">
      <summary className="cursor-pointer text-sm font-medium text-red-800">Void this signature…</summary>
      <form action={action} className="mt-3 space-y-2">
        <input type="hidden" name="paperId" value={paperId} />
        <input type="hidden" name="signatureId" value={signatureId} />
        <p className="text-sm text-slate-700">
          The signature stays on record, marked void with your reason; the paper goes back to awaiting signature.
        </p>
        <label htmlFor={`reason-${signatureId}`} className="block text-sm font-medium">
          Reason
        </label>
        <textarea
          id={`reason-${signatureId}`}
          name="reason"
          rows={3}
          required
          aria-describedby={`reason-${signatureId}-error`}
          className="block w-full rounded-md border border-slate-400 px-3 py-2 text-sm"
        />
        <p id={`reason-${signatureId}-error`} aria-live="polite" className="text-sm text-red-800">
          {state?.message ?? ''}
        </p>
        {reauthenticate ? <ReauthenticateLink email={reauthenticate.email} /> : null}
        <SubmitButton isPending={isPending} pendingLabel="Voiding…">
          Void signature
        </SubmitButton>
      </form>
    </details>
  );
}
