'use client';

import Link from 'next/link';
import { useActionState } from 'react';

import { SubmitButton } from '@/components/submit-button';

import { signAgreementAction, type SignState } from './actions';

export type SignFormItem = { id: string; clause: string; text: string };

export function SignForm({
  paperId,
  items,
  nameOnRecord,
}: {
  paperId: string;
  items: SignFormItem[];
  nameOnRecord: string;
}) {
  const [state, formAction, isPending] = useActionState<SignState, FormData>(signAgreementAction, null);
  // React resets a form after its action; defaults from the returned state keep what was entered.
  const submitted = state?.values;
  const errors = state?.fieldErrors ?? {};
  const nameError = errors.typedName?.[0];

  return (
    <form
      key={JSON.stringify(submitted ?? null)}
      action={formAction}
      className="space-y-6"
      aria-describedby="sign-form-status"
      noValidate
    >
      <input type="hidden" name="paperId" value={paperId} />

      <div id="sign-form-status" aria-live="assertive">
        {state ? (
          <div
            role="alert"
            className={
              state.code === 'already-signed'
                ? 'rounded-md border border-emerald-300 bg-emerald-50 p-4 text-emerald-900'
                : 'rounded-md border border-red-300 bg-red-50 p-4 text-red-900'
            }
          >
            <p className="font-medium">{state.message}</p>
            {state.code === 'already-signed' ? (
              <p>
                <Link href={`/papers/${paperId}`}>See the signed agreement</Link>
              </p>
            ) : null}
          </div>
        ) : null}
      </div>

      <fieldset className="space-y-3">
        <legend className="mb-2 text-lg font-semibold">Confirm each term</legend>
        {items.map((item) => {
          const error = errors[item.id]?.[0];
          const inputId = `ack-${item.id}`;
          return (
            <div
              key={item.id}
              className={`rounded-md border p-3 ${error ? 'border-red-400 bg-red-50' : 'border-slate-200 bg-white'}`}
            >
              <div className="flex items-start gap-3">
                <input
                  id={inputId}
                  type="checkbox"
                  name="acknowledged"
                  value={item.id}
                  defaultChecked={submitted?.acknowledged.includes(item.id)}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={`${inputId}-error`}
                  className="mt-1 size-5 shrink-0 accent-blue-700"
                />
                <label htmlFor={inputId} className="leading-snug">
                  {item.text}{' '}
                  <span className="whitespace-nowrap text-sm text-slate-600">
                    {item.clause === 'signature' ? '' : `(clause ${item.clause})`}
                  </span>
                </label>
              </div>
              <p id={`${inputId}-error`} aria-live="polite" className="mt-1 pl-8 text-sm text-red-800">
                {error ?? ''}
              </p>
            </div>
          );
        })}
      </fieldset>

      <div className="space-y-1">
        <label htmlFor="typedName" className="block text-lg font-semibold">
          Your full name, as your signature
        </label>
        <p id="typedName-hint" className="text-sm text-slate-600">
          Name on record for this paper: {nameOnRecord}.
        </p>
        <input
          id="typedName"
          name="typedName"
          type="text"
          autoComplete="name"
          defaultValue={submitted?.typedName}
          aria-invalid={nameError ? true : undefined}
          aria-describedby="typedName-hint typedName-error"
          className="block w-full max-w-md rounded-md border border-slate-400 bg-white px-3 py-2 font-serif text-lg aria-invalid:border-red-700"
        />
        <p id="typedName-error" aria-live="polite" className="text-sm text-red-800">
          {nameError ?? ''}
        </p>
      </div>

      {/* A refusal about the whole form (the database away, too many tries) is also said here,
          where the author's eyes are after pressing the button; the alert above announces it. */}
      {state && Object.keys(errors).length === 0 && state.code !== 'already-signed' ? (
        <p className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">{state.message}</p>
      ) : null}
      <SubmitButton isPending={isPending} pendingLabel="Signing…" size="large">
        Sign agreement
      </SubmitButton>
    </form>
  );
}
