import type { Metadata } from 'next';

import { requireEditor } from '@/lib/auth/current-user';
import { listVolumes } from '@/lib/volumes/list-volumes';

export const metadata: Metadata = { title: 'Editor' };

export default async function EditorPage() {
  const user = await requireEditor('/editor');
  const volumes = await listVolumes(user);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Editor area</h1>
        <p className="text-slate-700">
          Proceedings volumes and their accepted papers. Signature tracking per volume is coming next.
        </p>
      </div>
      {volumes.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-6">
          No volumes yet. Import accepted papers with <code>npm run papers:import -- FILE.csv</code>.
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Proceedings volumes</caption>
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                <th scope="col" className="px-4 py-2">Volume</th>
                <th scope="col" className="px-4 py-2">Name</th>
                <th scope="col" className="px-4 py-2 text-right">Papers</th>
                <th scope="col" className="px-4 py-2 text-right">Accepted</th>
              </tr>
            </thead>
            <tbody>
              {volumes.map((volume) => (
                <tr key={volume.id} className="border-t border-slate-200">
                  <td className="px-4 py-2">{volume.number}</td>
                  <td className="px-4 py-2">{volume.name}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{volume.paperCount}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{volume.acceptedCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
