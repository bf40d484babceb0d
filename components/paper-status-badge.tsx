import type { PaperSigningStatus } from '@/lib/editor/paper-status';

/** A paper's signing status as a coloured label (the word carries it, not the colour). */
export function PaperStatusBadge({ status }: { status: PaperSigningStatus }) {
  const styles: Record<PaperSigningStatus, [string, string]> = {
    signed: ['Signed', 'bg-emerald-100 text-emerald-900'],
    awaiting: ['Awaiting', 'bg-amber-100 text-amber-900'],
    withdrawn: ['Withdrawn', 'bg-slate-200 text-slate-800'],
  };
  const [label, style] = styles[status];
  return <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${style}`}>{label}</span>;
}
