import type { Metadata } from 'next';
import Link from 'next/link';

import { requireEditorPage } from '@/lib/auth/current-user';

import { PublicationImportForm } from './publication-form';

export const metadata: Metadata = { title: 'Record publication' };

export default async function PublicationPage() {
  await requireEditorPage('/editor/publication');
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href="/editor">← All volumes</Link>
      </p>
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">Record publication</h1>
        <p className="max-w-3xl text-slate-700">
          When papers appear, record when and where: authors see it on their paper, clause 7 stops warning, and the
          pipeline’s webhooks hear <code>paper.published</code>. For a whole volume at one date, use “Mark the volume
          published” on the volume page instead.
        </p>
      </header>
      <PublicationImportForm />
    </div>
  );
}
