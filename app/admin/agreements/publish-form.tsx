'use client';

import { useActionState } from 'react';

import { AgreementDocument } from '@/components/agreement-document';
import { SubmitButton } from '@/components/submit-button';

import { previewAgreementAction, publishAgreementAction, type PublishState } from './actions';

/** Unchanged text around a change: its first and last two lines, the rest folded. */
function collapseUnchanged(text: string): string {
  const lines = text.replace(/\n$/, '').split('\n');
  if (lines.length <= 5) return text;
  return `${lines.slice(0, 2).join('\n')}\n  ⋯ ${lines.length - 4} unchanged lines ⋯\n${lines.slice(-2).join('\n')}\n`;
}

export function PublishAgreementForm() {
  const [previewState, previewAction, isPreviewing] = useActionState<PublishState, FormData>(previewAgreementAction, null);
  const [publishState, publishAction, isPublishing] = useActionState<PublishState, FormData>(publishAgreementAction, null);

  if (publishState?.ok && publishState.step === 'published') {
    return (
      <p role="status" className="rounded-lg border border-emerald-300 bg-emerald-50 p-4 font-medium text-emerald-950">
        {publishState.message}
      </p>
    );
  }
  const refusal = (publishState && !publishState.ok ? publishState : null) ?? (previewState && !previewState.ok ? previewState : null);
  const preview = previewState?.ok && previewState.step === 'preview' ? previewState : null;

  return (
    <div className="space-y-6">
      <form action={previewAction} className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
        <label htmlFor="agreement-file" className="block font-medium">
          Agreement file
        </label>
        <p id="agreement-file-hint" className="text-sm text-slate-600">
          Markdown with front matter, like <code>agreements/pmlr-publication-agreement-v1.md</code>: version, title,
          what the signer confirms, asides and the termination clause, then the text. At most 200 KB.
        </p>
        <input
          id="agreement-file"
          name="file"
          type="file"
          accept=".md,.txt,text/markdown,text/plain"
          aria-describedby="agreement-file-hint"
          className="block w-full text-sm"
        />
        <SubmitButton isPending={isPreviewing} pendingLabel="Checking…">
          Preview
        </SubmitButton>
      </form>

      <div aria-live="polite">
        {refusal ? (
          <div role="alert" className="space-y-2 rounded-lg border border-red-300 bg-red-50 p-4 text-red-950">
            <p className="font-medium">{refusal.message}</p>
            {refusal.problems?.length ? (
              <ul className="list-disc pl-5 text-sm" aria-label="Problems in the file">
                {refusal.problems.map((problem, index) => (
                  <li key={index}>
                    {problem.line ? `Line ${problem.line}: ` : ''}
                    {problem.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>

      {preview ? (
        <section aria-labelledby="preview-heading" className="space-y-6">
          <h2 id="preview-heading" className="text-xl font-semibold">
            Preview: {preview.title}, version {preview.version}
          </h2>
          <p className="text-slate-700">
            This is what an author will read and confirm, shown for a sample paper. Once published, the version can never
            change.
          </p>
          <article aria-label="The agreement as authors will see it" className="rounded-lg border border-slate-200 bg-white p-5 sm:p-8">
            <AgreementDocument text={preview.sampleText} presentation={preview.presentation} />
          </article>
          <div className="rounded-lg border border-slate-200 bg-white p-5">
            <h3 className="font-semibold">What the signer confirms</h3>
            <ul className="mt-2 space-y-2" aria-label="What the signer confirms">
              {preview.acknowledgements.map((item) => (
                <li key={item.id} className="flex gap-3">
                  <span aria-hidden="true">☐</span>
                  <span>
                    {item.text} <span className="text-sm text-slate-600">(clause {item.clause})</span>
                  </span>
                </li>
              ))}
            </ul>
            {preview.presentation.termination ? (
              <p className="mt-3 text-sm text-slate-700">
                Ends if the paper is unpublished {preview.presentation.termination.months} months after signing (clause{' '}
                {preview.presentation.termination.clause}).
              </p>
            ) : null}
          </div>
          <div className="rounded-lg border border-slate-200 bg-white p-5">
            <h3 className="font-semibold">
              {preview.previousVersion ? `Changes from version ${preview.previousVersion}` : 'The first version'}
            </h3>
            {preview.previousVersion ? (
              <p className="text-sm text-slate-700">
                Removed text is struck through in red, added text highlighted in green; unchanged passages are folded.
              </p>
            ) : null}
            <pre
              aria-label={`Changes from version ${preview.previousVersion ?? 0}`}
              className="mt-2 max-h-[32rem] overflow-auto whitespace-pre-wrap break-words rounded bg-slate-50 p-3 font-mono text-xs leading-relaxed"
            >
              {preview.diff.map((part, index) =>
                part.kind === 'same' ? (
                  <span key={index} className="text-slate-600">
                    {preview.previousVersion ? collapseUnchanged(part.text) : part.text}
                  </span>
                ) : part.kind === 'added' ? (
                  <ins key={index} className="bg-emerald-100 text-emerald-950 no-underline">
                    {part.text}
                  </ins>
                ) : (
                  <del key={index} className="bg-red-100 text-red-950">
                    {part.text}
                  </del>
                ),
              )}
            </pre>
          </div>
          <form action={publishAction} className="flex flex-wrap items-center gap-3">
            <input type="hidden" name="source" value={preview.source} />
            <input type="hidden" name="sourceSha256" value={preview.sourceSha256} />
            <SubmitButton isPending={isPublishing} pendingLabel="Publishing…">
              Publish version {preview.version}
            </SubmitButton>
          </form>
        </section>
      ) : null}
    </div>
  );
}
