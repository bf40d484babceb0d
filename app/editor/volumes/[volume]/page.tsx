import type { Metadata } from 'next';
import Link from 'next/link';

import { LocalTime } from '@/components/local-time';
import { PaperStatusBadge } from '@/components/paper-status-badge';
import { requireVolumeEditor } from '@/lib/auth/authorization';
import { orNotFound, requireSignedIn } from '@/lib/auth/current-user';
import { parseVolumeView, queryVolumePapers, type SortColumn, type VolumeView } from '@/lib/editor/query-volume-papers';
import { volumeViewHref } from '@/lib/editor/volume-view-href';
import { agreeWith, countOf } from '@/lib/format/plural';
import { getVolumeAgreementChoice } from '@/lib/volumes/manage-volumes';

import { getDb } from '@/db/client';
import { EmailStateBadge } from '@/components/email-state-badge';
import { countNeverInvited } from '@/lib/invitations/invite-authors';
import { paperContacts, type PaperContact } from '@/lib/invitations/paper-contact';
import { describeDeadline } from '@/lib/volumes/signing-deadline';

import { LapseTable } from '@/components/lapse-table';
import { formatUtcDate } from '@/lib/agreements/format-time';
import { getEnv } from '@/lib/env';
import { listLapsingPapers } from '@/lib/publication/clause7';

import { AgreementSettings } from './agreement-settings';
import { RequestNewSignatureForm, VolumePublicationForm } from './publication-forms';
import { RemindForm, SigningScheduleForm } from './collect-forms';

export const metadata: Metadata = { title: 'Volume' };

const columnLabels: [SortColumn, string][] = [
  ['paperKey', 'Paper key'],
  ['title', 'Title'],
  ['correspondingAuthor', 'Corresponding author'],
  ['correspondingEmail', 'Email'],
  ['status', 'Status'],
  ['signedAt', 'Signed at'],
];

export default async function VolumePage(props: {
  params: Promise<{ volume: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { volume: volumeParam } = await props.params;
  const user = await requireSignedIn(`/editor/volumes/${volumeParam}`);
  const view = parseVolumeView(await props.searchParams);
  const volumeNumber = Number(volumeParam);
  // Independent reads run together: the page costs the slowest, not their sum. Each authorizes
  // itself; a volume this user may not edit is a 404. Only the rows' contacts wait for the rows.
  const db = await getDb();
  const now = new Date();
  const [result, choice, [notInvited, lapsing]] = await orNotFound(
    Promise.all([
      queryVolumePapers(user, volumeNumber, view),
      getVolumeAgreementChoice(user, volumeNumber),
      requireVolumeEditor(user, volumeNumber).then((volume) =>
        Promise.all([countNeverInvited(db, volume.id), listLapsingPapers(user, { volumeId: volume.id, now })]),
      ),
    ]),
  );
  const { volume, rows, total, page, pageCount } = result;
  const contacts = await paperContacts(
    db,
    rows.map((row) => row.id),
  );
  const counts = { awaiting: choice.awaitingCount, notInvited };
  const currentView: VolumeView = { ...view, page };
  const isFiltered = view.q !== '' || view.status !== 'all';

  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href="/editor">← All volumes</Link>
      </p>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">
            Volume {volume.number} · {volume.name}
          </h1>
          <p className="text-slate-700" role="status" aria-live="polite">
            {countOf(total, 'paper')}
            {isFiltered ? ` ${agreeWith(total, 'matches', 'match')} this view` : ''}
          </p>
        </div>
        <a
          href={`/editor/volumes/${volume.number}/export.csv`}
          className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 no-underline hover:bg-slate-100 hover:no-underline"
          download
        >
          Export CSV
        </a>
      </div>

      <section
        aria-labelledby="agreement-heading"
        className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
      >
        <h2 id="agreement-heading" className="font-semibold">
          Agreement
        </h2>
        {volume.agreementVersion === null ? (
          <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950">
            Authors cannot sign yet: this volume has no agreement version. Choose one below.
          </p>
        ) : (
          <p className="text-slate-700">
            Authors of this volume sign version {volume.agreementVersion}. Changing it affects only papers still
            awaiting a signature.
          </p>
        )}
        <AgreementSettings
          volumeNumber={volume.number}
          currentVersion={volume.agreementVersion}
          versions={choice.versions}
          awaitingCount={choice.awaitingCount}
          signedCount={choice.signedCount}
        />
      </section>

      <section aria-labelledby="collect-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
        <div className="flex flex-wrap items-baseline justify-between gap-3">
          <h2 id="collect-heading" className="font-semibold">
            Collecting signatures
          </h2>
          <Link href={`/editor/volumes/${volume.number}/emails`}>Email log</Link>
        </div>
        <p className="text-slate-700">
          {volume.signingDeadline ? (
            <>
              Deadline: <strong>{describeDeadline(volume.signingDeadline, new Date())}</strong>.{' '}
            </>
          ) : (
            <>No deadline yet: set one before inviting. </>
          )}
          {invitationSummary(counts)}
        </p>
        <div className="flex flex-wrap items-start gap-3">
          <Link
            href={`/editor/volumes/${volume.number}/invite`}
            className="rounded-md bg-blue-700 px-4 py-2 font-medium text-white no-underline hover:bg-blue-800 hover:no-underline"
          >
            Invite authors…
          </Link>
          {counts.awaiting > counts.notInvited && volume.signingDeadline ? (
            <RemindForm
              volumeNumber={volume.number}
              label="Remind everyone awaiting…"
              confirm={`Send a reminder about each of the ${(counts.awaiting - counts.notInvited).toLocaleString('en')} invited papers still awaiting a signature (one email per author)?`}
              confirmLabel="Send the reminders"
            />
          ) : null}
        </div>
        <div className="space-y-2 border-t border-slate-200 pt-4">
          <h3 className="font-medium">Deadline and scheduled reminders</h3>
          <p className="text-sm text-slate-700">
            Scheduled reminders go to invited authors whose papers still await a signature, until the deadline has
            passed or the limit is reached; they stop the moment a paper is signed or withdrawn.
          </p>
          <SigningScheduleForm
            volumeNumber={volume.number}
            signingDeadline={volume.signingDeadline}
            reminderIntervalDays={volume.reminderIntervalDays}
            reminderDaysBeforeDeadline={volume.reminderDaysBeforeDeadline}
            reminderLimit={volume.reminderLimit}
          />
        </div>
      </section>

      <section aria-labelledby="permissions-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="permissions-heading" className="font-semibold">
          Permissions folder for the series editor
        </h2>
        <p className="text-slate-700">
          PMLR asks for every paper’s signed form, named after its key (<code>{`{key}Permission.pdf`}</code>), in a
          folder <code>v{volume.number}permissions</code>. The zip holds each sealed PDF as signed and a{' '}
          <code>MANIFEST.csv</code> with its hash and verification link.
        </p>
        {counts.awaiting > 0 ? (
          <p role="note" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950">
            {countOf(counts.awaiting, 'paper')} still {agreeWith(counts.awaiting, 'awaits', 'await')} a signature: the folder is
            incomplete. It downloads as <code>v{volume.number}permissions-incomplete.zip</code>, and its manifest lists the
            missing papers.
          </p>
        ) : null}
        <a
          href={`/editor/volumes/${volume.number}/permissions.zip`}
          download
          className="inline-block rounded-md bg-blue-700 px-4 py-2 font-medium text-white no-underline hover:bg-blue-800 hover:no-underline"
        >
          {counts.awaiting > 0 ? 'Download the incomplete permissions folder' : 'Download permissions folder'}
        </a>
        <p className="text-sm text-slate-700">
          Keys imported from CMT or OpenReview are provisional:{' '}
          <Link href={`/editor/volumes/${volume.number}/keys`}>give the papers their PMLR keys from the volume’s BibTeX</Link>{' '}
          before downloading the folder.
        </p>
      </section>

      <section id="clause-7" aria-labelledby="publication-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
        <div className="flex flex-wrap items-baseline justify-between gap-3">
          <h2 id="publication-heading" className="font-semibold">
            Publication and clause 7
          </h2>
          <p className="flex gap-4 text-sm">
            <Link href={`/editor/volumes/${volume.number}/webhooks`}>Webhooks</Link>
            <Link href="/editor/api-tokens">API tokens</Link>
            <Link href="/editor/publication">Record papers’ publication from a CSV</Link>
          </p>
        </div>
        <p className="text-slate-700">
          {volume.publishedOn && volume.proceedingsUrl ? (
            <>
              Published on <strong>{formatUtcDate(new Date(`${volume.publishedOn}T00:00:00Z`))}</strong> at{' '}
              <a href={volume.proceedingsUrl}>{volume.proceedingsUrl}</a>. Papers with a date of their own keep it.
            </>
          ) : (
            <>
              Not recorded as published yet. A signed agreement ends if its paper is not published within a year of
              signature (clause 7): record the publication here when the proceedings are out.
            </>
          )}
        </p>
        <VolumePublicationForm volumeNumber={volume.number} publishedOn={volume.publishedOn} proceedingsUrl={volume.proceedingsUrl} />
        <div className="space-y-2 border-t border-slate-200 pt-4">
          <h3 className="font-medium">At risk or lapsed</h3>
          {lapsing.length === 0 ? (
            <p className="text-slate-700">
              Nothing at risk: every signed paper is published or has more than {getEnv().LAPSE_WARNING_DAYS} days before its agreement
              lapses.
            </p>
          ) : (
            <LapseTable
              rows={lapsing}
              now={now}
              caption={`Signed papers of volume ${volume.number} at risk under clause 7, or lapsed`}
              action={(row) =>
                row.status === 'lapsed' ? (
                  <RequestNewSignatureForm volumeNumber={volume.number} paperId={row.paperId} paperKey={row.paperKey} />
                ) : null
              }
            />
          )}
        </div>
      </section>

      <form
        method="get"
        action={`/editor/volumes/${volume.number}`}
        className="flex flex-wrap items-end gap-3"
        role="search"
      >
        <div className="min-w-60 flex-1">
          <label htmlFor="q" className="block text-sm font-medium">
            Search title, author or email
          </label>
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={view.q}
            className="mt-1 block w-full rounded-md border border-slate-400 bg-white px-3 py-2"
          />
        </div>
        <div>
          <label htmlFor="status" className="block text-sm font-medium">
            Status
          </label>
          <select
            id="status"
            name="status"
            defaultValue={view.status}
            className="mt-1 block rounded-md border border-slate-400 bg-white px-3 py-2"
          >
            <option value="all">All</option>
            <option value="awaiting">Awaiting signature</option>
            <option value="signed">Signed</option>
            <option value="withdrawn">Withdrawn</option>
            <option value="never-invited">Awaiting, never invited</option>
          </select>
        </div>
        {view.sort !== 'paperKey' ? <input type="hidden" name="sort" value={view.sort} /> : null}
        {view.dir !== 'asc' ? <input type="hidden" name="dir" value={view.dir} /> : null}
        <button type="submit" className="rounded-md bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800">
          Apply
        </button>
        {isFiltered ? (
          <Link href={volumeViewHref(volume.number, currentView, { q: '', status: 'all', page: 1 })} className="py-2">
            Clear
          </Link>
        ) : null}
      </form>

      {rows.length === 0 ? (
        <div className="rounded-lg border border-slate-200 bg-white p-6">
          {isFiltered ? (
            <>
              <p className="font-medium">No papers match this view.</p>
              <p className="text-slate-700">Try another search or status, or clear the filters.</p>
            </>
          ) : (
            <>
              <p className="font-medium">This volume has no papers yet.</p>
              <p className="text-slate-700">
                <Link href="/editor/import">Import its accepted papers</Link> from a CSV file.
              </p>
            </>
          )}
        </div>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">
              Papers of volume {volume.number}, sorted by {columnLabels.find(([key]) => key === view.sort)?.[1]},{' '}
              {view.dir === 'asc' ? 'ascending' : 'descending'}
            </caption>
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                {columnLabels.map(([key, label]) => {
                  const isSorted = view.sort === key;
                  const nextDir = isSorted && view.dir === 'asc' ? 'desc' : 'asc';
                  return (
                    <th
                      key={key}
                      scope="col"
                      className="whitespace-nowrap px-3 py-2"
                      aria-sort={isSorted ? (view.dir === 'asc' ? 'ascending' : 'descending') : undefined}
                    >
                      <Link
                        href={volumeViewHref(volume.number, currentView, { sort: key, dir: nextDir, page: 1 })}
                        className="text-slate-800"
                      >
                        {label}
                        <span aria-hidden="true">{isSorted ? (view.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                        <span className="sr-only">, sort {nextDir === 'asc' ? 'ascending' : 'descending'}</span>
                      </Link>
                    </th>
                  );
                })}
                <th scope="col" className="whitespace-nowrap px-3 py-2">
                  Invited
                </th>
                <th scope="col" className="whitespace-nowrap px-3 py-2">
                  Reminders
                </th>
                <th scope="col" className="whitespace-nowrap px-3 py-2">
                  Last email
                </th>
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} className="border-t border-slate-200 align-top">
                  <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">{row.paperKey}</td>
                  <td className="min-w-64 px-3 py-2">
                    <Link href={`/editor/papers/${row.id}`}>{row.title}</Link>
                  </td>
                  <td className="px-3 py-2">{row.correspondingAuthorName}</td>
                  <td className="whitespace-nowrap px-3 py-2">{row.correspondingAuthorEmail}</td>
                  <td className="whitespace-nowrap px-3 py-2">
                    <PaperStatusBadge status={row.status} />
                  </td>
                  <td className="whitespace-nowrap px-3 py-2">
                    {row.signedAt ? (
                      <LocalTime iso={row.signedAt.toISOString()} />
                    ) : (
                      <span className="text-slate-500">—</span>
                    )}
                  </td>
                  <ContactCells contact={contacts.get(row.id)} />
                  <td className="whitespace-nowrap px-3 py-2">
                    {row.status === 'awaiting' && volume.signingDeadline ? (
                      <RemindForm
                        volumeNumber={volume.number}
                        paperId={row.id}
                        label="Remind"
                        ariaLabel={`Remind the author of ${row.paperKey}`}
                        variant="quiet"
                      />
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {pageCount > 1 ? (
        <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm text-slate-700">
            Page {page} of {pageCount}
          </p>
          <div className="flex gap-2">
            {page > 1 ? (
              <Link
                href={volumeViewHref(volume.number, currentView, { page: page - 1 })}
                rel="prev"
                className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm no-underline"
              >
                ← Previous
              </Link>
            ) : null}
            {page < pageCount ? (
              <Link
                href={volumeViewHref(volume.number, currentView, { page: page + 1 })}
                rel="next"
                className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm no-underline"
              >
                Next →
              </Link>
            ) : null}
          </div>
        </nav>
      ) : null}
    </div>
  );
}

function invitationSummary({ awaiting, notInvited }: { awaiting: number; notInvited: number }): string {
  const waiting = `${countOf(awaiting, 'paper')} ${agreeWith(awaiting, 'awaits', 'await')} a signature`;
  if (awaiting === 0) return `${waiting}.`;
  if (notInvited === 0) return `${waiting}; ${awaiting === 1 ? 'it has' : 'all have'} been invited.`;
  if (notInvited === awaiting) return `${waiting}; ${awaiting === 1 ? 'it has' : 'none has'} been invited yet.`;
  return `${waiting}; ${notInvited.toLocaleString('en')} never invited.`;
}

function ContactCells({ contact }: { contact: PaperContact | undefined }) {
  const none = <span className="text-slate-500">—</span>;
  return (
    <>
      <td className="whitespace-nowrap px-3 py-2">
        {contact?.invitedAt ? (
          <LocalTime iso={contact.invitedAt.toISOString()} dateOnly />
        ) : (
          <span className="text-slate-600">Never</span>
        )}
      </td>
      <td className="whitespace-nowrap px-3 py-2">
        {contact && contact.reminders > 0 ? (
          <>
            {contact.reminders}
            {contact.lastRemindedAt ? (
              <span className="block text-xs text-slate-600">
                last <LocalTime iso={contact.lastRemindedAt.toISOString()} dateOnly />
              </span>
            ) : null}
          </>
        ) : (
          none
        )}
      </td>
      <td className="px-3 py-2">
        {contact?.latest ? (
          <span title={contact.latest.error ?? undefined}>
            <EmailStateBadge state={contact.latest.state} />
          </span>
        ) : (
          none
        )}
      </td>
    </>
  );
}
