import type { Metadata } from 'next';
import Link from 'next/link';

import { EmailLogTable } from '@/components/email-log-table';
import { emailStateLabel } from '@/components/email-state-badge';
import type { EmailState } from '@/db/schema';
import { orNotFound, requireSignedIn } from '@/lib/auth/current-user';
import { countOf } from '@/lib/format/plural';
import { EMAIL_LOG_PAGE_SIZE, listVolumeEmails, parseEmailStateFilter } from '@/lib/mail/email-log';

import { RetryForm } from '../collect-forms';

export const metadata: Metadata = { title: 'Emails' };

const filterStates: EmailState[] = ['queued', 'sending', 'retrying', 'sent', 'failed', 'cancelled'];

/** Every email the portal sent or owes for a volume, and how its delivery went. */
export default async function VolumeEmailsPage(props: {
  params: Promise<{ volume: string }>;
  searchParams: Promise<{ state?: string; queued?: string; papers?: string }>;
}) {
  const { volume: volumeParam } = await props.params;
  const search = await props.searchParams;
  const user = await requireSignedIn(`/editor/volumes/${volumeParam}/emails`);
  const state = parseEmailStateFilter(search.state);
  const { volume, counts, rows } = await orNotFound(listVolumeEmails(user, Number(volumeParam), state));
  const justQueued = search.queued !== undefined ? Number(search.queued) : null;
  const needsRetry = (counts.failed ?? 0) + (counts.retrying ?? 0);

  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href={`/editor/volumes/${volume.number}`}>← Volume {volume.number}</Link>
      </p>
      <h1 className="text-2xl font-semibold">Emails of {volume.name}</h1>
      {justQueued !== null ? (
        <p role="status" className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-emerald-950">
          {justQueued === 0
            ? 'Nothing was queued: those authors had been invited already.'
            : `${countOf(justQueued, 'invitation')} queued for ${countOf(Number(search.papers ?? 0), 'paper')}. They are being sent now.`}
        </p>
      ) : null}

      <nav aria-label="Filter by delivery" className="flex flex-wrap gap-2 text-sm">
        <FilterLink
          href="?"
          active={state === 'all'}
          label={`All (${Object.values(counts).reduce((a, b) => a + (b ?? 0), 0)})`}
        />
        {filterStates.map((value) => (
          <FilterLink
            key={value}
            href={`?state=${value}`}
            active={state === value}
            label={`${emailStateLabel(value)} (${counts[value] ?? 0})`}
          />
        ))}
      </nav>

      {needsRetry > 0 ? (
        <div className="flex flex-wrap items-center gap-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950">
          <p>
            {countOf(needsRetry, 'email')} could not be delivered yet. The queue retries on its own with growing pauses;
            you can also retry now.
          </p>
          <RetryForm volumeNumber={volume.number} label="Retry all now" />
        </div>
      ) : null}

      {rows.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-6">
          No emails{state === 'all' ? ' yet' : ' in this state'}.
        </p>
      ) : (
        <>
          <EmailLogTable
            rows={rows}
            caption={`Emails of volume ${volume.number}, newest first`}
            retry={(row) =>
              row.state === 'failed' || row.state === 'retrying' ? (
                <RetryForm volumeNumber={volume.number} email={{ id: row.id, kind: row.kind, recipient: row.recipient }} label="Retry now" />
              ) : null
            }
          />
          {rows.length === EMAIL_LOG_PAGE_SIZE ? (
            <p className="text-sm text-slate-600">
              Showing the newest {EMAIL_LOG_PAGE_SIZE}; filter by delivery to see others.
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}

function FilterLink({ href, active, label }: { href: string; active: boolean; label: string }) {
  return (
    <Link
      href={href}
      aria-current={active ? 'page' : undefined}
      className={`rounded-full border px-3 py-1 no-underline hover:no-underline ${
        active
          ? 'border-blue-700 bg-blue-700 text-white'
          : 'border-slate-300 bg-white text-slate-800 hover:bg-slate-100'
      }`}
    >
      {label}
    </Link>
  );
}
