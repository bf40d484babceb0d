import type { Metadata } from 'next';

import { ActionForm } from '@/components/action-form';
import { formatUtc } from '@/lib/agreements/format-time';
import { requireAdminPage } from '@/lib/auth/current-user';
import { listCheckpointsForAdmin } from '@/lib/evidence/checkpoint';
import { getEnv } from '@/lib/env';

import { takeCheckpointAction } from './actions';

export const metadata: Metadata = { title: 'Evidence checkpoints' };

export default async function CheckpointsPage() {
  const admin = await requireAdminPage('/admin/checkpoints');
  const checkpoints = await listCheckpointsForAdmin(admin);
  const every = getEnv().CHECKPOINT_EVERY_EVENTS;

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Evidence checkpoints</h1>
        <p className="mt-1 max-w-3xl text-slate-700">
          A checkpoint is the portal’s sealed statement of its evidence at one moment: how many audit events there were and the hash of the
          last, and a running hash over every signature record, seal and PDF hash. Whoever runs the database can change rows, but cannot
          make them match a checkpoint kept elsewhere. One is taken every day at 02:15 UTC when anything changed and after every {every}{' '}
          audit events, and each is emailed to every admin.
        </p>
      </div>

      <section aria-labelledby="keep-heading" className="space-y-2 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="keep-heading" className="text-lg font-semibold">
          Keep them, then check the database against them
        </h2>
        <p className="text-slate-700">
          Keep the emailed files (or downloads) somewhere the database’s operators cannot change. To prove the database still holds exactly
          what a checkpoint covered:
        </p>
        <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 text-sm text-slate-50">
          <code>npm run audit:verify -- --checkpoint evidence-checkpoint-N.json --keys agreement-seal-keys.json</code>
        </pre>
        <p className="text-sm text-slate-700">
          <code>--keys</code> is an archived copy of <a href="/.well-known/agreement-seal-keys.json">the published seal keys</a>, so that
          the check does not trust the database’s own key ring either.
        </p>
        <ActionForm action={takeCheckpointAction} submitLabel="Take a checkpoint now" pendingLabel="Verifying the evidence…" />
      </section>

      <section aria-labelledby="list-heading" className="space-y-3">
        <h2 id="list-heading" className="text-lg font-semibold">
          Checkpoints
        </h2>
        {checkpoints.length === 0 ? (
          <p className="text-slate-700">No checkpoint yet. The first is taken tonight, or now with the button above.</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Evidence checkpoints, newest first</caption>
              <thead className="bg-slate-100 text-slate-700">
                <tr>
                  <th scope="col" className="px-4 py-2">
                    Checkpoint
                  </th>
                  <th scope="col" className="px-4 py-2">
                    Taken (UTC)
                  </th>
                  <th scope="col" className="px-4 py-2 text-right">
                    Audit events
                  </th>
                  <th scope="col" className="px-4 py-2 text-right">
                    Signatures
                  </th>
                  <th scope="col" className="px-4 py-2">
                    Chain head
                  </th>
                  <th scope="col" className="px-4 py-2">
                    <span className="sr-only">Download</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {checkpoints.map((checkpoint) => (
                  <tr key={checkpoint.id} className="border-t border-slate-200">
                    <td className="px-4 py-2 font-medium">#{checkpoint.id}</td>
                    <td className="px-4 py-2">{formatUtc(checkpoint.createdAt)}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{checkpoint.auditCount.toLocaleString('en')}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{checkpoint.signatureCount.toLocaleString('en')}</td>
                    <td className="px-4 py-2 font-mono text-xs" title={checkpoint.auditHeadHash}>
                      {checkpoint.auditHeadHash.slice(0, 16)}…
                    </td>
                    <td className="px-4 py-2">
                      <a href={`/admin/checkpoints/${checkpoint.id}`} download>
                        Download<span className="sr-only"> checkpoint {checkpoint.id}</span>
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
