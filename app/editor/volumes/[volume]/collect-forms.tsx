'use client';

import { useState } from 'react';

import { ActionForm } from '@/components/action-form';
import { emailKindLabel } from '@/components/email-state-badge';
import { TextField } from '@/components/text-field';
import type { EmailKind } from '@/db/schema';

import { inviteAuthorsAction, remindAuthorsAction, retryEmailsAction, setSigningScheduleAction } from './actions';

/** The deadline and the reminder rule of a volume. */
export function SigningScheduleForm(props: {
  volumeNumber: number;
  signingDeadline: string | null;
  reminderIntervalDays: number | null;
  reminderDaysBeforeDeadline: number | null;
  reminderLimit: number;
}) {
  return (
    <ActionForm action={setSigningScheduleAction} submitLabel="Save deadline and reminders" pendingLabel="Saving…">
      <input type="hidden" name="volume" value={props.volumeNumber} />
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <TextField
          id="signingDeadline"
          name="signingDeadline"
          label="Sign by (last day, UTC)"
          type="date"
          required
          defaultValue={props.signingDeadline ?? ''}
        />
        <TextField
          id="reminderIntervalDays"
          name="reminderIntervalDays"
          label="Remind every … days (empty: never)"
          type="number"
          min={1}
          max={90}
          inputMode="numeric"
          defaultValue={props.reminderIntervalDays ?? ''}
        />
        <TextField
          id="reminderDaysBeforeDeadline"
          name="reminderDaysBeforeDeadline"
          label="Last call … days before (empty: none)"
          type="number"
          min={1}
          max={60}
          inputMode="numeric"
          defaultValue={props.reminderDaysBeforeDeadline ?? ''}
        />
        <TextField
          id="reminderLimit"
          name="reminderLimit"
          label="At most … reminders per paper"
          type="number"
          min={0}
          max={20}
          required
          inputMode="numeric"
          defaultValue={props.reminderLimit}
        />
      </div>
    </ActionForm>
  );
}

/** Confirms the invitation the page previewed; the request id makes a double submit harmless. */
export function InviteForm({ volumeNumber, scope, label }: { volumeNumber: number; scope: string; label: string }) {
  const [requestId] = useState(() => crypto.randomUUID());
  return (
    <ActionForm action={inviteAuthorsAction} submitLabel={label} pendingLabel="Queueing…">
      <input type="hidden" name="volume" value={volumeNumber} />
      <input type="hidden" name="scope" value={scope} />
      <input type="hidden" name="requestId" value={requestId} />
    </ActionForm>
  );
}

/**
 * "Remind" for one paper, or "Remind everyone awaiting" for the volume; with `confirm`, the
 * first press only asks, saying how many, and the second sends.
 */
export function RemindForm({
  volumeNumber,
  paperId,
  label,
  variant = 'primary',
  confirm,
  confirmLabel,
  ariaLabel,
}: {
  volumeNumber: number;
  paperId?: string;
  label: string;
  variant?: 'primary' | 'quiet';
  confirm?: string;
  confirmLabel?: string;
  /** A fuller name where many rows each have a "Remind" button; it starts with the label. */
  ariaLabel?: string;
}) {
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());
  const [isConfirming, setIsConfirming] = useState(false);
  if (confirm && !isConfirming) {
    return (
      <button
        type="button"
        onClick={() => setIsConfirming(true)}
        className="rounded-md border border-slate-400 bg-white px-4 py-2 font-medium text-slate-800 hover:bg-slate-100"
      >
        {label}
      </button>
    );
  }
  return (
    <div
      onSubmit={() => setTimeout(() => setRequestId(crypto.randomUUID()), 0)}
      className={confirm ? 'space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950' : undefined}
    >
      {confirm ? <p>{confirm}</p> : null}
      <ActionForm
        action={remindAuthorsAction}
        submitLabel={confirmLabel ?? label}
        submitAriaLabel={ariaLabel}
        pendingLabel="Queueing…"
        variant={variant}
      >
        <input type="hidden" name="volume" value={volumeNumber} />
        {paperId ? <input type="hidden" name="paperId" value={paperId} /> : null}
        <input type="hidden" name="requestId" value={requestId} />
      </ActionForm>
      {confirm ? (
        <button type="button" onClick={() => setIsConfirming(false)} className="text-sm text-slate-800 underline">
          Cancel
        </button>
      ) : null}
    </div>
  );
}

/**
 * "Retry now" for one failed or waiting email, or for all of a volume's. One email's button is
 * named for it ("Retry now: invitation to …"), so a list of them reads apart.
 */
export function RetryForm({
  volumeNumber,
  email,
  label,
}: {
  volumeNumber: number;
  email?: { id: string; kind: EmailKind; recipient: string };
  label: string;
}) {
  const ariaLabel = email ? `${label}: ${emailKindLabel[email.kind].toLowerCase()} to ${email.recipient}` : undefined;
  return (
    <ActionForm action={retryEmailsAction} submitLabel={label} submitAriaLabel={ariaLabel} pendingLabel="Retrying…" variant="quiet">
      <input type="hidden" name="volume" value={volumeNumber} />
      {email ? <input type="hidden" name="emailId" value={email.id} /> : null}
    </ActionForm>
  );
}
