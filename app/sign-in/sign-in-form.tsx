'use client';

import { useActionState } from 'react';

import { SubmitButton } from '@/components/submit-button';

import { requestSignInLink, type SignInState } from './actions';

export function SignInForm({
  callbackUrl,
  email = '',
  hint = 'The address the editors have for you as corresponding author.',
}: {
  callbackUrl: string;
  email?: string;
  hint?: string;
}) {
  const [state, formAction, isPending] = useActionState<SignInState, FormData>(requestSignInLink, null);
  const emailError = state?.fieldErrors.email?.[0];

  return (
    <form action={formAction} className="space-y-4" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <div className="space-y-1">
        <label htmlFor="email" className="block font-medium">
          Email address
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          required
          defaultValue={state?.email ?? email}
          aria-invalid={emailError ? true : undefined}
          aria-describedby="email-hint email-error"
          className="block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base aria-invalid:border-red-700"
        />
        <p id="email-hint" className="text-sm text-slate-600">
          {hint}
        </p>
        <div id="email-error" aria-live="polite" className="text-sm text-red-700">
          {emailError ? <p>{emailError}</p> : null}
        </div>
      </div>
      <SubmitButton isPending={isPending} pendingLabel="Sending…">
        Email me a sign-in link
      </SubmitButton>
      <div aria-live="polite">
        {state && !emailError ? (
          <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950">
            {state.message}
          </p>
        ) : null}
      </div>
    </form>
  );
}
