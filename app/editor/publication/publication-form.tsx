'use client';

import Link from 'next/link';
import { useActionState } from 'react';

import { ProblemsAlert } from '@/components/problems-alert';
import { SubmitButton } from '@/components/submit-button';
import { formatUtcDate } from '@/lib/agreements/format-time';
import { countOf } from '@/lib/format/plural';

import { applyPublicationAction, previewPublicationAction, type PublicationState } from './actions';

const day = (value: string) => formatUtcDate(new Date(`${value}T00:00:00Z`));

export function PublicationImportForm() {
  const [previewState, previewAction, isPreviewing] = useActionState<PublicationState, FormData>(previewPublicationAction, null);
  const [applyState, applyAction, isApplying] = useActionState<PublicationState, FormData>(applyPublicationAction, null);

  if (applyState?.ok && applyState.step === 'done') {
    return (
      <div role="status" className="space-y-2 rounded-lg border border-emerald-300 bg-emerald-50 p-5 text-emerald-950">
        <h2 className="text-xl font-semibold">Publication recorded</h2>
        <p>
          {countOf(applyState.changed, 'paper')} recorded as published, {applyState.unchanged} unchanged. Each change is on its
          paper’s audit trail, and the pipeline’s webhooks were told.
        </p>
        <p>
          <Link href="/editor">Back to the volumes</Link>
        </p>
      </div>
    );
  }
  const failure = applyState && !applyState.ok ? applyState : previewState && !previewState.ok ? previewState : null;
  const preview = previewState?.ok && previewState.step === 'preview' ? previewState : null;

  return (
    <div className="space-y-6">
      <form action={previewAction} className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
        <label htmlFor="publicationFile" className="block font-medium">
          CSV file of published papers
        </label>
        <p id="publication-file-hint" className="text-sm text-slate-600">
          Columns <code>volume,paper_key,published_on,url</code>; dates as YYYY-MM-DD. Nothing is recorded until you confirm.
        </p>
        <input
          id="publicationFile"
          name="file"
          type="file"
          accept=".csv,text/csv"
          required
          aria-describedby="publication-file-hint"
          className="block w-full text-sm"
        />
        <SubmitButton isPending={isPreviewing} pendingLabel="Checking…">
          Preview
        </SubmitButton>
      </form>

      {failure ? (
        <ProblemsAlert message={failure.message} problems={failure.problems?.map((problem) => `Line ${problem.line}: ${problem.message}`)} />
      ) : null}

      {preview ? (
        <section aria-labelledby="publication-preview-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
          <h2 id="publication-preview-heading" className="text-lg font-semibold">
            {preview.filename}: {countOf(preview.plan.toChange.length, 'paper')} to record, {preview.plan.unchanged} unchanged
          </h2>
          {preview.plan.toChange.length > 0 ? (
            <div className="max-h-96 overflow-auto rounded border border-slate-200">
              <table className="w-full text-left text-sm">
                <caption className="sr-only">Papers whose publication this file records</caption>
                <thead className="bg-slate-100 text-slate-700">
                  <tr>
                    <th scope="col" className="px-3 py-2">Line</th>
                    <th scope="col" className="px-3 py-2">Paper</th>
                    <th scope="col" className="px-3 py-2">Now</th>
                    <th scope="col" className="px-3 py-2">Becomes</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.plan.toChange.map((change) => (
                    <tr key={change.line} className="border-t border-slate-200 align-top">
                      <td className="px-3 py-2 tabular-nums">{change.line}</td>
                      <th scope="row" className="px-3 py-2 font-mono font-normal">
                        {change.volume}/{change.paperKey}
                      </th>
                      <td className="px-3 py-2">{change.before ? `${day(change.before.publishedOn)}, ${change.before.url}` : 'Unpublished'}</td>
                      <td className="break-all px-3 py-2">
                        {day(change.after.publishedOn)}, {change.after.url}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p>Nothing to change: every paper already has these dates and URLs.</p>
          )}
          {preview.plan.toChange.length > 0 ? (
            <form action={applyAction}>
              <input type="hidden" name="content" value={preview.content} />
              <input type="hidden" name="contentSha256" value={preview.contentSha256} />
              <SubmitButton isPending={isApplying} pendingLabel="Recording…">
                Record {countOf(preview.plan.toChange.length, 'publication')}
              </SubmitButton>
            </form>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
