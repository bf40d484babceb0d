import type { Metadata } from 'next';
import Link from 'next/link';

import { requireVolumeEditor } from '@/lib/auth/authorization';
import { orNotFound, requireSignedIn } from '@/lib/auth/current-user';

import { RekeyForm } from './rekey-form';

export const metadata: Metadata = { title: 'PMLR keys' };

export default async function KeysPage(props: { params: Promise<{ volume: string }> }) {
  const { volume: volumeParam } = await props.params;
  const user = await requireSignedIn(`/editor/volumes/${volumeParam}/keys`);
  const volume = await orNotFound(requireVolumeEditor(user, Number(volumeParam)));
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href={`/editor/volumes/${volume.number}`}>← Volume {volume.number}</Link>
      </p>
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">PMLR keys from the volume’s BibTeX</h1>
        <p className="max-w-3xl text-slate-700">
          Papers imported from CMT or OpenReview have provisional keys until the volume’s BibTeX gives each its PMLR key
          (<code>turner22a</code>). Entries match papers by their OpenReview id where the BibTeX has an{' '}
          <code>openreview</code> field, otherwise by title (ignoring case, accents and punctuation). Nothing changes until you
          confirm; signed records keep the title and authors they were signed with.
        </p>
      </header>
      <RekeyForm volumeNumber={volume.number} />
    </div>
  );
}
