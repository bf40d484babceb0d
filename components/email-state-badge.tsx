import type { EmailKind, EmailState } from '@/db/schema';

const states: Record<EmailState, [string, string]> = {
  queued: ['Queued', 'bg-sky-100 text-sky-900'],
  sending: ['Sending', 'bg-sky-100 text-sky-900'],
  retrying: ['Retrying', 'bg-amber-100 text-amber-900'],
  sent: ['Sent', 'bg-emerald-100 text-emerald-900'],
  failed: ['Failed', 'bg-red-100 text-red-900'],
  cancelled: ['Not needed', 'bg-slate-200 text-slate-800'],
};

export const emailStateLabel = (state: EmailState) => states[state][0];

export const emailKindLabel: Record<EmailKind, string> = {
  invitation: 'Invitation',
  reminder: 'Reminder',
  receipt: 'Receipt',
  editor_notice: 'Editors’ notice',
  evidence_checkpoint: 'Evidence checkpoint',
  lapse_digest: 'Clause 7 digest',
};

/** An email's delivery state as a labelled pill. */
export function EmailStateBadge({ state }: { state: EmailState }) {
  const [label, style] = states[state];
  return <span className={`whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${style}`}>{label}</span>;
}
