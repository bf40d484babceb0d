'use client';

import { useActionState } from 'react';

import { ReauthenticateLink, reauthenticationOf } from './reauthenticate-link';
import { SubmitButton } from './submit-button';

export type FormResult = { ok: boolean; message: string; fieldErrors?: Record<string, string[] | undefined> } | null;

/**
 * A small form bound to a server action that answers { ok, message, fieldErrors }: the
 * answer is announced (status when done, alert when refused) and field errors are listed.
 */
export function ActionForm({
  action,
  submitLabel,
  pendingLabel,
  children,
  className = 'space-y-3',
  variant = 'primary',
  submitAriaLabel,
}: {
  action: (previous: FormResult, formData: FormData) => Promise<FormResult>;
  submitLabel: string;
  pendingLabel: string;
  children?: React.ReactNode;
  className?: string;
  variant?: 'primary' | 'quiet';
  /** A fuller name for a short quiet button among many alike ("Disable", "Redeliver"). */
  submitAriaLabel?: string;
}) {
  const [state, formAction, isPending] = useActionState<FormResult, FormData>(action, null);
  return (
    <form action={formAction} className={className}>
      {children}
      {variant === 'primary' ? (
        <div>
          <SubmitButton isPending={isPending} pendingLabel={pendingLabel}>
            {submitLabel}
          </SubmitButton>
        </div>
      ) : (
        <button
          type="submit"
          disabled={isPending}
          aria-label={submitAriaLabel}
          className="rounded border border-slate-300 bg-white px-2 py-0.5 text-sm text-slate-800 hover:bg-slate-100 disabled:opacity-60"
        >
          {isPending ? pendingLabel : submitLabel}
        </button>
      )}
      <FormMessage state={state} />
    </form>
  );
}

/** The answer of an action, announced: a status when it succeeded, an alert with each field error when not. */
export function FormMessage({ state }: { state: FormResult }) {
  const errors = Object.values(state?.fieldErrors ?? {}).flatMap((messages) => messages ?? []);
  const reauthenticate = reauthenticationOf(state);
  return (
    <div aria-live="polite">
      {state ? (
        <p role={state.ok ? 'status' : 'alert'} className={`text-sm ${state.ok ? 'text-emerald-900' : 'text-red-800'}`}>
          {state.message}
        </p>
      ) : null}
      {reauthenticate ? <ReauthenticateLink email={reauthenticate.email} /> : null}
      {errors.length > 0 ? (
        <ul className="list-disc pl-5 text-sm text-red-800">
          {errors.map((error) => (
            <li key={error}>{error}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
