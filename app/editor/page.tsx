import type { Metadata } from 'next';
import Link from 'next/link';

import { requireEditorPage } from '@/lib/auth/current-user';
import { listVolumeOverview } from '@/lib/editor/list-volume-overview';
import { signedPercentLabel } from '@/lib/format/progress';

export const metadata: Metadata = { title: 'Editor' };

export default async function EditorPage() {
  const user = await requireEditorPage('/editor');
  const volumes = await listVolumeOverview(user);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Proceedings volumes</h1>
          <p className="text-slate-700">Who has signed their publication agreement, volume by volume.</p>
        </div>
        <Link
          href="/editor/import"
          className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 no-underline hover:bg-slate-100 hover:no-underline"
        >
          Import accepted papers
        </Link>
      </div>
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
              </tr>
            </thead>
            <tbody>
              {volumes.map((volume) => {
                const signable = volume.total - volume.withdrawn;
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
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
