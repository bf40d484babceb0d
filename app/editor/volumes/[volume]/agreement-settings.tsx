'use client';

import { useActionState, useState } from 'react';

import { FormMessage, type FormResult } from '@/components/action-form';
import { SubmitButton } from '@/components/submit-button';
import { countOf } from '@/lib/format/plural';

import { setVolumeAgreementAction } from './actions';

/** Choose the volume's agreement version; the editor sees who is affected before confirming. */
export function AgreementSettings({
  volumeNumber,
  currentVersion,
  versions,
  awaitingCount,
  signedCount,
}: {
  volumeNumber: number;
  currentVersion: number | null;
  versions: { version: number; title: string }[];
  awaitingCount: number;
  signedCount: number;
}) {
  const [state, action, isPending] = useActionState<FormResult, FormData>(setVolumeAgreementAction, null);
  const [chosen, setChosen] = useState<number>(currentVersion ?? versions[0]?.version ?? 1);
  const [isReviewing, setIsReviewing] = useState(false);

  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="volume" value={volumeNumber} />
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="agreement-version" className="block text-sm font-medium">
            Agreement version
          </label>
          <select
            id="agreement-version"
            name="version"
            value={chosen}
            onChange={(event) => {
              setChosen(Number(event.target.value));
              setIsReviewing(false);
            }}
            className="mt-1 block rounded-md border border-slate-400 bg-white px-3 py-2"
          >
            {versions.map((version) => (
              <option key={version.version} value={version.version}>
                {version.title}, version {version.version}
                {version.version === currentVersion ? ' (current)' : ''}
              </option>
            ))}
          </select>
        </div>
        {!isReviewing ? (
          <button
            type="button"
            disabled={chosen === currentVersion}
            onClick={() => setIsReviewing(true)}
            className="rounded-md border border-slate-400 bg-white px-4 py-2 font-medium text-slate-800 hover:bg-slate-100 disabled:opacity-50"
          >
            Change version…
          </button>
        ) : null}
      </div>
      {isReviewing && chosen !== currentVersion ? (
        <div
          role="group"
          aria-labelledby="agreement-change-summary"
          className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-4 text-amber-950"
        >
          <p id="agreement-change-summary">
            {countOf(awaitingCount, 'paper')} awaiting a signature will be asked to sign version {chosen}
            {currentVersion ? ` instead of version ${currentVersion}` : ''}. {countOf(signedCount, 'paper')} already
            signed keep the version they signed.
          </p>
          <div className="flex flex-wrap gap-3">
            <SubmitButton isPending={isPending} pendingLabel="Saving…">
              Use version {chosen}
            </SubmitButton>
            <button
              type="button"
              onClick={() => setIsReviewing(false)}
              className="rounded-md px-3 py-2 text-slate-800 underline"
            >
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      <FormMessage state={state} />
    </form>
  );
}
