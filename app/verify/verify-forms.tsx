'use client';

import { useState, useTransition, type FormEvent } from 'react';

import { SubmitButton } from '@/components/submit-button';
import { VERIFY_CHECK_PATH, describeSignedAt, readVerifyAnswer, type VerifyAnswer } from '@/lib/evidence/verify-answer';
import { MAX_SIGNED_PDF_BYTES } from '@/lib/evidence/verify-limits';
import type { VerificationCheck } from '@/lib/evidence/verify-signature';

type VerifyState = VerifyAnswer | null;

/**
 * A form that posts to /verify/check: with JavaScript through fetch, showing the answer in
 * place (a 429 or 400 comes back as a message); without it as a plain post whose answer is a page.
 */
function useCheck(): [VerifyState, (event: FormEvent<HTMLFormElement>) => void, boolean] {
  const [state, setState] = useState<VerifyState>(null);
  const [isPending, startTransition] = useTransition();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const body = new FormData(event.currentTarget);
    startTransition(async () => {
      try {
        const response = await fetch(VERIFY_CHECK_PATH, { method: 'POST', body, headers: { accept: 'application/json' } });
        const answer = readVerifyAnswer(await response.json());
        setState(answer.result || answer.message ? answer : { message: `The portal could not check this (HTTP ${response.status}). Please try again.` });
      } catch {
        setState({ message: 'The portal could not be reached, so nothing was checked. Check your connection and try again.' });
      }
    });
  };
  return [state, submit, isPending];
}

export function VerifyForms({ signatureId, textSha256 }: { signatureId?: string; textSha256?: string }) {
  const [pdfState, checkPdf, isCheckingPdf] = useCheck();
  const [idState, checkId, isCheckingId] = useCheck();
  // Checked here first, so a file the portal would refuse unread is never sent.
  const [tooLarge, setTooLarge] = useState(false);

  return (
    <div className="grid gap-6 md:grid-cols-2">
      <section aria-labelledby="by-pdf" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="by-pdf" className="text-lg font-semibold">
          Check a PDF
        </h2>
        <form
          action={VERIFY_CHECK_PATH}
          method="post"
          encType="multipart/form-data"
          onSubmit={(event) => {
            if (tooLarge) event.preventDefault();
            else checkPdf(event);
          }}
          className="space-y-3"
        >
          <label htmlFor="pdf" className="block text-sm font-medium">
            Signed agreement (PDF)
          </label>
          <input
            id="pdf"
            name="pdf"
            type="file"
            accept="application/pdf,.pdf"
            required
            aria-describedby="pdf-size"
            onChange={(event) => setTooLarge((event.target.files?.[0]?.size ?? 0) > MAX_SIGNED_PDF_BYTES)}
            className="block text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-slate-50 file:px-3 file:py-2"
          />
          <p id="pdf-size" className="text-sm text-slate-600">
            At most 10 MB (a signed agreement from this portal is far smaller).
          </p>
          <SubmitButton isPending={isCheckingPdf} pendingLabel="Checking…">
            Check PDF
          </SubmitButton>
        </form>
        {tooLarge ? (
          <p role="alert" className="text-sm text-red-800">
            This file is larger than 10 MB, so it is not a signed agreement from this portal.
          </p>
        ) : (
          <Outcome state={pdfState} />
        )}
      </section>

      <section aria-labelledby="by-id" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="by-id" className="text-lg font-semibold">
          Check a signature id
        </h2>
        <form action={VERIFY_CHECK_PATH} method="post" encType="multipart/form-data" onSubmit={checkId} className="space-y-3">
          <div>
            <label htmlFor="signatureId" className="block text-sm font-medium">
              Signature id
            </label>
            <input
              id="signatureId"
              name="signatureId"
              defaultValue={signatureId}
              className="mt-1 block w-full rounded-md border border-slate-400 px-3 py-2 font-mono text-sm"
            />
          </div>
          <div>
            <label htmlFor="textSha256" className="block text-sm font-medium">
              SHA-256 of the agreement text
            </label>
            <input
              id="textSha256"
              name="textSha256"
              defaultValue={textSha256}
              className="mt-1 block w-full rounded-md border border-slate-400 px-3 py-2 font-mono text-sm"
            />
          </div>
          <SubmitButton isPending={isCheckingId} pendingLabel="Checking…">
            Check signature
          </SubmitButton>
        </form>
        <Outcome state={idState} />
      </section>
    </div>
  );
}

function Outcome({ state }: { state: VerifyState }) {
  return (
    <div aria-live="polite">
      {state?.message ? <p className="text-sm text-red-800">{state.message}</p> : null}
      {state?.result?.isValid ? (
        <div role="status" className="rounded-md border border-emerald-300 bg-emerald-50 p-4 text-emerald-950">
          <p className="font-semibold">
            Valid: signed by {state.result.signedBy} on {describeSignedAt(state.result.signedAt)}
          </p>
          <p className="mt-1 text-sm">
            “{state.result.title}”, {state.result.proceedings}. Agreement version {state.result.templateVersion}.
          </p>
          <p className="mt-1 break-all font-mono text-xs">Text SHA-256 {state.result.textSha256}</p>
          <p className="mt-1 break-all font-mono text-xs">PDF SHA-256 {state.result.pdfSha256}</p>
          <Checks checks={state.result.checks} />
        </div>
      ) : null}
      {state?.result && !state.result.isValid ? (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-red-900">
          <p className="font-semibold">Not valid</p>
          <p className="mt-1 text-sm">{state.result.reason}</p>
          {state.result.checks ? <Checks checks={state.result.checks} /> : null}
        </div>
      ) : null}
    </div>
  );
}

function Checks({ checks }: { checks: VerificationCheck[] }) {
  return (
    <ul className="mt-3 space-y-1 text-sm" aria-label="What was checked">
      {checks.map((check) => (
        <li key={check.label} className="flex gap-2">
          <span aria-hidden="true" className="font-bold">
            {check.ok ? '✓' : '✗'}
          </span>
          <span>
            <span className="sr-only">{check.ok ? 'Passed: ' : 'Failed: '}</span>
            {check.label}
          </span>
        </li>
      ))}
    </ul>
  );
}
