'use client';

import Link from 'next/link';
import { useActionState, useState } from 'react';

import { ReauthenticateLink, reauthenticationOf } from '@/components/reauthenticate-link';
import { SubmitButton } from '@/components/submit-button';
import { MAX_IMPORT_BYTES } from '@/lib/editor/import-limits';
import type { PaperImportPreview } from '@/lib/editor/paper-import-preview';
import { countOf } from '@/lib/format/plural';

import { confirmImportAction, previewImportAction, type ImportState } from './actions';

/** A refusal (ok: false) or an upload-step message, whichever the state holds. */
const messageOf = (state: ImportState): string | undefined =>
  'ok' in state ? state.message : state.step === 'upload' ? state.message : undefined;

export function ImportForm() {
  const [previewState, previewAction, isPreviewing] = useActionState<ImportState, FormData>(previewImportAction, {
    step: 'upload',
  });
  const [confirmState, confirmAction, isConfirming] = useActionState<ImportState, FormData>(confirmImportAction, {
    step: 'upload',
  });
  const [tooLarge, setTooLarge] = useState(false);
  // A CMT workbook is sent again with the chosen sheets, so the chosen file is kept here.
  const [chosenFile, setChosenFile] = useState<File | null>(null);

  if ('step' in confirmState && confirmState.step === 'done') {
    const { result, filename } = confirmState;
    return (
      <div role="status" className="space-y-3 rounded-lg border border-emerald-300 bg-emerald-50 p-5 text-emerald-950">
        <h2 className="text-xl font-semibold">Imported {filename}</h2>
        <p>
          {result.created} new, {result.updated} updated, {result.unchanged} unchanged
          {result.volumesCreated ? `, ${countOf(result.volumesCreated, 'new volume')}` : ''}.
        </p>
        <p>
          <Link href="/editor">Back to the volumes</Link>
        </p>
      </div>
    );
  }

  const message = messageOf(confirmState) ?? messageOf(previewState);
  const reauthenticate = reauthenticationOf(confirmState) ?? reauthenticationOf(previewState);
  const preview =
    'step' in previewState && (previewState.step === 'preview' || previewState.step === 'upload')
      ? previewState.preview
      : undefined;

  return (
    <div className="space-y-6">
      <form
        action={previewAction}
        className="space-y-3 rounded-lg border border-slate-200 bg-white p-5"
        onSubmit={(event) => {
          if (tooLarge) event.preventDefault();
        }}
      >
        <label htmlFor="file" className="block font-medium">
          File of accepted papers (CSV, CMT’s Excel export or an OpenReview export)
        </label>
        <p id="file-hint" className="text-sm text-slate-600">
          UTF-8, with the header{' '}
          <code className="break-all">volume,paper_key,title,authors,corresponding_author,corresponding_email</code>;
          authors separated by <code>; </code>. Or the <code>.xlsx</code> of CMT’s “Export to Excel” (one sheet per
          track), or an OpenReview export (a CSV with <code>title</code>, <code>authors</code>, <code>forum</code> and a{' '}
          <code>corresponding_email</code> column you add): you choose the tracks and the volume next. At most 5 MB.
        </p>
        <input
          id="file"
          name="file"
          type="file"
          accept=".csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          required
          aria-describedby="file-hint import-message"
          onChange={(event) => {
            const file = event.target.files?.[0] ?? null;
            setChosenFile(file);
            setTooLarge((file?.size ?? 0) > MAX_IMPORT_BYTES);
          }}
          className="block text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-slate-50 file:px-3 file:py-2"
        />
        <SubmitButton isPending={isPreviewing} pendingLabel="Checking…">
          Preview import
        </SubmitButton>
      </form>

      <div id="import-message" aria-live="polite">
        {tooLarge ? (
          <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-red-900">
            The file is larger than 5 MB. Split it into smaller files and import each.
          </p>
        ) : message ? (
          <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-red-900">
            <p>{message}</p>
            {reauthenticate ? <ReauthenticateLink email={reauthenticate.email} /> : null}
          </div>
        ) : null}
      </div>

      {'step' in previewState && previewState.step === 'source' && chosenFile ? (
        <form
          action={(formData) => {
            formData.set('file', chosenFile);
            previewAction(formData);
          }}
          className="space-y-4 rounded-lg border border-blue-200 bg-blue-50 p-5"
        >
          <input type="hidden" name="source" value={previewState.source.kind} />
          <p>
            <strong>{previewState.filename}</strong>: {previewState.message}
          </p>
          {previewState.source.kind === 'cmt' ? (
            <fieldset className="space-y-2">
              <legend className="font-medium">Sheets (tracks)</legend>
              {previewState.source.sheets.map((sheet) => (
                <label key={sheet.name} className="flex items-start gap-2">
                  <input
                    type="checkbox"
                    name="sheet"
                    value={sheet.name}
                    defaultChecked={sheet.missing.length === 0 && sheet.papers > 0}
                    className="mt-1 h-4 w-4"
                  />
                  <span>
                    {sheet.name}: {countOf(sheet.papers, 'paper')}
                    {sheet.missing.length > 0 ? (
                      <span className="block text-sm text-red-900">Lacks the column {sheet.missing.map((name) => `“${name}”`).join(', ')}.</span>
                    ) : null}
                  </span>
                </label>
              ))}
            </fieldset>
          ) : (
            <div className="space-y-2">
              <table className="text-left text-sm">
                <caption className="text-left font-medium">How the {countOf(previewState.source.papers, 'paper')} are read</caption>
                <thead>
                  <tr>
                    <th scope="col" className="pr-4">Field</th>
                    <th scope="col">From</th>
                  </tr>
                </thead>
                <tbody>
                  {previewState.source.mapping.map((entry) => (
                    <tr key={entry.field}>
                      <th scope="row" className="pr-4 font-normal">{entry.field}</th>
                      <td className="font-mono">{entry.column}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {previewState.source.assumedFirstAuthor > 0 ? (
                <p className="text-sm text-amber-950">
                  For {countOf(previewState.source.assumedFirstAuthor, 'paper')} the email is none of the author ids: the first
                  author is taken as corresponding author. Check them in the preview.
                </p>
              ) : null}
            </div>
          )}
          <div className="max-w-48">
            <label htmlFor="sourceVolume" className="block text-sm font-medium">
              Volume number
            </label>
            <input
              id="sourceVolume"
              name="volume"
              type="number"
              min={1}
              required
              inputMode="numeric"
              className="mt-1 block w-full rounded-md border border-slate-400 bg-white px-3 py-2"
            />
          </div>
          <SubmitButton isPending={isPreviewing} pendingLabel="Checking…">
            Preview these papers
          </SubmitButton>
        </form>
      ) : null}

      {preview ? <PreviewTables preview={preview} /> : null}

      {'step' in previewState && previewState.step === 'preview' ? (
        <form action={confirmAction} className="rounded-lg border border-blue-200 bg-blue-50 p-5">
          <input type="hidden" name="importId" value={previewState.importId} />
          <p className="mb-3">
            Import <strong>{previewState.filename}</strong>: {countOf(previewState.preview.created.count, 'new paper')} and{' '}
            {countOf(previewState.preview.changed.count, 'changed paper')}
            {previewState.preview.newVolumes.length > 0
              ? `, creating ${countOf(previewState.preview.newVolumes.length, 'new volume')} (${previewState.preview.newVolumes.join(', ')})`
              : ''}
            , in one step.
          </p>
          {previewState.preview.signedMoves.count > 0 ? (
            <p className="mb-3 flex items-start gap-2">
              <input
                type="checkbox"
                id="confirmSignedMoves"
                name="confirmSignedMoves"
                value="yes"
                required
                className="mt-1 h-4 w-4"
              />
              <label htmlFor="confirmSignedMoves">
                I confirm that {countOf(previewState.preview.signedMoves.count, 'signed paper')} get
                {previewState.preview.signedMoves.count === 1 ? 's' : ''} another corresponding author. Each signature
                stays valid and stays with the person who signed it; the change is recorded on each paper.
              </label>
            </p>
          ) : null}
          <SubmitButton isPending={isConfirming} pendingLabel="Importing…">
            Confirm import
          </SubmitButton>
        </form>
      ) : null}
    </div>
  );
}

function PreviewTables({ preview }: { preview: PaperImportPreview }) {
  return (
    <section aria-labelledby="preview-heading" className="space-y-4">
      <h2 id="preview-heading" className="text-xl font-semibold">
        Preview
      </h2>
      <ul className="flex flex-wrap gap-3 text-sm">
        <li className="rounded-full bg-emerald-100 px-3 py-1">{preview.created.count} new</li>
        <li className="rounded-full bg-blue-100 px-3 py-1">{preview.changed.count} changed</li>
        <li className="rounded-full bg-slate-200 px-3 py-1">{preview.unchangedCount} unchanged</li>
        <li className="rounded-full bg-red-100 px-3 py-1">{countOf(preview.problems.count, 'error')}</li>
      </ul>
      {preview.newVolumes.length > 0 && preview.problems.count === 0 ? (
        <p role="note" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950">
          {preview.newVolumes.length === 1 ? (
            <>
              This file creates a new volume, <strong>volume {preview.newVolumes[0]}</strong>: no volume has that
              number yet. Check the number before you confirm.
            </>
          ) : (
            <>
              This file creates {preview.newVolumes.length} new volumes:{' '}
              <strong>{preview.newVolumes.map((number) => `volume ${number}`).join(', ')}</strong>. Check the numbers
              before you confirm.
            </>
          )}
        </p>
      ) : null}
      {preview.signedMoves.count > 0 ? (
        <div role="note" className="rounded-md border border-amber-400 bg-amber-50 p-3 text-amber-950">
          <h3 className="font-semibold">
            {countOf(preview.signedMoves.count, 'signed paper')} would get another corresponding author
          </h3>
          <p className="mt-1 text-sm">
            These papers are already signed. The signature is not moved: it stays with its signer, who keeps access to
            what they signed. Confirm below only if the change is intended.
          </p>
          <ul className="mt-2 list-disc space-y-1 pl-6 text-sm" aria-label="Signed papers whose corresponding author changes">
            {preview.signedMoves.shown.map((move) => (
              <li key={move.paperKey}>
                {move.where ?? `Line ${move.line}`}: <span className="font-mono">{move.paperKey}</span> “{move.title}”, signed by{' '}
                {move.signerEmail}: {move.from} → {move.to}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {preview.problems.count > 0 ? (
        <div>
          <h3 className="font-semibold">Errors, by line</h3>
          <ul className="mt-1 list-disc space-y-1 pl-6 text-red-900" aria-label="Errors by line">
            {preview.problems.shown.map((problem, index) => (
              <li key={index}>
                {problem.where ?? `Line ${problem.line}`}: {problem.message}
              </li>
            ))}
          </ul>
          {preview.problems.count > preview.problems.shown.length ? (
            <p className="text-sm">…and {preview.problems.count - preview.problems.shown.length} more.</p>
          ) : null}
        </div>
      ) : null}
      {preview.created.count > 0 ? (
        <details open={preview.created.count <= 20}>
          <summary className="cursor-pointer font-semibold">New papers ({preview.created.count})</summary>
          <ul className="mt-1 list-disc pl-6 text-sm">
            {preview.created.shown.map((paper) => (
              <li key={`${paper.volume}/${paper.paperKey}`}>
                <span className="font-mono">{paper.paperKey}</span> (volume {paper.volume}): {paper.title}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {preview.changed.count > 0 ? (
        <details open>
          <summary className="cursor-pointer font-semibold">Changed papers ({preview.changed.count})</summary>
          <ul className="mt-1 list-disc pl-6 text-sm">
            {preview.changed.shown.map((paper) => (
              <li key={paper.paperKey}>
                <span className="font-mono">{paper.paperKey}</span>: {paper.changedFields.join(', ')} changed
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
