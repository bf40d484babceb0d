import type { Metadata } from 'next';
import Link from 'next/link';

import { ActionForm } from '@/components/action-form';
import { TextField } from '@/components/text-field';
import { latestAgreementVersionNumbers } from '@/lib/agreements/list-agreement-versions';
import { requireAdminPage } from '@/lib/auth/current-user';
import { listPeople } from '@/lib/people/list-people';
import { listVolumesForAdmin } from '@/lib/volumes/manage-volumes';

import { addEditorAction, createVolumeAction, removeEditorAction, setAdminAction } from './actions';

export const metadata: Metadata = { title: 'Admin' };

const input = 'mt-1 block w-full rounded-md border border-slate-400 bg-white px-3 py-2';

export default async function AdminPage() {
  const admin = await requireAdminPage('/admin');
  const [people, volumes, versions] = await Promise.all([
    listPeople(admin),
    listVolumesForAdmin(admin),
    latestAgreementVersionNumbers(admin),
  ]);
  const editors = people.filter((person) => person.volumes.length > 0);
  const admins = people.filter((person) => person.isAdmin);

  return (
    <div className="space-y-10">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Admin</h1>
          <p className="text-slate-700">Volumes, the editors of each, and who administers the portal.</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Link
            href="/admin/agreements"
            className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 no-underline hover:bg-slate-100 hover:no-underline"
          >
            Agreement versions
          </Link>
          <Link
            href="/admin/checkpoints"
            className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 no-underline hover:bg-slate-100 hover:no-underline"
          >
            Evidence checkpoints
          </Link>
        </div>
      </div>

      <section aria-labelledby="volumes-heading" className="space-y-4">
        <h2 id="volumes-heading" className="text-xl font-semibold">
          Volumes
        </h2>
        {volumes.length === 0 ? (
          <p className="text-slate-700">No volumes yet. Create the first one below, then add its editors.</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Volumes and the agreement version their authors sign</caption>
              <thead className="bg-slate-100 text-slate-700">
                <tr>
                  <th scope="col" className="px-4 py-2">Volume</th>
                  <th scope="col" className="px-4 py-2">Agreement</th>
                  <th scope="col" className="px-4 py-2">Editors</th>
                </tr>
              </thead>
              <tbody>
                {volumes.map((volume) => (
                  <tr key={volume.id} className="border-t border-slate-200">
                    <th scope="row" className="px-4 py-2 font-normal">
                      <Link href={`/editor/volumes/${volume.number}`}>
                        {volume.number} · {volume.name}
                      </Link>
                    </th>
                    <td className="px-4 py-2">{volume.agreementVersion ? `Version ${volume.agreementVersion}` : 'None chosen'}</td>
                    <td className="px-4 py-2">
                      {editors
                        .filter((person) => person.volumes.some((edited) => edited.number === volume.number))
                        .map((person) => person.email)
                        .join(', ') || <span className="text-slate-600">None yet</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <details className="rounded-lg border border-slate-200 bg-white p-4">
          <summary className="cursor-pointer font-medium">Create a volume</summary>
          <ActionForm action={createVolumeAction} submitLabel="Create volume" pendingLabel="Creating…" className="mt-3 grid gap-3 sm:grid-cols-3 sm:items-end">
            <TextField id="volume-number" label="Volume number" name="number" inputMode="numeric" required />
            <TextField id="volume-name" label="Short name" name="name" placeholder="AISTATS 2026" required />
            <div>
              <label htmlFor="volume-agreement" className="block text-sm font-medium">Agreement version</label>
              <select id="volume-agreement" name="agreementVersion" defaultValue={versions[0]} className={input}>
                {versions.map((version) => (
                  <option key={version} value={version}>
                    Version {version}
                    {version === versions[0] ? ' (latest)' : ''}
                  </option>
                ))}
              </select>
            </div>
          </ActionForm>
        </details>
      </section>

      <section aria-labelledby="editors-heading" className="space-y-4">
        <h2 id="editors-heading" className="text-xl font-semibold">
          Editors
        </h2>
        <p className="text-slate-700">
          An editor sees and acts on their volumes only: progress, evidence, voids, exports and imports.
        </p>
        {editors.length === 0 ? (
          <p className="text-slate-700">No editors yet.</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" aria-label="Editors and their volumes">
            {editors.map((person) => (
              <li key={person.email} className="flex flex-wrap items-start justify-between gap-3 px-4 py-3">
                <div>
                  <p className="font-medium">{person.name ?? person.email}</p>
                  {person.name ? <p className="text-sm text-slate-700">{person.email}</p> : null}
                </div>
                <ul className="flex flex-wrap gap-2" aria-label={`Volumes of ${person.email}`}>
                  {person.volumes.map((volume) => (
                    <li key={volume.number} className="flex items-center gap-2 rounded-full border border-slate-300 py-0.5 pl-3 pr-1 text-sm">
                      <span>Volume {volume.number}</span>
                      <ActionForm
                        action={removeEditorAction}
                        submitLabel={`Remove`}
                        pendingLabel="Removing…"
                        variant="quiet"
                        className="flex items-center gap-2"
                      >
                        <input type="hidden" name="userId" value={person.id ?? ''} />
                        <input type="hidden" name="volume" value={volume.number} />
                        <span className="sr-only">{`${person.email} from volume ${volume.number}:`}</span>
                      </ActionForm>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <h3 className="font-medium">Add an editor</h3>
          <ActionForm action={addEditorAction} submitLabel="Add editor" pendingLabel="Adding…" className="mt-3 grid gap-3 sm:grid-cols-3 sm:items-end">
            <TextField id="editor-email" label="Editor’s email" name="email" type="email" autoComplete="off" required />
            <TextField id="editor-name" label="Editor’s name (optional)" name="name" autoComplete="off" />
            <div>
              <label htmlFor="editor-volume" className="block text-sm font-medium">Volume</label>
              <select id="editor-volume" name="volume" required className={input} defaultValue="">
                <option value="" disabled>
                  Choose a volume
                </option>
                {volumes.map((volume) => (
                  <option key={volume.id} value={volume.number}>
                    {volume.number} · {volume.name}
                  </option>
                ))}
              </select>
            </div>
          </ActionForm>
        </div>
      </section>

      <section aria-labelledby="admins-heading" className="space-y-4">
        <h2 id="admins-heading" className="text-xl font-semibold">
          Admins
        </h2>
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" aria-label="Admins">
          {admins.map((person) => (
            <li key={person.email} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
              <span>
                {person.email}
                {person.isAdminByConfiguration ? <span className="text-sm text-slate-600"> (from ADMIN_EMAILS)</span> : null}
                {person.email === admin.email ? <span className="text-sm text-slate-600"> (you)</span> : null}
              </span>
              {!person.isAdminByConfiguration && person.email !== admin.email ? (
                <ActionForm action={setAdminAction} submitLabel="Remove admin rights" pendingLabel="Removing…" variant="quiet" className="flex items-center gap-2">
                  <input type="hidden" name="email" value={person.email} />
                  <input type="hidden" name="grant" value="0" />
                </ActionForm>
              ) : null}
            </li>
          ))}
        </ul>
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <h3 className="font-medium">Make someone an admin</h3>
          <ActionForm action={setAdminAction} submitLabel="Make admin" pendingLabel="Saving…" className="mt-3 flex flex-wrap items-end gap-3">
            <TextField
              id="admin-email"
              label="New admin’s email"
              name="email"
              type="email"
              autoComplete="off"
              required
              className="min-w-64 flex-1"
            />
            <input type="hidden" name="grant" value="1" />
          </ActionForm>
        </div>
      </section>
    </div>
  );
}
