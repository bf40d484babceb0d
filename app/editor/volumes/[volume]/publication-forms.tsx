'use client';

import { useState } from 'react';

import { ActionForm } from '@/components/action-form';
import { PublicationFields } from '@/components/publication-fields';

import { requestNewSignatureAction, setVolumePublicationAction } from './actions';

/** The volume's publication date and proceedings URL; every paper without its own takes them. */
export function VolumePublicationForm(props: { volumeNumber: number; publishedOn: string | null; proceedingsUrl: string | null }) {
  return (
    <ActionForm
      action={setVolumePublicationAction}
      submitLabel={props.publishedOn ? 'Update publication' : 'Mark the volume published'}
      pendingLabel="Saving…"
    >
      <input type="hidden" name="volume" value={props.volumeNumber} />
      <PublicationFields
        idPrefix="volume"
        urlLabel="Proceedings URL"
        urlPlaceholder="https://proceedings.mlr.press/v151/"
        publishedOn={props.publishedOn}
        url={props.proceedingsUrl}
      />
    </ActionForm>
  );
}

/** Clause 7 ended this agreement: void it and invite the author again, after a confirmation. */
export function RequestNewSignatureForm({ volumeNumber, paperId, paperKey }: { volumeNumber: number; paperId: string; paperKey: string }) {
  const [requestId] = useState(() => crypto.randomUUID());
  const [isConfirming, setIsConfirming] = useState(false);
  if (!isConfirming) {
    return (
      <button
        type="button"
        onClick={() => setIsConfirming(true)}
        className="rounded border border-slate-400 bg-white px-2 py-0.5 text-sm text-slate-800 hover:bg-slate-100"
      >
        Request a new signature<span className="sr-only"> for {paperKey}</span>
      </button>
    );
  }
  return (
    <div className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
      <p>The lapsed signature is voided (it stays on record) and the corresponding author is invited to sign again.</p>
      <ActionForm action={requestNewSignatureAction} submitLabel="Void and invite" pendingLabel="Requesting…" variant="quiet">
        <input type="hidden" name="volume" value={volumeNumber} />
        <input type="hidden" name="paperId" value={paperId} />
        <input type="hidden" name="requestId" value={requestId} />
      </ActionForm>
      <button type="button" onClick={() => setIsConfirming(false)} className="text-sm text-slate-800 underline">
        Cancel
      </button>
    </div>
  );
}
