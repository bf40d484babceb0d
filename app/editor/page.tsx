import type { Metadata } from 'next';
import Link from 'next/link';

import { LapseTable } from '@/components/lapse-table';
import { PaperSearchForm } from '@/components/paper-search-form';
import { requireEditorPage } from '@/lib/auth/current-user';
import { listVolumeOverview } from '@/lib/editor/list-volume-overview';
import { getEnv } from '@/lib/env';
import { countOf } from '@/lib/format/plural';
import { signedPercentLabel } from '@/lib/format/progress';
import { countByVolume, listLapsingPapers } from '@/lib/publication/clause7';

/** Rows of the cross-volume clause 7 list; the volume pages list the rest. */
const LAPSE_LIST_LIMIT = 50;

export const metadata: Metadata = { title: 'Editor' };

export default async function EditorPage() {
  const user = await requireEditorPage('/editor');
  const now = new Date();
  const [volumes, lapsing] = await Promise.all([listVolumeOverview(user), listLapsingPapers(user, { now })]);
  const lapseCounts = countByVolume(lapsing);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Proceedings volumes</h1>
          <p className="text-slate-700">Who has signed their publication agreement, volume by volume.</p>
        </div>
        <div className="flex flex-wrap gap-2">
          {[
            ['/editor/import', 'Import accepted papers'],
            ['/editor/publication', 'Record publication'],
            ['/editor/api-tokens', 'API tokens'],
          ].map(([href, label]) => (
            <Link
              key={href}
              href={href!}
              className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 no-underline hover:bg-slate-100 hover:no-underline"
            >
              {label}
            </Link>
          ))}
        </div>
      </div>
      {volumes.length > 0 ? <PaperSearchForm /> : null}
      {volumes.length === 0 ? (
        <div className="rounded-lg border border-slate-200 bg-white p-6">
          <p className="font-medium">No volumes yet.</p>
          <p className="text-slate-700">
            <Link href="/editor/import">Import a CSV of accepted papers</Link> to create the first one.
          </p>
        </div>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Signing progress by volume, newest first</caption>
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                <th scope="col" className="px-4 py-2">Volume</th>
                <th scope="col" className="px-4 py-2 text-right">Papers</th>
                <th scope="col" className="px-4 py-2 text-right">Signed</th>
                <th scope="col" className="px-4 py-2 text-right">Awaiting</th>
                <th scope="col" className="px-4 py-2">Progress</th>
                <th scope="col" className="px-4 py-2">Clause 7</th>
              </tr>
            </thead>
            <tbody>
              {volumes.map((volume) => {
                const signable = volume.total - volume.withdrawn;
                const lapse = lapseCounts.get(volume.number);
                return (
                  <tr key={volume.id} className="border-t border-slate-200">
                    <th scope="row" className="px-4 py-3 font-normal">
                      <Link href={`/editor/volumes/${volume.number}`} className="font-medium">
                        {volume.number} · {volume.name}
                      </Link>
                    </th>
                    <td className="px-4 py-3 text-right tabular-nums">{volume.total}</td>
                    <td className="px-4 py-3 text-right tabular-nums">{volume.signed}</td>
                    <td className="px-4 py-3 text-right tabular-nums">{volume.awaiting}</td>
                    <td className="min-w-40 px-4 py-3">
                      <div className="flex items-center gap-2">
                        <progress
                          value={volume.signed}
                          max={Math.max(signable, 1)}
                          aria-label={`${volume.name}: ${volume.signed} of ${signable} signed`}
                          className="h-2.5 w-full overflow-hidden rounded-full [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-emerald-600"
                        />
                        <span className="w-12 text-right tabular-nums text-slate-700">{signedPercentLabel(volume.signed, signable)}</span>
                      </div>
                    </td>
                    <td className="px-4 py-3">
                      {lapse ? (
                        <Link href={`/editor/volumes/${volume.number}#clause-7`} className={lapse.lapsed ? 'text-red-800' : 'text-amber-900'}>
                          {[lapse.lapsed ? `${lapse.lapsed} lapsed` : '', lapse.atRisk ? `${lapse.atRisk} at risk` : ''].filter(Boolean).join(', ')}
                        </Link>
                      ) : (
                        <span className="text-slate-600">Nothing at risk</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <section aria-labelledby="clause-7-heading" className="space-y-3">
        <h2 id="clause-7-heading" className="text-lg font-semibold">
          Agreements at risk under clause 7
        </h2>
        <p className="text-slate-700">
          A signed agreement ends if its paper is not published within a year of signature. Listed: signed papers not
          recorded as published whose agreement lapses within {getEnv().LAPSE_WARNING_DAYS} days, or has lapsed.
        </p>
        {lapsing.length === 0 ? (
          <p className="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-emerald-950">
            Nothing at risk: every signed paper is published or has more than {getEnv().LAPSE_WARNING_DAYS} days to go.
          </p>
        ) : (
          <>
            <LapseTable
              rows={lapsing.slice(0, LAPSE_LIST_LIMIT)}
              now={now}
              showVolume
              caption="Signed papers at risk under clause 7, or lapsed, soonest first"
            />
            {lapsing.length > LAPSE_LIST_LIMIT ? (
              <p className="text-sm text-slate-700">
                {countOf(lapsing.length - LAPSE_LIST_LIMIT, 'more paper')} on the volume pages.
              </p>
            ) : null}
          </>
        )}
      </section>
    </div>
  );
}
