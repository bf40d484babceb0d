'use client';

import { useActionState } from 'react';

import { ProblemsAlert } from '@/components/problems-alert';
import { SubmitButton } from '@/components/submit-button';
import { countOf } from '@/lib/format/plural';

import { applyRekeyAction, previewRekeyAction, type RekeyState } from './actions';

export function RekeyForm({ volumeNumber }: { volumeNumber: number }) {
  const [previewState, previewAction, isPreviewing] = useActionState<RekeyState, FormData>(previewRekeyAction, null);
  const [applyState, applyAction, isApplying] = useActionState<RekeyState, FormData>(applyRekeyAction, null);

  if (applyState?.ok && applyState.step === 'done') {
    return (
      <p role="status" className="rounded-lg border border-emerald-300 bg-emerald-50 p-5 text-emerald-950">
        {applyState.message} Each change is on its paper’s audit trail; signatures are unchanged.
      </p>
    );
  }
  const failure = applyState && !applyState.ok ? applyState : previewState && !previewState.ok ? previewState : null;
  const preview = previewState?.ok && previewState.step === 'preview' ? previewState : null;

  return (
    <div className="space-y-6">
      <form action={previewAction} className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
        <input type="hidden" name="volume" value={volumeNumber} />
        <label htmlFor="bibFile" className="block font-medium">
          The volume’s BibTeX file (.bib)
        </label>
        <input id="bibFile" name="file" type="file" accept=".bib,text/x-bibtex,text/plain" required className="block w-full text-sm" />
        <SubmitButton isPending={isPreviewing} pendingLabel="Matching…">
          Preview keys
        </SubmitButton>
      </form>

      {failure ? <ProblemsAlert message={failure.message} problems={failure.problems} /> : null}

      {preview ? (
        <form action={applyAction} className="space-y-5 rounded-lg border border-slate-200 bg-white p-5">
          <input type="hidden" name="volume" value={volumeNumber} />
          <input type="hidden" name="bibtex" value={preview.bibtex} />
          <h2 className="text-lg font-semibold">
            {preview.filename}: {countOf(preview.matched.length, 'match', 'matches')}, {preview.ambiguous.length} ambiguous,{' '}
            {preview.unmatched.length} unmatched
          </h2>
          {preview.matched.length > 0 ? (
            <div className="max-h-96 overflow-auto rounded border border-slate-200">
              <table className="w-full text-left text-sm">
                <caption className="sr-only">Papers matched to a BibTeX entry, with their new key</caption>
                <thead className="bg-slate-100 text-slate-700">
                  <tr>
                    <th scope="col" className="px-3 py-2">Key now</th>
                    <th scope="col" className="px-3 py-2">PMLR key</th>
                    <th scope="col" className="px-3 py-2">Title</th>
                    <th scope="col" className="px-3 py-2">Matched by</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.matched.map((match) => (
                    <tr key={match.key} className="border-t border-slate-200 align-top">
                      <td className="px-3 py-2 font-mono">{match.paper.paperKey}</td>
                      <th scope="row" className="px-3 py-2 font-mono font-normal">
                        {match.key}
                      </th>
                      <td className="px-3 py-2">
                        {match.paper.title}
                        {match.signedTitle ? (
                          <span className="mt-1 block rounded bg-amber-50 p-1 text-amber-950">
                            Signed as “{match.signedTitle}”; the BibTeX says “{match.bibTitle}”. The signed record keeps its
                            title.
                          </span>
                        ) : null}
                      </td>
                      <td className="px-3 py-2">{match.by === 'openreview' ? 'OpenReview id' : 'Title'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {preview.ambiguous.length + preview.unmatched.length > 0 ? (
            <fieldset className="space-y-3">
              <legend className="font-semibold">Entries to settle</legend>
              {preview.ambiguous.map((item) => (
                <div key={item.key}>
                  <label htmlFor={`choice-${item.key}`} className="block text-sm font-medium">
                    <span className="font-mono">{item.key}</span> “{item.title}” fits several papers: which is it?
                  </label>
                  <select id={`choice-${item.key}`} name={`choice:${item.key}`} defaultValue="" className="mt-1 block w-full rounded-md border border-slate-400 bg-white px-3 py-2">
                    <option value="">Leave it without a paper</option>
                    {item.candidates.map((paper) => (
                      <option key={paper.id} value={paper.id}>
                        {paper.paperKey}: {paper.title}
                      </option>
                    ))}
                  </select>
                </div>
              ))}
              {preview.unmatched.map((item) => (
                <div key={item.key}>
                  <label htmlFor={`choice-${item.key}`} className="block text-sm font-medium">
                    <span className="font-mono">{item.key}</span> “{item.title}” fits no paper by title:
                  </label>
                  <select id={`choice-${item.key}`} name={`choice:${item.key}`} defaultValue="" className="mt-1 block w-full rounded-md border border-slate-400 bg-white px-3 py-2">
                    <option value="">Leave it without a paper</option>
                    {preview.unclaimed.map((paper) => (
                      <option key={paper.id} value={paper.id}>
                        {paper.paperKey}: {paper.title}
                      </option>
                    ))}
                  </select>
                </div>
              ))}
            </fieldset>
          ) : null}
          <SubmitButton isPending={isApplying} pendingLabel="Re-keying…">
            Give the papers their PMLR keys
          </SubmitButton>
        </form>
      ) : null}
    </div>
  );
}
